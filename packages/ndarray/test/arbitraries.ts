// fast-check arbitraries for the tensor tests: shapes (rank 0..4, with size-0 and size-1
// axes), values, memory layouts (contiguous, transposed, stepped slices with negative
// steps, broadcast, raw strides) and axis specs. NDArrays carry a readable description
// for counterexamples.
import { fc } from "@tsgrad/testing/vitest";
import { type DType, NDArray, broadcastTo, permute, slice, type SliceRange } from "@tsgrad/ndarray";
import { indexTuples, sizeOf } from "./reference.js";

export const DTYPES: readonly DType[] = ["float32", "float64", "int32"];
export const arbDType: fc.Arbitrary<DType> = fc.constantFrom(...DTYPES);
export const arbFloatDType: fc.Arbitrary<DType> = fc.constantFrom<DType>("float32", "float64");

/**
 * Kinds of element values:
 * - `nice`: multiples of 1/4 in [-10, 10], so sums and means are exact in any order;
 * - `general`: any double in [-1000, 1000] (including -0 and subnormals);
 * - `special`: general values mixed with NaN, ±Infinity and ±0;
 * - `pow2`: 0 and ±2^k for k in -2..1, so products are exact in any order.
 * int32 tensors get integers in [-20, 20] (in [-2, 2] for `pow2`).
 */
export type ValueKind = "nice" | "general" | "special" | "pow2";

export function arbValue(dtype: DType, kind: ValueKind): fc.Arbitrary<number> {
  if (kind === "pow2") return dtype === "int32" ? fc.integer({ min: -2, max: 2 }) : fc.constantFrom(0, 0.25, -0.25, 0.5, -0.5, 1, -1, 2, -2);
  if (dtype === "int32") return fc.integer({ min: -20, max: 20 });
  const nice = fc.integer({ min: -40, max: 40 }).map((k) => k / 4);
  const general = fc.double({ min: -1000, max: 1000, noNaN: true });
  if (kind === "nice") return nice;
  if (kind === "general") return fc.oneof(nice, general);
  return fc.oneof(
    { weight: 4, arbitrary: general },
    { weight: 2, arbitrary: nice },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
  );
}

/** Largest axis size per rank, so a tensor has at most a few hundred elements. */
export function maxSideFor(rank: number): number {
  return rank <= 2 ? 5 : rank === 3 ? 4 : 3;
}

/** An axis size: mostly 2..max, often 1, sometimes 0. */
export function arbSide(max: number, allowZero = true): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: allowZero ? 1 : 0, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.constant(1) },
    { weight: 10, arbitrary: fc.integer({ min: Math.min(2, max), max }) },
  );
}

export interface ShapeOptions {
  minRank?: number;
  maxRank?: number;
  allowZero?: boolean;
  /** Overrides the per-rank largest size. */
  maxSide?: number;
}

export function arbShape(opts: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 4, allowZero = true } = opts;
  return fc
    .integer({ min: minRank, max: maxRank })
    .chain((rank) => fc.array(arbSide(opts.maxSide ?? maxSideFor(rank), allowZero), { minLength: rank, maxLength: rank }));
}

/** How a tensor of a given shape is laid out in memory. */
export type Layout =
  | { kind: "contiguous" }
  /** view = permute(base, axes) */
  | { kind: "permuted"; axes: number[] }
  /** view = slice(base, …) with these steps (negative allowed) and leading pads */
  | { kind: "stepped"; steps: number[]; pads: number[] }
  /** stepped slice of a permuted base, then permuted back to the shape */
  | { kind: "steppedPermuted"; axes: number[]; steps: number[]; pads: number[] }
  /** view = broadcastTo(base, shape), base with `lead` fewer axes and size 1 where `ones` */
  | { kind: "broadcast"; lead: number; ones: boolean[] }
  /** new NDArray(storage, shape, strides, offset) with arbitrary (possibly negative, zero) strides */
  | { kind: "strided"; strides: number[]; extra: number };

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function arbPermutation(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray(range(n), { minLength: n, maxLength: n });
}

export function arbLayout(shape: readonly number[], opts: { nonContiguous?: boolean } = {}): fc.Arbitrary<Layout> {
  const r = shape.length;
  const steps = fc.array(fc.constantFrom(-2, -1, 1, 2), { minLength: r, maxLength: r });
  const pads = fc.array(fc.integer({ min: 0, max: 1 }), { minLength: r, maxLength: r });
  const kinds: fc.Arbitrary<Layout>[] = [
    arbPermutation(r).map((axes): Layout => ({ kind: "permuted", axes })),
    fc.record({ steps, pads }).map((p): Layout => ({ kind: "stepped", ...p })),
    fc.record({ axes: arbPermutation(r), steps, pads }).map((p): Layout => ({ kind: "steppedPermuted", ...p })),
    fc
      .record({
        lead: fc.integer({ min: 0, max: r }),
        ones: fc.array(fc.boolean(), { minLength: r, maxLength: r }),
      })
      .map((p): Layout => ({ kind: "broadcast", ...p })),
    fc
      .record({
        strides: fc.array(fc.integer({ min: -7, max: 7 }), { minLength: r, maxLength: r }),
        extra: fc.integer({ min: 0, max: 2 }),
      })
      .map((p): Layout => ({ kind: "strided", ...p })),
  ];
  if (!opts.nonContiguous) kinds.unshift(fc.constant<Layout>({ kind: "contiguous" }), fc.constant<Layout>({ kind: "contiguous" }));
  return fc.oneof(...kinds);
}

