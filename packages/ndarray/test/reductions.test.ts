import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { AxisError, type DType, type NDArray, ValueError, contiguous, ndarray } from "@tsgrad/ndarray";
import {
  type NDArrayOptions,
  type ShapeOptions,
  arbAxisSpec,
  arbShape,
  arbTensor,
  normalizeAxisSpec,
} from "./arbitraries.js";
import { type Tolerance, expectError, expectSameTensor, expectTensor, fmt } from "./assert.js";
import {
  type Ref,
  argmaxOf,
  argminOf,
  map,
  maxOf,
  meanOf,
  minOf,
  prodOf,
  read,
  reduce,
  storeAll,
  sumOf,
  varianceOf,
} from "./reference.js";

type AxisSpec = number | number[] | undefined;

/** A tensor with an axis spec valid for its rank and a keepdims flag. */
function arbReduction(opts: NDArrayOptions & ShapeOptions): fc.Arbitrary<[NDArray, AxisSpec, boolean]> {
  return arbTensor(opts).chain((x) => fc.tuple(fc.constant(x), arbAxisSpec(x.ndim), fc.boolean()));
}

/** A tensor with one axis (or none: the flattened tensor) and a keepdims flag. */
function arbArgReduction(opts: NDArrayOptions & ShapeOptions): fc.Arbitrary<[NDArray, number | undefined, boolean]> {
  return arbTensor(opts).chain((x) =>
    fc.tuple(
      fc.constant(x),
      x.ndim === 0 ? fc.constant(undefined) : fc.option(fc.integer({ min: -x.ndim, max: x.ndim - 1 }), { nil: undefined }),
      fc.boolean(),
    ),
  );
}

const floatOut = (d: DType): DType => (d === "int32" ? "float32" : d);

interface ReductionCase {
  fn: (x: NDArray, opts: { axis?: number | readonly number[]; keepdims?: boolean }) => NDArray;
  ref: (vals: number[]) => number;
  dtype: (d: DType) => DType;
  kind: NDArrayOptions["kind"];
  /** Throws over an empty reduced axis. */
  needsElements?: boolean;
  tol?: (d: DType) => Tolerance;
}

const CASES: Record<string, ReductionCase> = {
  sum: { fn: T.sum, ref: sumOf, dtype: (d) => d, kind: "nice" },
  mean: { fn: T.mean, ref: meanOf, dtype: floatOut, kind: "nice" },
  prod: { fn: T.prod, ref: prodOf, dtype: (d) => d, kind: "pow2" },
  max: { fn: T.max, ref: maxOf, dtype: (d) => d, kind: "special", needsElements: true },
  min: { fn: T.min, ref: minOf, dtype: (d) => d, kind: "special", needsElements: true },
  variance: {
    fn: T.variance,
    ref: varianceOf(1),
    dtype: floatOut,
    kind: "general",
    tol: (d) => (d === "float64" ? { rtol: 1e-10, atol: 1e-9 } : { rtol: 3e-7, atol: 1e-6 }),
  },
  std: {
    fn: T.std,
    ref: (v) => Math.sqrt(varianceOf(1)(v)),
    dtype: floatOut,
    kind: "general",
    tol: (d) => (d === "float64" ? { rtol: 1e-10, atol: 1e-9 } : { rtol: 3e-7, atol: 1e-6 }),
  },
};

function expectReduction(c: ReductionCase, x: NDArray, axis: AxisSpec, keepdims: boolean): void {
  const axes = normalizeAxisSpec(axis, x.ndim);
  const out = (): NDArray => c.fn(x, { axis, keepdims });
  if (c.needsElements && axes.some((a) => x.shape[a] === 0)) {
    expect(out).toThrow(ValueError);
    return;
  }
  const dtype = c.dtype(x.dtype);
  const expected = storeAll(dtype, reduce(read(x), axes, keepdims, c.ref));
  expectTensor(out(), expected, { dtype, ...(c.tol?.(x.dtype) ?? {}) });
}

