// The behaviour the one-Tensor API added — reduction axes and their errors, argmax/argmin, comparisons, creation, tensor(t),
// grad mode around async code, the operand rule, toString — against plain-JS references (engine-tensor.test.ts checks methods ≡ functions).
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { AxisError, DTypeError, TsgradError, ValueError } from "@tsgrad/ndarray";
import * as ag from "@tsgrad/autograd";
import { Tensor, tensor } from "@tsgrad/autograd";
import { arbBroadcastPair, arbSeed, broadcastIndexMap, expectClose, sizeOf } from "./engine-helpers.js";

// ----------------------------------------------------------------------------------------
// Helpers

/** The error `fn` throws (failing the test when it throws none). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return expect.fail("expected an error");
}

/** `fn` throws a `type` error raised by `op`, whose message starts with "op: " and matches `pattern`. */
function expectOpError(fn: () => unknown, type: typeof TsgradError, op: string, pattern: RegExp): void {
  const e = caught(fn);
  expect(e).toBeInstanceOf(type);
  expect((e as TsgradError).op).toBe(op);
  expect((e as Error).message.startsWith(`${op}: `), (e as Error).message).toBe(true);
  expect((e as Error).message).toMatch(pattern);
}

/** Elementwise close, NaN where (and only where) NaN is expected — the variance of one element. */
function expectValues(actual: number[], expected: number[]): void {
  expect(actual.map(Number.isNaN)).toEqual(expected.map(Number.isNaN));
  const finite = (xs: number[]): number[] => xs.map((v) => (Number.isNaN(v) ? 0 : v));
  expectClose(finite(actual), finite(expected), { rtol: 1e-12, atol: 1e-12 });
}

/** Flat values of a Tensor as plain numbers. */
function values(x: Tensor): number[] {
  return Array.from(x.toTypedArray());
}

/** A float64 Tensor of standard normal values drawn from `seed`. */
function randomTensor(shape: readonly number[], seed: number, requiresGrad = false): Tensor {
  return tensor(T.randn(shape, { seed, dtype: "float64" }), { requiresGrad });
}

/** A shape of rank `minRank..maxRank`, every size in 1..maxDim. */
function arbShapeOf(minRank: number, maxRank: number, maxDim: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/** A float64 Tensor of the given shape with small integer values 0..2, so ties are common. */
function arbTiedTensor(shape: readonly number[], requiresGrad: boolean): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return fc
    .array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n })
    .map((xs) => tensor(T.ndarray(Float64Array.from(xs), { shape: shape.slice() }), { requiresGrad }));
}

/** An axis spec for rank `rank`: one axis, or a list of distinct axes in any order; any of them negative. */
function arbAxisSpec(rank: number): fc.Arbitrary<number | number[]> {
  const all = Array.from({ length: rank }, (_, i) => i);
  const list = fc
    .shuffledSubarray(all, { minLength: 1 })
    .chain((axes) => fc.array(fc.boolean(), { minLength: axes.length, maxLength: axes.length }).map((neg) => axes.map((a, i) => (neg[i] ? a - rank : a))));
  return fc.oneof(fc.integer({ min: -rank, max: rank - 1 }), list);
}

/** Sorted non-negative axes of a spec. */
function normalized(spec: number | readonly number[] | undefined, rank: number): number[] {
  if (spec === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof spec === "number" ? [spec] : spec;
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/**
 * Reference reduction: the elements of `data` (row-major, `shape`) grouped by their position
 * outside `axes` — each group in increasing order along the reduced axes — and reduced by `f`.
 */
function reduceRef(
  data: ArrayLike<number>,
  shape: readonly number[],
  axes: readonly number[],
  keepdims: boolean,
  f: (xs: number[]) => number,
): { shape: number[]; values: number[] } {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOf(kept) }, () => []);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < sizeOf(shape); flat++) {
    let out = 0;
    for (let i = 0; i < shape.length; i++) out = out * kept[i]! + (axes.includes(i) ? 0 : index[i]!);
    groups[out]!.push(data[flat]!);
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k]!++;
      if (index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return { shape: keepdims ? kept : shape.filter((_, i) => !axes.includes(i)), values: groups.map(f) };
}

const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
/** The unbiased variance (correction 1): NaN for one element, as in PyTorch. */
const varianceOf = (xs: number[]): number => {
  const m = total(xs) / xs.length;
  return total(xs.map((v) => (v - m) ** 2)) / (xs.length - 1);
};
const firstIndexOf = (xs: number[], better: (a: number, b: number) => boolean): number =>
  xs.reduce((best, v, i) => (better(v, xs[best]!) ? i : best), 0);

// ----------------------------------------------------------------------------------------
// Reductions: the axis positionally or in the options

type Reduce = (x: Tensor, axis?: number | readonly number[] | T.ReduceOptions, opts?: T.ReduceOptions) => Tensor;
interface Reduction {
  free: Reduce;
  method: Reduce;
  ref: (xs: number[]) => number;
}