/** Storage filler that no correct kernel ever reads. */
export const POISON: Record<DType, number> = { float32: -987654.25, float64: -9.87654321e300, int32: -987654 };

function storageFor(dtype: DType, n: number): Float32Array | Float64Array | Int32Array {
  const s = dtype === "float32" ? new Float32Array(n) : dtype === "float64" ? new Float64Array(n) : new Int32Array(n);
  s.fill(POISON[dtype]);
  return s;
}

function steppedView(base: NDArray, steps: readonly number[], pads: readonly number[], shape: readonly number[]): NDArray {
  const ranges: SliceRange[] = shape.map((d, i) => {
    const step = steps[i]!;
    const pad = pads[i]!;
    if (d === 0) return [0, 0, step];
    if (step > 0) return [pad, pad + (d - 1) * step + 1, step];
    const start = base.shape[i]! - 1 - pad;
    const stop = start + (d - 1) * step - 1;
    return [start, stop < 0 ? null : stop, step];
  });
  return slice(base, ranges);
}

function steppedBaseShape(shape: readonly number[], steps: readonly number[], pads: readonly number[]): number[] {
  return shape.map((d, i) => (d === 0 ? pads[i]! : (d - 1) * Math.abs(steps[i]!) + 1 + pads[i]!));
}

/** An empty view of `shape` in `layout` over a poisoned storage. */
export function layoutView(shape: readonly number[], dtype: DType, layout: Layout): NDArray {
  switch (layout.kind) {
    case "contiguous":
      return new NDArray(storageFor(dtype, sizeOf(shape)), shape.slice());
    case "permuted": {
      const baseShape = new Array<number>(shape.length);
      layout.axes.forEach((a, i) => (baseShape[a] = shape[i]!));
      return permute(new NDArray(storageFor(dtype, sizeOf(baseShape)), baseShape), layout.axes);
    }
    case "stepped": {
      const baseShape = steppedBaseShape(shape, layout.steps, layout.pads);
      return steppedView(new NDArray(storageFor(dtype, sizeOf(baseShape)), baseShape), layout.steps, layout.pads, shape);
    }
    case "steppedPermuted": {
      const inner = new Array<number>(shape.length);
      layout.axes.forEach((a, i) => (inner[a] = shape[i]!));
      const baseShape = steppedBaseShape(inner, layout.steps, layout.pads);
      const stepped = steppedView(new NDArray(storageFor(dtype, sizeOf(baseShape)), baseShape), layout.steps, layout.pads, inner);
      return permute(stepped, layout.axes);
    }
    case "broadcast": {
      const baseShape = shape.slice(layout.lead).map((d, i) => (layout.ones[i + layout.lead] ? 1 : d));
      return broadcastTo(new NDArray(storageFor(dtype, sizeOf(baseShape)), baseShape), shape);
    }
    case "strided": {
      let offset = 0;
      let last = 0;
      shape.forEach((d, i) => {
        const s = layout.strides[i]!;
        if (d > 0 && s < 0) offset += -s * (d - 1);
        if (d > 0 && s > 0) last += s * (d - 1);
      });
      const length = offset + last + 1 + layout.extra;
      return new NDArray(storageFor(dtype, length), shape.slice(), layout.strides.slice(), offset);
    }
  }
}

/** Writes `values` (row-major) through the view's strides; aliased positions keep the last write. */
export function fillView(view: NDArray, values: readonly number[]): NDArray {
  const s = view.storage;
  indexTuples(view.shape).forEach((idx, k) => {
    let p = view.offset;
    for (let i = 0; i < idx.length; i++) p += idx[i]! * view.strides[i]!;
    s[p] = values[k]!;
  });
  return view;
}

function describe(t: NDArray, layout: Layout): string {
  const vals = Array.from(indexTuples(t.shape), (idx) => {
    let p = t.offset;
    for (let i = 0; i < idx.length; i++) p += idx[i]! * t.strides[i]!;
    return t.storage[p]!;
  });
  return `NDArray(${JSON.stringify(t.shape)}, ${t.dtype}, ${JSON.stringify(layout)}, values=[${vals.map((v) => (Object.is(v, -0) ? "-0" : String(v))).join(", ")}])`;
}