describe("reductions against the reference (random shapes, axes, keepdims, layouts, dtypes)", () => {
  for (const [name, c] of Object.entries(CASES)) {
    test.prop([arbReduction({ kind: c.kind })], { numRuns: 100 })(name, ([x, axis, keepdims]) => {
      expectReduction(c, x, axis, keepdims);
    });
  }

  test.prop([fc.integer({ min: 0, max: 3 }).chain((correction) => fc.tuple(arbReduction({ kind: "general" }), fc.constant(correction)))], {
    numRuns: 100,
  })("variance and std with a correction (0 = population)", ([[x, axis, keepdims], correction]) => {
    const axes = normalizeAxisSpec(axis, x.ndim);
    const dtype = floatOut(x.dtype);
    const tol = x.dtype === "float64" ? { rtol: 1e-10, atol: 1e-9 } : { rtol: 3e-7, atol: 1e-6 };
    const v = reduce(read(x), axes, keepdims, varianceOf(correction));
    expectTensor(T.variance(x, { axis, keepdims, correction }), storeAll(dtype, v), { dtype, ...tol });
    expectTensor(T.std(x, { axis, keepdims, correction }), storeAll(dtype, map(v, Math.sqrt)), { dtype, ...tol });
  });

  test.prop([arbReduction({ kind: "general", dtype: "float64" })], { numRuns: 100 })(
    "prod of general float64 values, within rounding",
    ([x, axis, keepdims]) => {
      const axes = normalizeAxisSpec(axis, x.ndim);
      expectTensor(T.prod(x, { axis, keepdims }), reduce(read(x), axes, keepdims, prodOf), { rtol: 1e-13, atol: 1e-300 });
    },
  );

  for (const [name, fn, ref] of [
    ["argmax", T.argmax, argmaxOf],
    ["argmin", T.argmin, argminOf],
  ] as const) {
    test.prop([arbArgReduction({ kind: "special" })], { numRuns: 100 })(
      `${name}: first index of the extreme along the axis (NaN wins), or in the flattened tensor`,
      ([x, axis, keepdims]) => {
        const call = (): NDArray => fn(x, axis, keepdims);
        if (axis === undefined) {
          if (x.size === 0) {
            expect(call).toThrow(ValueError);
            return;
          }
          const expected: Ref = { shape: keepdims ? x.shape.map(() => 1) : [], data: [ref(read(x).data)] };
          expectTensor(call(), expected, { dtype: "int32" });
          return;
        }
        const a = axis < 0 ? axis + x.ndim : axis;
        if (x.shape[a] === 0) {
          expect(call).toThrow(ValueError);
          return;
        }
        expectTensor(call(), reduce(read(x), [a], keepdims, ref), { dtype: "int32" });
      },
    );
  }

  it("ties give the first index; a NaN wins over everything", () => {
    expect(T.argmax(ndarray([[1, 3, 3], [2, 2, 0]]), 1).toArray()).toEqual([1, 0]);
    expect(T.argmin(ndarray([[1, 0, 0], [2, 2, 2]]), 1).toArray()).toEqual([1, 0]);
    expect(T.argmax(ndarray([1, NaN, 5, NaN])).item()).toBe(1);
    expect(T.argmin(ndarray([1, NaN, -5])).item()).toBe(1);
    expect(T.max(ndarray([1, NaN, 5])).item()).toBeNaN();
  });

  it("empty reductions: sum 0, prod 1, mean and variance NaN, max and argmax refuse", () => {
    const e = T.zeros([2, 0]);
    expect(T.sum(e, { axis: 1 }).toArray()).toEqual([0, 0]);
    expect(T.prod(e, { axis: 1 }).toArray()).toEqual([1, 1]);
    expect(T.mean(e).item()).toBeNaN();
    expect(T.variance(e, { axis: 1 }).toArray()).toEqual([NaN, NaN]);
    expect(T.sum(e, { axis: 0 }).shape).toEqual([0]);
    expectError(() => T.max(e, { axis: 1 }), ValueError, "max", "[2, 0]");
    expectError(() => T.argmin(e, 1), ValueError, "argmin", "[2, 0]");
    expectError(() => T.argmax(e), ValueError, "argmax");
    expect(T.max(e, { axis: 0 }).shape).toEqual([0]);
  });
});

describe("reductions of strided inputs equal those of a contiguous copy", () => {
  for (const [name, c] of Object.entries(CASES)) {
    test.prop([arbReduction({ kind: c.kind, nonContiguous: true })], { numRuns: 40 })(name, ([x, axis, keepdims]) => {
      const axes = normalizeAxisSpec(axis, x.ndim);
      if (c.needsElements && axes.some((a) => x.shape[a] === 0)) return;
      // Accumulation order differs between layouts: exact except for the two-pass statistics.
      expectSameTensor(c.fn(x, { axis, keepdims }), c.fn(contiguous(x), { axis, keepdims }), c.tol?.(x.dtype) ?? {});
    });
  }
  test.prop([arbArgReduction({ kind: "special", nonContiguous: true })], { numRuns: 50 })("argmax and argmin", ([x, axis, keepdims]) => {
    if (axis === undefined ? x.size === 0 : x.shape[axis < 0 ? axis + x.ndim : axis] === 0) return;
    expectSameTensor(T.argmax(x, axis, keepdims), T.argmax(contiguous(x), axis, keepdims));
    expectSameTensor(T.argmin(x, axis, keepdims), T.argmin(contiguous(x), axis, keepdims));
  });
});