const REDUCTIONS: Record<"sum" | "mean" | "max" | "min" | "variance" | "std", Reduction> = {
  sum: { free: ag.sum, method: (x, a, o) => x.sum(a, o), ref: total },
  mean: { free: ag.mean, method: (x, a, o) => x.mean(a, o), ref: (xs) => total(xs) / xs.length },
  max: { free: ag.max, method: (x, a, o) => x.max(a, o), ref: (xs) => Math.max(...xs) },
  min: { free: ag.min, method: (x, a, o) => x.min(a, o), ref: (xs) => Math.min(...xs) },
  variance: { free: ag.variance, method: (x, a, o) => x.variance(a, o), ref: (xs) => varianceOf(xs) },
  std: { free: ag.std, method: (x, a, o) => x.std(a, o), ref: (xs) => Math.sqrt(varianceOf(xs)) },
};
const REDUCTION_NAMES = Object.keys(REDUCTIONS) as (keyof typeof REDUCTIONS)[];

describe("reductions take the axis positionally or in the options", () => {
  const x = tensor(
    [
      [1, 2, 3],
      [4, 5, 7],
    ],
    { dtype: "float64" },
  );

  it("hand values: sum(x, 1), x.sum(1, { keepdims: true }), x.sum({ axis: [0, 1] })", () => {
    expect(ag.sum(x, 1).toArray()).toEqual([6, 16]);
    expect(x.sum(1, { keepdims: true }).toArray()).toEqual([[6], [16]]);
    expect(x.sum({ axis: [0, 1] }).toArray()).toBe(22);
    expect(x.sum([0, -1], { keepdims: true }).toArray()).toEqual([[22]]);
    expect(ag.mean(x, 0).toArray()).toEqual([2.5, 3.5, 5]);
    expect(x.max(-1, { keepdims: true }).toArray()).toEqual([[3], [7]]);
    expect(x.min({ axis: 0 }).toArray()).toEqual([1, 2, 3]);
    expectClose(values(ag.variance(x, 1, { correction: 0 })), [2 / 3, 14 / 9]);
    expect(x.std({ axis: 0, keepdims: true }).shape).toEqual([1, 3]);
    expectClose(values(x.std({ axis: 0, keepdims: true })), [Math.SQRT2 * 1.5, Math.SQRT2 * 1.5, Math.SQRT2 * 2]);
  });

  it("the positional forms are differentiable like the options forms", () => {
    const w = tensor([[1, 2, 3], [4, 5, 7]], { dtype: "float64", requiresGrad: true });
    w.sum(1).mul(tensor([1, 10], { dtype: "float64" })).sum().backward();
    expect(w.grad!.toArray()).toEqual([
      [1, 1, 1],
      [10, 10, 10],
    ]);
    w.zeroGrad();
    ag.mean(w, 0, { keepdims: true }).sum().backward();
    expect(w.grad!.toArray()).toEqual([
      [0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5],
    ]);
  });

  const arbCase = arbShapeOf(1, 3, 4).chain((shape) =>
    fc.record({ shape: fc.constant(shape), seed: arbSeed, axis: arbAxisSpec(shape.length), keepdims: fc.boolean(), op: fc.constantFrom(...REDUCTION_NAMES) }),
  );

  test.prop([arbCase], { numRuns: 150 })(
    "every form — op(x, axis), op(x, axis, { keepdims }), x.op(axis, …), op(x, { axis, keepdims }), x.op({ … }) — equals the reference",
    ({ shape, seed, axis, keepdims, op }) => {
      const { free, method, ref } = REDUCTIONS[op];
      const x = randomTensor(shape, seed, true);
      const expected = reduceRef(x.toTypedArray(), shape, normalized(axis, shape.length), keepdims, ref);
      const forms: Tensor[] = [free(x, axis, { keepdims }), method(x, axis, { keepdims }), free(x, { axis, keepdims }), method(x, { axis, keepdims })];
      if (!keepdims) forms.push(free(x, axis), method(x, axis));
      for (const y of forms) {
        expect(y.shape).toEqual(expected.shape);
        expect(y.dtype).toBe("float64");
        expect(y.requiresGrad).toBe(true);
        expect(y.node!.primitive.name).toBe(forms[0]!.node!.primitive.name);
        expectValues(values(y), expected.values);
      }
    },
  );
});

