// The WebAssembly float32 arithmetic (add, sub, mul, div), comparisons, unary ops (neg, abs, sqrt,
// relu, square, reciprocal, exp, log, tanh, sigmoid), strided copies and sums against their oracle, the
// TypeScript kernels: random shapes of rank 1–4 with broadcasting on any axis, transposed,
// stepped, reversed and offset views, special values (±0, ±∞, NaN, subnormals). The correctly
// rounded ops agree to the bit (both tiers round the exact result once to float32); exp, log,
// tanh and sigmoid within one float32 ulp, and on special values exactly; the sums agree
// within float64 rounding, then the float32 cast.
import { afterAll, describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import type { SliceRange, NDArray } from "@tsgrad/ndarray";
import { BUILDS, defaultBuild, useBuild, withTier } from "./kernel-tiers.js";

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-40, -3e-39, 3.4e38, 1, -1];

/** Float32 values of `shape` from a seed, a few of them special. */
function values(shape: number[], seed: number, specials: boolean): NDArray {
  const x = T.randn(shape, { seed });
  if (!specials) return x;
  const data = x.toTypedArray() as Float32Array;
  for (let i = seed % 7; i < data.length; i += 7) data[i] = SPECIAL[(i + seed) % SPECIAL.length]!;
  return T.ndarray(data, { shape });
}

type Layout = "contiguous" | "transposed" | "stepped" | "reversed" | "offset";

/** A float32 tensor of logical `shape` laid out as `layout`. */
function operand(shape: number[], layout: Layout, seed: number, specials: boolean): NDArray {
  const r = shape.length;
  const whole: SliceRange[] = new Array<SliceRange>(Math.max(0, r - 1)).fill(null);
  switch (layout) {
    case "contiguous":
      return values(shape, seed, specials);
    case "transposed": {
      if (r < 2) return values(shape, seed, specials);
      const swapped = [...shape.slice(0, -2), shape[r - 1]!, shape[r - 2]!];
      return T.transpose(values(swapped, seed, specials), -2, -1);
    }
    case "stepped": {
      const wide = [...shape.slice(0, -1), 2 * shape[r - 1]! + 1];
      return T.slice(values(wide, seed, specials), [...whole, [1, null, 2]]);
    }
    case "reversed":
      return T.slice(values(shape, seed, specials), [...whole, [null, null, -1]]);
    case "offset": {
      const tall = [shape[0]! + 3, ...shape.slice(1)];
      return T.slice(values(tall, seed, specials), [[3, null]]);
    }
  }
}

const arbLayout = fc.constantFrom<Layout>("contiguous", "transposed", "stepped", "reversed", "offset");
const arbDim = fc.oneof(fc.constantFrom(1, 3, 4, 5, 8, 17), fc.integer({ min: 1, max: 40 }));

/** A shape and, per operand, which axes are broadcast (size 1) and how many leading axes are dropped. */
const arbBinary = fc
  .array(arbDim, { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      maskA: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      maskB: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      dropB: fc.integer({ min: 0, max: shape.length }),
      layoutA: arbLayout,
      layoutB: arbLayout,
      op: fc.constantFrom("add", "sub", "mul", "div", "eq", "ne", "lt", "le", "gt", "ge"),
      specials: fc.boolean(),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
    }),
  );