describe("laws", () => {
  test.prop([arbTensor({ kind: "nice" })], { numRuns: 100 })(
    "sum over all axes == the sums over each axis in turn (last to first and first to last)",
    (x) => {
      const all = T.sum(x);
      let down = x;
      for (let a = x.ndim - 1; a >= 0; a--) down = T.sum(down, { axis: a });
      let up = x;
      for (let a = 0; a < x.ndim; a++) up = T.sum(up, { axis: 0 });
      expectSameTensor(down, all);
      expectSameTensor(up, all);
    },
  );
  test.prop([arbReduction({ kind: "nice" })], { numRuns: 100 })("mean * count == sum (exact on quarter values)", ([x, axis, keepdims]) => {
    const axes = normalizeAxisSpec(axis, x.ndim);
    const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
    fc.pre(count > 0);
    const s = T.sum(x.astype("float64"), { axis, keepdims });
    // (s / n) * n is s up to one rounding of the division and one of the product.
    expectSameTensor(T.mul(T.mean(x.astype("float64"), { axis, keepdims }), count), s, { rtol: 4.5e-16 });
  });
  test.prop([arbReduction({ kind: "special" })], { numRuns: 100 })("max(x) == -min(-x)", ([x, axis, keepdims]) => {
    fc.pre(normalizeAxisSpec(axis, x.ndim).every((a) => x.shape[a]! > 0));
    expectSameTensor(T.max(x, { axis, keepdims }), T.neg(T.min(T.neg(x), { axis, keepdims })));
  });
  test.prop([arbArgReduction({ kind: "general" })], { numRuns: 100 })(
    "gather at argmax (keepdims) gives max",
    ([x, axis]) => {
      fc.pre(axis !== undefined && x.shape[axis < 0 ? axis + x.ndim : axis]! > 0);
      const idx = T.argmax(x, axis, true);
      expectSameTensor(T.gather(x, axis!, idx), T.max(x, { axis: axis!, keepdims: true }));
    },
  );
  test.prop([arbReduction({ kind: "general", dtype: "float64" })], { numRuns: 100 })("std² == variance (float64)", ([x, axis, keepdims]) => {
    const v = T.variance(x, { axis, keepdims });
    expectSameTensor(T.square(T.std(x, { axis, keepdims })), v, { rtol: 1e-14 });
  });
});

describe("accuracy", () => {
  it("float32 sums accumulate in float64", () => {
    // A float32 accumulator would stay at 2^24: each +1 rounds away.
    const x = ndarray([16777216, 1, 1, 1, 1]);
    expect(x.dtype).toBe("float32");
    expect(T.sum(x).item()).toBe(16777220);
    expect(T.mean(ndarray([16777216, 1, 1, 1, 1, 1, 1, 1])).item()).toBe(Math.fround(16777223 / 8));
    const big = T.full([1 << 16], 0.1);
    expect(T.sum(big).item()).toBe(Math.fround(65536 * Math.fround(0.1)));
  });

  test.prop([fc.array(fc.integer({ min: -16, max: 16 }), { minLength: 2, maxLength: 64 }), fc.integer({ min: 0, max: 1 })], { numRuns: 100 })(
    "variance is two-pass: float32 data at offset 1e6 with a small spread gives the spread's variance",
    (ks, correction) => {
      // 1e6 + k/16 is exact in float32 (its spacing there is 1/16).
      const x = ndarray(ks.map((k) => 1e6 + k / 16));
      expect(Array.from(x.toTypedArray())).toEqual(ks.map((k) => 1e6 + k / 16));
      const want = varianceOf(correction)(ks.map((k) => k / 16));
      const got = T.variance(x, { correction }).item();
      expect(got).toBeGreaterThanOrEqual(0);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(3e-7 * want + 1e-12);
      expect(Math.abs(T.std(x, { correction }).item() - Math.sqrt(want))).toBeLessThanOrEqual(3e-7 * Math.sqrt(want) + 1e-12);
    },
  );

  test.prop(
    [
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      fc.double({ min: 1e-6, max: 10, noNaN: true }),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
      fc.constantFrom<DType>("float32", "float64"),
    ],
    { numRuns: 100 },
  )("variance is never negative, and 0 for constant data", (offset, scale, us, dtype) => {
    const x = ndarray(us.map((u) => offset + scale * u), { dtype });
    expect(T.variance(x, { correction: 0 }).item()).toBeGreaterThanOrEqual(0);
    const c = T.full([us.length], offset, { dtype });
    const vc = T.variance(c, { correction: 0 }).item();
    // float32 sums of up to 40 equal values are exact, so the mean is the value itself;
    // in float64 the mean may be off by a few ulps of the offset.
    if (dtype === "float32") expect(vc).toBe(0);
    else expect(vc).toBeLessThanOrEqual((4 * us.length * Number.EPSILON * Math.abs(offset)) ** 2);
  });

  it("variance of 1e6 + [0, .25, .5, .75] in float32 is exactly 0.078125 (population)", () => {
    expect(T.variance(ndarray([1e6, 1e6 + 0.25, 1e6 + 0.5, 1e6 + 0.75]), { correction: 0 }).item()).toBe(0.078125);
  });
});