describe("reduction arguments of the wrong kind are typed errors naming the op", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const bad = <V>(v: unknown): V => v as V;

  it.each(REDUCTION_NAMES)("%s", (op) => {
    const { free, method } = REDUCTIONS[op];
    for (const f of [free, method]) {
      // The axis given twice: positionally and in the options; or two options objects.
      expectOpError(() => f(x, 1, { axis: 0 }), ValueError, op, /the axis is given twice: positionally and in the options/);
      expectOpError(() => f(x, [0], { axis: [1] }), ValueError, op, /the axis is given twice/);
      expectOpError(() => f(x, { axis: 0 }, { keepdims: true }), ValueError, op, /options given twice/);
      // The same axis twice in a list (also as its negative form).
      expectOpError(() => f(x, [1, 1]), AxisError, op, /axis 1 is repeated in \[1,1\]/);
      expectOpError(() => f(x, { axis: [0, -2] }), AxisError, op, /axis -2 is repeated/);
      // keepdims that is not a boolean, given beside a positional axis or in the options.
      expectOpError(() => f(x, 0, { keepdims: bad(1) }), ValueError, op, /options: invalid keepdims 1; expected true or false/);
      expectOpError(() => f(x, { axis: 0, keepdims: bad("yes") }), ValueError, op, /options: invalid keepdims "yes"; expected true or false/);
      expectOpError(() => f(x, { keepdims: bad(null) }), ValueError, op, /options: invalid keepdims null; expected true or false/);
      // An axis that is neither an integer, a list nor an options object.
      expectOpError(() => f(x, bad("1")), AxisError, op, /axis must be an integer, a list of integers or an options object, got string/);
      expectOpError(() => f(x, bad(null)), AxisError, op, /got null/);
      expectOpError(() => f(x, bad(true)), AxisError, op, /got boolean/);
      expectOpError(() => f(x, { axis: bad("1") }), AxisError, op, /axis must be an integer or a list of integers, got string/);
      expectOpError(() => f(x, { axis: bad(null) }), AxisError, op, /got null/);
      expectOpError(() => f(x, 2), AxisError, op, /axis 2 is out of range/);
      expectOpError(() => f(x, 0, bad(null)), ValueError, op, /options must be an object, got null/);
    }
  });

  const arbRepeat = arbShapeOf(1, 4, 3).chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axis: fc.integer({ min: 0, max: shape.length - 1 }),
      negative: fc.boolean(),
      op: fc.constantFrom(...REDUCTION_NAMES),
      positional: fc.boolean(),
    }),
  );
  test.prop([arbRepeat], { numRuns: 40 })("an axis repeated in a list (as itself or its negative) on random shapes", ({ shape, axis, negative, op, positional }) => {
    const { free } = REDUCTIONS[op];
    const list = [axis, negative ? axis - shape.length : axis];
    const v = tensor(T.ones(shape));
    expectOpError(() => (positional ? free(v, list) : free(v, { axis: list })), AxisError, op, /is repeated/);
  });
});

// ----------------------------------------------------------------------------------------
// argmax and argmin

describe("argmax and argmin", () => {
  it("hand values: flattened by default, along an axis, keepdims; ties give the first index", () => {
    const x = tensor([
      [1, 5, 5],
      [7, 2, 7],
    ]);
    expect(ag.argmax(x).item()).toBe(3);
    expect(ag.argmax(x).shape).toEqual([]);
    expect(x.argmax(1).toArray()).toEqual([1, 0]);
    expect(x.argmax(1, { keepdims: true }).toArray()).toEqual([[1], [0]]);
    expect(x.argmax({ keepdims: true }).toArray()).toEqual([[3]]);
    expect(x.argmin(0).toArray()).toEqual([0, 1, 0]);
    expect(ag.argmin(x, { axis: -1, keepdims: true }).toArray()).toEqual([[0], [1]]);
    expect(ag.argmax(tensor([2, 2, 2])).item()).toBe(0);
    expect(ag.argmin(tensor([3, 1, 1, 1])).item()).toBe(1);
  });

  const arbCase = arbShapeOf(1, 3, 4).chain((shape) =>
    fc.record({
      x: arbTiedTensor(shape, true),
      axis: fc.option(fc.integer({ min: -shape.length, max: shape.length - 1 }), { nil: undefined }),
      keepdims: fc.boolean(),
      op: fc.constantFrom("argmax" as const, "argmin" as const),
    }),
  );

  test.prop([arbCase], { numRuns: 150 })("int32 indices of the first extremum, in every form; no gradient", ({ x, axis, keepdims, op }) => {
    const better = op === "argmax" ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    const axes = normalized(axis, x.ndim);
    const expected = reduceRef(x.toTypedArray(), x.shape, axes, keepdims, (xs) => firstIndexOf(xs, better));
    const free = ag[op];
    const method = (v: Tensor, a?: number | ag.ArgReduceOptions, o?: ag.ArgReduceOptions): Tensor => (op === "argmax" ? v.argmax(a, o) : v.argmin(a, o));
    const forms = [free(x, { axis, keepdims }), method(x, { axis, keepdims }), free(x, axis, { keepdims }), method(x, axis, { keepdims })];
    if (!keepdims) forms.push(free(x, axis), method(x, axis));
    for (const y of forms) {
      expect(y.dtype).toBe("int32");
      expect(y.shape).toEqual(expected.shape);
      expect(values(y)).toEqual(expected.values);
      expect(y.requiresGrad).toBe(false);
      expect(y.node).toBeNull();
    }
  });

  it.each(["argmax", "argmin"] as const)("%s: bad arguments are typed errors naming it", (op) => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const f = ag[op];
    expectOpError(() => f(x, 1, { axis: 0 }), ValueError, op, /the axis is given twice/);
    expectOpError(() => f(x, { axis: 0 }, {}), ValueError, op, /options given twice/);
    expectOpError(() => f(x, [0] as unknown as number), AxisError, op, /axis must be an integer or an options object, got an array/);
    expectOpError(() => f(x, "0" as unknown as number), AxisError, op, /got string/);
    expectOpError(() => f(x, null as unknown as number), AxisError, op, /got null/);
    expectOpError(() => f(x, 0, { keepdims: 1 as unknown as boolean }), ValueError, op, /options: invalid keepdims 1; expected true or false/);
    expectOpError(() => f(x, -3), AxisError, op, /axis -3 is out of range/);
  });
});

// ----------------------------------------------------------------------------------------
// Comparisons