function sameBits(label: string, wasm: NDArray, js: NDArray): void {
  expect(wasm.shape, label).toEqual(js.shape);
  expect(wasm.dtype, label).toBe(js.dtype);
  const a = wasm.toTypedArray();
  const b = js.toTypedArray();
  for (let i = 0; i < b.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${label}[${i}]: WebAssembly ${a[i]}, JS ${b[i]}`);
  }
}

describe("float32 elementwise kernels on the wasm-simd tier", () => {
  test.prop([arbBinary], { numRuns: 150 })(
    "arithmetic and comparisons equal the TypeScript kernels to the bit, broadcast and strided",
    ({ shape, maskA, maskB, dropB, layoutA, layoutB, op, specials, seed }) => {
      const shapeA = shape.map((d, i) => (maskA[i] ? 1 : d));
      const shapeB = shape.map((d, i) => (maskB[i] ? 1 : d)).slice(dropB);
      const a = operand(shapeA, layoutA, seed, specials);
      const b = operand(shapeB.length ? shapeB : [1], layoutB, seed + 1, specials);
      const f = T[op as "add" | "sub" | "mul" | "div" | "eq" | "ne" | "lt" | "le" | "gt" | "ge"];
      sameBits(`${op} ${JSON.stringify(shapeA)} ${layoutA}, ${JSON.stringify(shapeB)} ${layoutB}`, withTier("wasm-simd", () => f(a, b)), withTier("js", () => f(a, b)));
    },
  );

  test.prop([arbBinary], { numRuns: 100 })(
    "neg, abs, sqrt, relu, square, reciprocal and contiguous copies equal the TypeScript kernels to the bit",
    ({ shape, layoutA, specials, seed }) => {
      const x = operand(shape, layoutA, seed, specials);
      for (const op of ["neg", "abs", "sqrt", "relu", "square", "reciprocal", "contiguous"] as const) {
        const f = (t: NDArray): NDArray => (op === "contiguous" ? T.contiguous(t) : T[op](t));
        sameBits(`${op} ${JSON.stringify(shape)} ${layoutA}`, withTier("wasm-simd", () => f(x)), withTier("js", () => f(x)));
      }
    },
  );

  test.prop([arbBinary], { numRuns: 60 })("sum and mean over any axes equal the TypeScript kernels within rounding", ({ shape, maskA, layoutA, seed }) => {
    const x = operand(shape, layoutA, seed, false);
    const axes = shape.map((_, i) => i).filter((i) => maskA[i]);
    for (const f of [T.sum, T.mean]) {
      const wasm = withTier("wasm-simd", () => f(x, { axis: axes, keepdims: true }));
      const js = withTier("js", () => f(x, { axis: axes, keepdims: true }));
      expect(wasm.shape).toEqual(js.shape);
      const a = wasm.toTypedArray();
      const b = js.toTypedArray();
      // Both accumulate in float64, so they differ by far less than the float32 cast.
      for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(2 ** -22 * Math.max(1, Math.abs(b[i]!)));
    }
  });

  test.prop([arbBinary], { numRuns: 100 })(
    "mulSumTo equals sum(mul(a, b)) reduced to the target, on both tiers, broadcast and strided",
    ({ shape, maskA, maskB, dropB, layoutA, layoutB, seed }) => {
      const shapeA = shape.map((d, i) => (maskA[i] ? 1 : d));
      const shapeB = shape.map((d, i) => (maskB[i] ? 1 : d)).slice(dropB);
      const a = operand(shapeA, layoutA, seed, false);
      const b = operand(shapeB.length ? shapeB : [1], layoutB, seed + 1, false);
      const full = T.broadcastShapes("mul", a.shape, b.shape);
      // Reduce to a's shape (a broadcast factor's gradient) and to b's.
      for (const target of [[...a.shape], [...b.shape]]) {
        const lead = full.length - target.length;
        const axes = full.map((_, i) => i).filter((i) => i < lead || target[i - lead] === 1);
        const reference = withTier("js", () => T.reshape(T.sum(T.mul(a.astype("float64"), b.astype("float64")), { axis: axes }), target));
        for (const tier of ["js", "wasm-simd"] as const) {
          const got = withTier(tier, () => T.mulSumTo(a, b, target));
          expect(got.shape).toEqual(target);
          expect(got.dtype).toBe("float32");
          const r = reference.toTypedArray();
          const v = got.toTypedArray();
          // Products are exact in float64 and sums float64: only the final float32 rounding differs.
          for (let i = 0; i < r.length; i++) expect(Math.abs(v[i]! - r[i]!)).toBeLessThanOrEqual(2 ** -23 * Math.abs(r[i]!) + 1e-12 * (1 + Math.abs(r[i]!)));
        }
      }
    },
  );

  it("mulSumTo refuses a target that is not a reduction of the broadcast shape", () => {
    expect(() => T.mulSumTo(T.ones([2, 3]), T.ones([3]), [4])).toThrow(/mulSumTo: cannot reduce the product of shape \[2, 3\] to shape \[4\]/);
    expect(() => T.mulSumTo(T.ones([2, 3]), T.ones([2]), [3])).toThrow(/mulSumTo/);
  });

  it("scalars and number operands take the WebAssembly path like tensors", () => {
    const x = T.arange(10_000).astype("float32");
    const js = withTier("js", () => T.div(T.sub(x, 3), 7));
    const wasm = withTier("wasm-simd", () => T.div(T.sub(x, 3), 7));
    sameBits("(x - 3) / 7", wasm, js);
    expect(wasm.toTypedArray()[10]).toBeCloseTo(1, 6);
  });
});

/** The ops evaluated in float64 lanes by assembly/transcendental.ts: close to the JS kernels, not bit-equal. */
const TRANSCENDENTAL = ["exp", "log", "tanh", "sigmoid"] as const;

/** A float32 value's position on the number line in ulps (−0 and +0 both at 0). */
function ulpIndex(v: number): number {
  const bits = new Int32Array(Float32Array.of(v).buffer)[0]!;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/**
 * Checks `wasm` against `js` element by element: NaN where JS has NaN, the same bits on the
 * special results (±0, ±∞, NaN, and any input that is itself special), else at most `maxUlp`
 * float32 ulps apart. Returns how many elements differ at all.
 */
function closeInUlps(label: string, input: Float32Array, wasm: Float32Array, js: Float32Array, maxUlp: number): number {
  let differ = 0;
  for (let i = 0; i < js.length; i++) {
    const a = wasm[i]!;
    const b = js[i]!;
    if (Object.is(a, b)) continue;
    const x = input[i]!;
    const special = !Number.isFinite(b) || b === 0 || !Number.isFinite(x) || x === 0 || Number.isNaN(a);
    if (special || Math.abs(ulpIndex(a) - ulpIndex(b)) > maxUlp) {
      throw new Error(`${label}[${i}] of x = ${x}: WebAssembly ${a}, JS ${b} (${Math.abs(ulpIndex(a) - ulpIndex(b))} ulps)`);
    }
    differ++;
  }
  return differ;
}

/** `n` float32 inputs from a seed: half random bit patterns (every exponent, NaNs, subnormals), half uniform in ±(1, 10, 100, 1e-3, 30). */
function sweep(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  const bits = new Uint32Array(x.buffer);
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  const scales = [1, 10, 100, 1e-3, 30];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) bits[i] = (next() >>> 16) | ((next() >>> 16) << 16);
    else x[i] = (next() / 2 ** 32 - 0.5) * 2 * scales[i % scales.length]!;
  }
  return x;
}

describe("float32 exp, log, tanh and sigmoid on the wasm-simd tier", () => {
  afterAll(() => defaultBuild());

  test.prop([arbBinary], { numRuns: 100 })("are within one ulp of the TypeScript kernels, broadcast and strided, special values exact", ({ shape, layoutA, specials, seed }) => {
    const x = operand(shape, layoutA, seed, specials);
    const input = T.contiguous(x).toTypedArray() as Float32Array;
    for (const op of TRANSCENDENTAL) {
      const wasm = withTier("wasm-simd", () => T[op](x));
      const js = withTier("js", () => T[op](x));
      expect(wasm.shape).toEqual(js.shape);
      expect(wasm.dtype).toBe("float32");
      closeInUlps(`${op} ${JSON.stringify(shape)} ${layoutA}`, input, wasm.toTypedArray() as Float32Array, js.toTypedArray() as Float32Array, 1);
    }
  });

  it("over 2²⁰ inputs of every magnitude: at most one ulp apart, and apart at all on fewer than 1 in 10⁴", () => {
    const x = T.ndarray(sweep(1 << 20, 7));
    const input = x.toTypedArray() as Float32Array;
    for (const op of TRANSCENDENTAL) {
      const js = withTier("js", () => T[op](x)).toTypedArray() as Float32Array;
      const wasm = withTier("wasm-simd", () => T[op](x)).toTypedArray() as Float32Array;
      const differ = closeInUlps(op, input, wasm, js, 1);
      expect(differ, `${op}: ${differ} of ${input.length} differ by one ulp`).toBeLessThan(input.length / 1e4);
    }
  });

  it("give the JS kernels' results on special values and at the edges of the float32 range", () => {
    const edges = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-40, -3e-39, 1.17549435e-38, 3.4028235e38, -3.4028235e38, 1, -1, 88.72, 88.73, -87.33, -103.97, -104, 9.01, -9.01, 20, -20, 1e-8];
    const x = T.ndarray(Float32Array.from(edges));
    for (const op of TRANSCENDENTAL) {
      const wasm = withTier("wasm-simd", () => T[op](x)).toTypedArray() as Float32Array;
      const js = withTier("js", () => T[op](x)).toTypedArray() as Float32Array;
      edges.forEach((v, i) => expect(Object.is(wasm[i], js[i]), `${op}(${v}): WebAssembly ${wasm[i]}, JS ${js[i]}`).toBe(true));
    }
  });

  it.each(BUILDS)("the %s build computes the same bits (no relaxed instruction is used)", (build) => {
    const x = T.ndarray(sweep(1 << 14, 11));
    useBuild("simd");
    const reference = TRANSCENDENTAL.map((op) => withTier("wasm-simd", () => T[op](x)));
    useBuild(build);
    TRANSCENDENTAL.forEach((op, k) => sameBits(`${op} (${build})`, withTier("wasm-simd", () => T[op](x)), reference[k]!));
  });
});