describe("result dtypes", () => {
  it("sum, prod, max, min keep the dtype; mean, variance, std give float for int32; arg* give int32", () => {
    const i = ndarray([1, 2, 4], { dtype: "int32" });
    expect(T.sum(i).dtype).toBe("int32");
    expect(T.prod(i).dtype).toBe("int32");
    expect(T.max(i).dtype).toBe("int32");
    expect(T.min(i).dtype).toBe("int32");
    expect(T.mean(i).dtype).toBe("float32");
    expect(T.mean(i).item()).toBe(Math.fround(7 / 3));
    expect(T.variance(i).dtype).toBe("float32");
    expect(T.std(i).dtype).toBe("float32");
    expect(T.argmax(i).dtype).toBe("int32");
    const d = ndarray([1, 2], { dtype: "float64" });
    for (const f of [T.sum, T.prod, T.max, T.min, T.mean, T.variance, T.std]) expect(f(d).dtype).toBe("float64");
    expect(T.mean(ndarray([1, 2])).dtype).toBe("float32");
  });
});

describe("reduction errors", () => {
  const fns: [string, (x: NDArray, axis: number | number[]) => NDArray][] = [
    ["sum", (x, axis) => T.sum(x, { axis })],
    ["prod", (x, axis) => T.prod(x, { axis })],
    ["mean", (x, axis) => T.mean(x, { axis })],
    ["max", (x, axis) => T.max(x, { axis })],
    ["min", (x, axis) => T.min(x, { axis })],
  ];
  test.prop([arbShape({ maxRank: 4, allowZero: false }), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constantFrom(...fns)], { numRuns: 100 })(
    "an out-of-range axis throws an AxisError naming the op, the axis and the rank",
    (shape, past, negative, [op, f]) => {
      const r = shape.length;
      const axis = negative ? -r - 1 - past : r + past;
      expectError(() => f(T.zeros(shape), axis), AxisError, op, `axis ${axis}`, `rank ${r}`);
    },
  );
  test.prop([arbShape({ minRank: 1, maxRank: 4, allowZero: false }), fc.nat(), fc.constantFrom(...fns)], { numRuns: 100 })(
    "a repeated axis (possibly once negative) throws an AxisError naming it",
    (shape, k, [op, f]) => {
      const a = k % shape.length;
      expectError(() => f(T.zeros(shape), [a, a - shape.length]), AxisError, op, "repeated", `${a - shape.length}`);
    },
  );
  it("argmax, argmin and variance name themselves", () => {
    expectError(() => T.argmax(T.zeros([2, 3]), 2), AxisError, "argmax", "axis 2", "rank 2");
    expectError(() => T.argmin(T.zeros([2, 3]), -3), AxisError, "argmin", "axis -3");
    expectError(() => T.variance(T.zeros([2, 3]), { axis: [0, 0] }), AxisError, "variance", "repeated");
    expectError(() => T.std(T.zeros([2, 3]), { axis: 5 }), AxisError, "std", "axis 5");
  });
  it("max over an empty axis names the shape", () => {
    expectError(() => T.max(T.zeros([3, 0, 2]), { axis: 1 }), ValueError, "max", fmt([3, 0, 2]));
  });
});