const COMPARISONS = {
  eq: (a: number, b: number) => a === b,
  ne: (a: number, b: number) => a !== b,
  lt: (a: number, b: number) => a < b,
  le: (a: number, b: number) => a <= b,
  gt: (a: number, b: number) => a > b,
  ge: (a: number, b: number) => a >= b,
} as const;
type Comparison = keyof typeof COMPARISONS;
const COMPARISON_NAMES = Object.keys(COMPARISONS) as Comparison[];

describe("comparisons", () => {
  const arbCase = arbBroadcastPair({ maxRank: 3, maxDim: 3 }).chain(({ a, b, out }) =>
    fc.record({ a: arbTiedTensor(a, true), b: arbTiedTensor(b, true), out: fc.constant(out), op: fc.constantFrom(...COMPARISON_NAMES) }),
  );

  test.prop([arbCase], { numRuns: 150 })("int32 masks of 0 and 1 with broadcasting; no gradient even from requiresGrad inputs", ({ a, b, out, op }) => {
    const pred = COMPARISONS[op];
    const av = values(a);
    const bv = values(b);
    const ia = broadcastIndexMap(a.shape, out);
    const ib = broadcastIndexMap(b.shape, out);
    const expected = ia.map((i, k) => (pred(av[i]!, bv[ib[k]!]!) ? 1 : 0));
    // Both operands Tensors, the method form, and an NDArray beside a Tensor on either side.
    for (const y of [ag[op](a, b), a[op](b), ag[op](a, b.data), ag[op](a.data, b)]) {
      expect(y.dtype).toBe("int32");
      expect(y.shape).toEqual(out);
      expect(values(y)).toEqual(expected);
      expect(y.requiresGrad).toBe(false);
      expect(y.node).toBeNull();
    }
  });

  test.prop([arbShapeOf(0, 3, 3).chain((s) => arbTiedTensor(s, true)), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...COMPARISON_NAMES)], { numRuns: 50 })(
    "a number on either side",
    (x, n, op) => {
      const pred = COMPARISONS[op];
      expect(values(ag[op](x, n))).toEqual(values(x).map((v) => (pred(v, n) ? 1 : 0)));
      expect(values(ag[op](n, x))).toEqual(values(x).map((v) => (pred(n, v) ? 1 : 0)));
    },
  );

  it("hand values; a number beside an int32 Tensor keeps its fraction", () => {
    const x = tensor([1, 2, 3]);
    expect(x.eq(2).toArray()).toEqual([0, 1, 0]);
    expect(ag.lt(x, tensor([[2], [3]])).toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(tensor([1, 2], { dtype: "int32" }).lt(1.5).toArray()).toEqual([1, 0]);
  });

  it("a mask is a constant in a graph, and a graph of masks has nothing to differentiate", () => {
    const x = tensor([-1, 2, 3], { dtype: "float64", requiresGrad: true });
    x.gt(0).mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 1]);
    expectOpError(() => x.eq(2).sum().backward(), TsgradError, "backward", /does not require grad/);
  });
});

// ----------------------------------------------------------------------------------------
// Creation functions

type FloatDType = "float32" | "float64";
interface Creator {
  make: (shape: number[], opts: ag.CreationOptions) => Tensor;
  core: (shape: number[], dtype: T.DType) => T.NDArray;
}
const CREATORS: Record<string, Creator> = {
  zeros: { make: (s, o) => ag.zeros(s, o), core: (s, dtype) => T.zeros(s, { dtype }) },
  ones: { make: (s, o) => ag.ones(s, o), core: (s, dtype) => T.ones(s, { dtype }) },
  full: { make: (s, o) => ag.full(s, -2.5, o), core: (s, dtype) => T.full(s, -2.5, { dtype }) },
  rand: { make: (s, o) => ag.rand(s, { ...o, seed: 5 }), core: (s, dtype) => T.rand(s, { seed: 5, dtype }) },
  randn: { make: (s, o) => ag.randn(s, { ...o, seed: 6 }), core: (s, dtype) => T.randn(s, { seed: 6, dtype }) },
  randint: { make: (s, o) => ag.randint(-3, 4, s, { ...o, seed: 7 }), core: (s, dtype) => T.randint(-3, 4, s, { seed: 7, dtype }) },
};

const LIKE: Record<string, (x: Tensor, opts: ag.RandomOptions) => Tensor> = {
  zerosLike: (x, o) => ag.zerosLike(x, o),
  onesLike: (x, o) => ag.onesLike(x, o),
  fullLike: (x, o) => ag.fullLike(x, 4, o),
  randLike: (x, o) => ag.randLike(x, { ...o, seed: 8 }),
  randnLike: (x, o) => ag.randnLike(x, { ...o, seed: 9 }),
};
const LIKE_CORE: Record<string, (shape: readonly number[], dtype: T.DType) => T.NDArray> = {
  zerosLike: (s, dtype) => T.zeros(s, { dtype }),
  onesLike: (s, dtype) => T.ones(s, { dtype }),
  fullLike: (s, dtype) => T.full(s, 4, { dtype }),
  randLike: (s, dtype) => T.rand(s, { seed: 8, dtype }),
  randnLike: (s, dtype) => T.randn(s, { seed: 9, dtype }),
};