/** A tensor of `shape` and `dtype` holding `values` in `layout`, printable by fast-check. */
export function makeTensor(shape: readonly number[], dtype: DType, layout: Layout, values: readonly number[]): NDArray {
  const t = fillView(layoutView(shape, dtype, layout), values);
  const text = describe(t, layout);
  Object.defineProperty(t, fc.toStringMethod, { value: () => text, enumerable: false });
  return t;
}

export interface NDArrayOptions {
  dtype?: DType | fc.Arbitrary<DType>;
  kind?: ValueKind;
  /** Include non-contiguous layouts (default true). */
  layouts?: boolean;
  /** Only non-contiguous layouts. */
  nonContiguous?: boolean;
}

function dtypeArb(d: NDArrayOptions["dtype"]): fc.Arbitrary<DType> {
  if (d === undefined) return arbDType;
  return typeof d === "string" ? fc.constant(d) : d;
}

/** A tensor of exactly `shape`. */
export function arbTensorOfShape(shape: readonly number[], opts: NDArrayOptions = {}): fc.Arbitrary<NDArray> {
  const n = sizeOf(shape);
  return dtypeArb(opts.dtype).chain((dtype) =>
    fc
      .record({
        layout: opts.layouts === false ? fc.constant<Layout>({ kind: "contiguous" }) : arbLayout(shape, { nonContiguous: opts.nonContiguous ?? false }),
        values: fc.array(arbValue(dtype, opts.kind ?? "special"), { minLength: n, maxLength: n }),
      })
      .map(({ layout, values }) => makeTensor(shape, dtype, layout, values)),
  );
}

/** A tensor of a random shape. */
export function arbTensor(opts: NDArrayOptions & ShapeOptions = {}): fc.Arbitrary<NDArray> {
  return arbShape(opts).chain((shape) => arbTensorOfShape(shape, opts));
}

/**
 * Shapes that broadcast together: a common output shape, from which each operand drops
 * some leading axes and sets some axes to 1.
 */
export function arbBroadcastShapes(count: number, opts: ShapeOptions = {}): fc.Arbitrary<number[][]> {
  return arbShape(opts).chain((out) =>
    fc.tuple(
      ...range(count).map(() =>
        fc
          .record({
            lead: fc.integer({ min: 0, max: out.length }),
            ones: fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
          })
          .map(({ lead, ones }) => out.slice(lead).map((d, i) => (ones[i + lead] ? 1 : d))),
      ),
    ),
  );
}

/** NDArrays whose shapes broadcast together, each with its own dtype and layout. */
export function arbBroadcastTensors(count: number, opts: NDArrayOptions & ShapeOptions = {}): fc.Arbitrary<NDArray[]> {
  return arbBroadcastShapes(count, opts).chain((shapes) => fc.tuple(...shapes.map((s) => arbTensorOfShape(s, opts))));
}

/** Two shapes that do not broadcast: sizes ≥ 2 that differ at one aligned axis. */
export const arbClashingShapes: fc.Arbitrary<[number[], number[]]> = fc
  .record({
    a: arbShape({ minRank: 1, maxRank: 3, allowZero: false }),
    b: arbShape({ minRank: 1, maxRank: 3, allowZero: false }),
    sizes: fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).filter(([x, y]) => x !== y),
    back: fc.nat(),
  })
  .map(({ a, b, sizes, back }) => {
    const k = back % Math.min(a.length, b.length);
    const a2 = a.slice();
    const b2 = b.slice();
    a2[a2.length - 1 - k] = sizes[0];
    b2[b2.length - 1 - k] = sizes[1];
    return [a2, b2];
  });

/** An axis spec for a reduction over a tensor of rank `rank`: all, one (maybe negative), or a list. */
export function arbAxisSpec(rank: number): fc.Arbitrary<number | number[] | undefined> {
  const options: fc.Arbitrary<number | number[] | undefined>[] = [fc.constant(undefined)];
  if (rank > 0) {
    options.push(fc.integer({ min: -rank, max: rank - 1 }));
    options.push(
      fc
        .shuffledSubarray(range(rank))
        .chain((axes) => fc.tuple(...axes.map((a) => fc.boolean().map((neg) => (neg ? a - rank : a)))))
        .map((axes) => axes.slice()),
    );
  }
  return fc.oneof(...options);
}

/** The distinct non-negative axes an axis spec names, sorted. */
export function normalizeAxisSpec(spec: number | number[] | undefined, rank: number): number[] {
  if (spec === undefined) return range(rank);
  const list = typeof spec === "number" ? [spec] : spec;
  return [...new Set(list.map((a) => (a < 0 ? a + rank : a)))].sort((x, y) => x - y);
}