/** Every creation function with its name, called with `opts` (shape-less ones with fixed arguments). */
function everyCreation(opts: ag.CreationOptions): [string, () => Tensor][] {
  const source = tensor([[1, 2]]);
  return [
    ...Object.entries(CREATORS).map(([name, c]): [string, () => Tensor] => [name, () => c.make([2, 3], opts)]),
    ...Object.entries(LIKE).map(([name, f]): [string, () => Tensor] => [name, () => f(source, opts)]),
    ["arange", () => ag.arange(0, 3, 1, opts)],
    ["linspace", () => ag.linspace(0, 1, 3, opts)],
    ["eye", () => ag.eye(2, 3, opts)],
    ["tensor", () => tensor([1, 2], opts)],
  ];
}

describe("creation functions", () => {
  const arbCase = fc.record({
    shape: arbShapeOf(0, 3, 3),
    dtype: fc.constantFrom<FloatDType>("float32", "float64"),
    requiresGrad: fc.boolean(),
    name: fc.constantFrom(...Object.keys(CREATORS)),
  });

  test.prop([arbCase], { numRuns: 100 })("return leaf Tensors with the core's values and requiresGrad as asked", ({ shape, dtype, requiresGrad, name }) => {
    const { make, core } = CREATORS[name]!;
    const x = make(shape, { dtype, requiresGrad });
    expect(x).toBeInstanceOf(Tensor);
    expect(x.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(requiresGrad);
    expect(x.grad).toBeNull();
    expect(x.shape).toEqual(shape);
    expect(x.dtype).toBe(dtype);
    expect(values(x)).toEqual(Array.from(core(shape, dtype).toTypedArray()));
    expect(make(shape, { dtype }).requiresGrad).toBe(false);
  });

  const arbLike = fc.record({
    shape: arbShapeOf(0, 3, 3),
    sourceDType: fc.constantFrom<T.DType>("float32", "float64", "int32"),
    dtype: fc.option(fc.constantFrom<FloatDType>("float32", "float64"), { nil: undefined }),
    requiresGrad: fc.boolean(),
    name: fc.constantFrom(...Object.keys(LIKE)),
  });

  test.prop([arbLike], { numRuns: 100 })(
    "*Like forms take the shape and (by default) the dtype of a Tensor, not its requiresGrad",
    ({ shape, sourceDType, dtype, requiresGrad, name }) => {
      const source = tensor(T.ones(shape, { dtype: sourceDType }), { requiresGrad: sourceDType !== "int32" });
      const grads = sourceDType === "int32" && dtype === undefined ? false : requiresGrad;
      if ((name === "randLike" || name === "randnLike") && (dtype ?? sourceDType) === "int32") {
        // Random floats have no int32 form (PyTorch refuses int dtypes for rand too): refused, never zeros.
        expect(() => LIKE[name]!(source, { requiresGrad: grads }), name).toThrow(DTypeError);
        expect(() => LIKE[name]!(source, { requiresGrad: grads }), name).toThrow(new RegExp(`^${name}: .*int32 is not supported`));
        return;
      }
      const x = LIKE[name]!(source, { requiresGrad: grads, ...(dtype !== undefined ? { dtype } : {}) });
      expect(x).toBeInstanceOf(Tensor);
      expect(x.isLeaf).toBe(true);
      expect(x.shape).toEqual(shape);
      expect(x.dtype).toBe(dtype ?? sourceDType);
      expect(x.requiresGrad).toBe(grads);
      const randomOfInt = (name === "randLike" || name === "randnLike") && sourceDType === "int32";
      if (!randomOfInt) expect(LIKE[name]!(source, {}).requiresGrad).toBe(false);
      expect(values(x)).toEqual(Array.from(LIKE_CORE[name]!(shape, dtype ?? sourceDType).toTypedArray()));
    },
  );

  it("arange, linspace and eye honour requiresGrad and dtype", () => {
    const r = ag.arange(1, 2, 0.25, { dtype: "float64", requiresGrad: true });
    expect([r.toArray(), r.dtype, r.requiresGrad]).toEqual([[1, 1.25, 1.5, 1.75], "float64", true]);
    const l = ag.linspace(0, 1, 3, { requiresGrad: true });
    expect([l.toArray(), l.dtype, l.requiresGrad]).toEqual([[0, 0.5, 1], "float32", true]);
    const e = ag.eye(2, 3, { requiresGrad: true });
    expect([e.toArray(), e.requiresGrad]).toEqual([
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      true,
    ]);
    expect(ag.arange(3).requiresGrad).toBe(false);
  });

  it("int32 Tensors cannot require grad, whichever function makes them", () => {
    const int32 = { dtype: "int32", requiresGrad: true } as const;
    for (const [name, make] of everyCreation(int32)) {
      expect(() => make(), name).toThrow(TsgradError);
      // rand/randn and their *Like forms refuse int32 whatever requiresGrad says.
      const why = /^rand(n|Like|nLike)?$/.test(name) ? /int32 is not supported/ : /only float32 and float64 Tensors can require gradients, got int32/;
      expect(() => make(), name).toThrow(why);
    }
    // randint is int32 unless a float dtype is asked for.
    expect(() => ag.randint(0, 3, [2], { requiresGrad: true })).toThrow(/got int32/);
    expect(ag.randint(0, 3, [2], { dtype: "float32", requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => ag.zerosLike(tensor([1], { dtype: "int32" }), { requiresGrad: true })).toThrow(/got int32/);
    expect(ag.zeros([2], { dtype: "int32" }).requiresGrad).toBe(false);
  });

  it.each([1, "true", null])("a requiresGrad of %j is a ValueError naming the function", (flag) => {
    const opts = { requiresGrad: flag as unknown as boolean };
    const invalid = new RegExp(`options: invalid requiresGrad ${JSON.stringify(flag)}; expected true or false`);
    for (const [name, make] of everyCreation(opts)) expectOpError(make, ValueError, name, invalid);
    if (flag !== null) expectOpError(() => new Tensor(T.ones([1]), opts), ValueError, "Tensor", invalid);
    const x = tensor([1]);
    expectOpError(
      () => {
        x.requiresGrad = flag as unknown as boolean;
      },
      ValueError,
      "requiresGrad",
      new RegExp(`invalid value ${JSON.stringify(flag)}; expected true or false`),
    );
    expect(x.requiresGrad).toBe(false);
  });

  it("options that are not an object, and *Like of something that is not a Tensor, are ValueErrors", () => {
    expectOpError(() => ag.zeros([2], 5 as unknown as ag.CreationOptions), ValueError, "zeros", /options must be an object, got number/);
    expectOpError(() => ag.randn([2], [] as unknown as ag.RandomOptions), ValueError, "randn", /options must be an object, got an array/);
    for (const name of Object.keys(LIKE)) {
      expectOpError(() => LIKE[name]!(T.ones([2]) as unknown as Tensor, {}), ValueError, name, /expected a Tensor/);
    }
  });
});

describe("tensor(t) is a detached copy of a Tensor", () => {
  const arbSource = fc.record({
    shape: arbShapeOf(2, 3, 3),
    seed: arbSeed,
    dtype: fc.constantFrom<FloatDType>("float32", "float64"),
    requiresGrad: fc.boolean(),
    view: fc.constantFrom("leaf", "transposed", "computed"),
  });

  test.prop([arbSource], { numRuns: 60 })("new storage, the same values, no graph; gradients do not flow back", ({ shape, seed, dtype, requiresGrad, view }) => {
    const leaf = tensor(T.randn(shape, { seed, dtype }), { requiresGrad });
    const t = view === "leaf" ? leaf : view === "transposed" ? leaf.transpose() : leaf.mul(2);
    const expected = t.toArray();
    const c = tensor(t);
    expect(c).not.toBe(t);
    expect(c.data).not.toBe(t.data);
    expect(c.data.storage).not.toBe(t.data.storage);
    expect(c.toArray()).toEqual(expected);
    expect([c.shape, c.dtype]).toEqual([t.shape, t.dtype]);
    expect([c.requiresGrad, c.isLeaf, c.node, c.grad]).toEqual([false, true, null, null]);
    // Asked to require grad, the copy is a new leaf: its gradient stays with it.
    const g = tensor(t, { requiresGrad: true, dtype: "float64" });
    expect(g.dtype).toBe("float64");
    g.mul(g).sum().backward();
    expect(g.grad).not.toBeNull();
    expect(leaf.grad).toBeNull();
    // Replacing the source's data later does not change the copy.
    leaf.data = T.zeros(shape, { dtype });
    expect(c.toArray()).toEqual(expected);
  });
});

describe("clone and astype", () => {
  it("clone copies into new storage and stays in the graph", () => {
    const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const c = x.clone();
    expect(c.data).not.toBe(x.data);
    expect(c.toArray()).toEqual([1, 2]);
    expect(c.requiresGrad).toBe(true);
    c.mul(tensor([3, 4], { dtype: "float64" })).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 4]);
    expect(tensor([1]).clone().requiresGrad).toBe(false);
  });

  it("astype converts; the gradient comes back in the source's dtype; int32 results carry none", () => {
    const x = tensor([1.5, -2], { requiresGrad: true });
    const y = x.astype("float64");
    expect(y.dtype).toBe("float64");
    y.mul(y).sum().backward();
    expect(x.grad!.dtype).toBe("float32");
    expect(x.grad!.toArray()).toEqual([3, -4]);
    const i = x.astype("int32");
    expect([i.dtype, i.toArray(), i.requiresGrad]).toEqual(["int32", [1, -2], false]);
  });
});

// ----------------------------------------------------------------------------------------
// Grad mode around async code

describe("grad mode refuses async functions; setGradEnabled works across await", () => {
  const MODES = {
    noGrad: { run: ag.noGrad, inside: () => !ag.isGradEnabled() },
    enableGrad: { run: ag.enableGrad, inside: () => ag.isGradEnabled() },
    detectAnomaly: { run: ag.detectAnomaly, inside: () => ag.isAnomalyEnabled() },
  } as const;

  test.prop(
    [fc.constantFrom(...(Object.keys(MODES) as (keyof typeof MODES)[])), fc.constantFrom("async function", "returns a promise", "returns a thenable"), fc.boolean()],
    { numRuns: 40 },
  )("a ValueError naming the function; the previous modes are restored", (name, kind, gradBefore) => {
    const { run, inside } = MODES[name];
    const previous = ag.setGradEnabled(gradBefore);
    try {
      let calls = 0;
      let modeInside: boolean | undefined;
      const body = (): void => {
        calls++;
        modeInside = inside();
      };
      const fn =
        kind === "async function"
          ? async (): Promise<void> => body()
          : kind === "returns a promise"
            ? (): Promise<void> => {
                body();
                return Promise.resolve();
              }
            : (): PromiseLike<void> => {
                body();
                return { then: () => undefined as never };
              };
      expectOpError(() => run(fn), ValueError, name, /the function returned a promise/);
      // An async function is refused before it runs; a function returning a promise ran in the mode.
      expect(calls).toBe(kind === "async function" ? 0 : 1);
      if (kind !== "async function") expect(modeInside).toBe(true);
      expect(ag.isGradEnabled()).toBe(gradBefore);
      expect(ag.isAnomalyEnabled()).toBe(false);
    } finally {
      ag.setGradEnabled(previous);
    }
  });

  it("noGrad(async () => …) as written by users", () => {
    const w = tensor([1], { requiresGrad: true });
    expectOpError(() => ag.noGrad(async () => w.mul(2)), ValueError, "noGrad", /promise.*setGradEnabled\(false\)/);
    expect(ag.isGradEnabled()).toBe(true);
    expectOpError(() => ag.noGrad(5 as unknown as () => void), ValueError, "noGrad", /expected a function, got number/);
  });

  test.prop([fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })], { numRuns: 30 })("setGradEnabled returns the previous mode", (modes) => {
    const initial = ag.isGradEnabled();
    let expected = initial;
    try {
      for (const m of modes) {
        expect(ag.setGradEnabled(m)).toBe(expected);
        expect(ag.isGradEnabled()).toBe(m);
        expected = m;
      }
    } finally {
      expect(ag.setGradEnabled(initial)).toBe(expected);
    }
    expect(ag.isGradEnabled()).toBe(initial);
  });

  it("setGradEnabled refuses a non-boolean and leaves the mode as it was", () => {
    expectOpError(() => ag.setGradEnabled(0 as unknown as boolean), ValueError, "setGradEnabled", /arguments: invalid enabled 0; expected true or false/);
    expectOpError(() => ag.setGradEnabled(null as unknown as boolean), ValueError, "setGradEnabled", /invalid enabled null/);
    expect(ag.isGradEnabled()).toBe(true);
  });

  it("setGradEnabled(false) holds across awaits until it is restored in finally", async () => {
    const w = tensor([1, 2], { requiresGrad: true });
    async function evaluate(): Promise<Tensor[]> {
      const previous = ag.setGradEnabled(false);
      try {
        const a = w.mul(2);
        await Promise.resolve();
        await new Promise((resolve) => setTimeout(resolve, 1));
        expect(ag.isGradEnabled()).toBe(false);
        return [a, w.mul(3)];
      } finally {
        ag.setGradEnabled(previous);
      }
    }
    const results = await evaluate();
    for (const r of results) expect([r.requiresGrad, r.node]).toEqual([false, null]);
    expect(ag.isGradEnabled()).toBe(true);
    expect(w.mul(2).requiresGrad).toBe(true);
  });
});

// ----------------------------------------------------------------------------------------
// The operand rule

describe("an op needs a Tensor operand", () => {
  const UNARY: [string, (x: unknown) => unknown][] = [
    ["exp", (x) => ag.exp(x as Tensor)],
    ["log", (x) => ag.log(x as Tensor)],
    ["sqrt", (x) => ag.sqrt(x as Tensor)],
    ["tanh", (x) => ag.tanh(x as Tensor)],
    ["sigmoid", (x) => ag.sigmoid(x as Tensor)],
    ["relu", (x) => ag.relu(x as Tensor)],
    ["abs", (x) => ag.abs(x as Tensor)],
    ["neg", (x) => ag.neg(x as Tensor)],
    ["sin", (x) => ag.sin(x as Tensor)],
    ["cos", (x) => ag.cos(x as Tensor)],
    ["erf", (x) => ag.erf(x as Tensor)],
    ["square", (x) => ag.square(x as Tensor)],
    ["gelu", (x) => ag.gelu(x as Tensor)],
    ["leakyRelu", (x) => ag.leakyRelu(x as Tensor)],
    ["clamp", (x) => ag.clamp(x as Tensor, 0, 1)],
    ["sum", (x) => ag.sum(x as Tensor, 0)],
    ["mean", (x) => ag.mean(x as Tensor)],
    ["max", (x) => ag.max(x as Tensor)],
    ["min", (x) => ag.min(x as Tensor)],
    ["variance", (x) => ag.variance(x as Tensor)],
    ["std", (x) => ag.std(x as Tensor)],
    ["softmax", (x) => ag.softmax(x as Tensor)],
    ["logSoftmax", (x) => ag.logSoftmax(x as Tensor)],
    ["logSumExp", (x) => ag.logSumExp(x as Tensor)],
    ["argmax", (x) => ag.argmax(x as Tensor)],
    ["argmin", (x) => ag.argmin(x as Tensor)],
    ["cast", (x) => ag.cast(x as Tensor, "float64")],
    ["reshape", (x) => ag.reshape(x as Tensor, [-1])],
    ["flatten", (x) => ag.flatten(x as Tensor)],
    ["unsqueeze", (x) => ag.unsqueeze(x as Tensor, 0)],
    ["broadcastTo", (x) => ag.broadcastTo(x as Tensor, [2, 2])],
  ];
  const BINARY = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "matmul", ...COMPARISON_NAMES] as const;
  const arbNotATensor: fc.Arbitrary<number | T.NDArray> = fc.oneof(
    fc.double({ min: -5, max: 5, noNaN: true }),
    fc.constantFrom(T.ones([2], { dtype: "float64" }), T.zeros([2, 2])),
  );

  it("add(1, 2) and exp(ndarray) as written by users", () => {
    expectOpError(() => ag.add(1, 2), ValueError, "add", /expected a Tensor operand, got number 1 and number 2; wrap it with tensor\(\.\.\.\)/);
    expectOpError(() => ag.exp(T.ones([2]) as unknown as Tensor), ValueError, "exp", /expected a Tensor operand, got .*NDArray; wrap it with tensor\(\.\.\.\)/);
    expect(ag.exp(tensor(T.zeros([2]))).toArray()).toEqual([1, 1]);
  });

  test.prop([fc.constantFrom(...UNARY), arbNotATensor], { numRuns: 60 })("one-operand ops: a ValueError naming the op", ([op, f], x) => {
    expectOpError(() => f(x), ValueError, op, /expected a Tensor operand, got .*; wrap it with tensor\(\.\.\.\)/);
  });

  test.prop([fc.constantFrom(...BINARY), arbNotATensor, arbNotATensor], { numRuns: 60 })("two-operand ops: a ValueError naming the op", (op, a, b) => {
    const f = ag[op] as (x: unknown, y: unknown) => unknown;
    expectOpError(() => f(a, b), ValueError, op, /expected a Tensor operand/);
  });

  it("beside a Tensor, an NDArray or a number is a constant; a number takes the Tensor's dtype", () => {
    const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const y = ag.add(T.ndarray([10, 20], { dtype: "float64" }), ag.mul(3, x));
    expect(y.toArray()).toEqual([13, 26]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
    expect(ag.mul(tensor([1], { dtype: "float64" }), 0.1).dtype).toBe("float64");
    expect(ag.add(tensor([1], { dtype: "int32" }), 2).dtype).toBe("int32");
    const half = ag.add(tensor([1], { dtype: "int32" }), 0.5);
    expect([half.dtype, half.toArray()]).toEqual(["float32", [1.5]]);
  });
});

// ----------------------------------------------------------------------------------------
// The printed form

describe("toString prints tensor(...)", () => {
  it("2-D and 3-D data: continuation lines aligned under the first row", () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe("tensor([[1., 2.],\n        [3., 4.]])");
    const w = tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
    expect(w.toString()).toBe("tensor([[1., 2.],\n        [3., 4.]], dtype=float64, requiresGrad=true)");
    expect(w.mul(2).toString()).toBe("tensor([[2., 4.],\n        [6., 8.]], dtype=float64, gradFn=mul)");
    expect(tensor([[1, -2], [30, 4]], { dtype: "int32" }).toString()).toBe("tensor([[ 1, -2],\n        [30,  4]], dtype=int32)");
    expect(tensor([[[1, 2]], [[3, 4]]]).toString()).toBe("tensor([[[1., 2.]],\n\n        [[3., 4.]]])");
  });

  const arbPrinted = fc.record({
    shape: arbShapeOf(1, 4, 3),
    seed: arbSeed,
    dtype: fc.constantFrom<T.DType>("float32", "float64", "int32"),
    mark: fc.constantFrom("none", "requiresGrad", "gradFn"),
  });

  test.prop([arbPrinted], { numRuns: 60 })("every row starts under the first; rows read as the NDArray prints them", ({ shape, seed, dtype, mark }) => {
    const nd = T.mul(T.randn(shape, { seed, dtype: "float64" }), 10).astype(dtype);
    const x = mark === "none" || dtype === "int32" ? tensor(nd) : mark === "requiresGrad" ? tensor(nd, { requiresGrad: true }) : tensor(nd, { requiresGrad: true }).mul(1);
    const lines = x.toString().split("\n");
    const ndLines = nd.toString().split("\n");
    expect(lines.length).toBe(ndLines.length);
    expect(lines[0]!.startsWith(`tensor(${"[".repeat(x.ndim)}`)).toBe(true);
    const last = lines.length - 1;
    /** A line without its indentation (or the "tensor(" / "ndarray(" prefix) and without what follows the last "]". */
    const row = (line: string, i: number, prefix: string): string => {
      const text = i === 0 ? line.slice(prefix.length) : line.trimStart();
      return i === last ? text.slice(0, text.lastIndexOf("]") + 1) : text;
    };
    lines.forEach((line, i) => {
      if (line === "") return;
      // Indentation plus opening brackets reach the column of the first value: after "tensor(" and ndim brackets.
      const lead = i === 0 ? "tensor(".length : line.length - line.trimStart().length;
      const brackets = /^\[*/.exec(row(line, i, "tensor("))![0].length;
      expect(lead + brackets, `line ${i} of\n${x.toString()}`).toBe("tensor(".length + x.ndim);
      expect(row(line, i, "tensor(")).toBe(row(ndLines[i]!, i, "ndarray("));
    });
    const suffix = x.node ? ", gradFn=mul)" : x.requiresGrad ? ", requiresGrad=true)" : ")";
    expect(lines[lines.length - 1]!.endsWith(suffix)).toBe(true);
  });
});
