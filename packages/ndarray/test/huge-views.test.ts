// Very large (broadcast) arrays: printing reads only the items it shows, reductions walk only
// the distinct values of broadcast axes, and toArray refuses before it could exhaust the JS heap.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { MAX_NESTED_ELEMENTS } from "../src/ndarray.js";
import { type NDArray, ValueError, arange, linspace, argmax, argmin, broadcastTo, max, mean, min, ndarray, ones, prod, slice, sum, transpose, variance, zeros } from "@tsgrad/ndarray";

describe("printing reads through the strides", () => {
  it("a 1e5 × 1e5 broadcast view prints summarised without allocating its 10^10 elements", () => {
    const big = broadcastTo(ndarray([[1.5]]), [1e5, 1e5]);
    const text = String(big);
    expect(text).toContain("1.5000");
    expect(text).toContain("...");
    expect(text.length).toBeLessThan(1000);
  });

  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3 })], { numRuns: 30 })(
    "a strided view prints exactly as its contiguous copy",
    (rows, cols, start) => {
      const a = arange(rows * cols * 2).reshape([rows, cols * 2]);
      const views = [transpose(a), slice(a, [null, [Math.min(start, cols * 2 - 1), null, 2]])];
      for (const v of views) expect(String(v)).toBe(String(ndarray(v.toArray(), { dtype: v.dtype })));
    },
  );
});

describe("toArray has a size limit", () => {
  it(`more than ${MAX_NESTED_ELEMENTS} elements is a ValueError naming toArray, before any conversion`, () => {
    const big = broadcastTo(zeros([1]), [MAX_NESTED_ELEMENTS + 1]);
    expect(() => big.toArray()).toThrow(ValueError);
    expect(() => big.toArray()).toThrow(/^toArray: 67108865 elements \(shape \[67108865\]\) are too many for nested JavaScript arrays/);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
  });
});

describe("reductions over broadcast axes walk only the distinct values", () => {
  it("sums, means, extremes and variances of a 10^12-element broadcast view are exact and immediate", () => {
    const big = broadcastTo(ndarray([[2]], { dtype: "float64" }), [1e12, 1]);
    expect(sum(big).item()).toBe(2e12);
    expect(sum(big, { axis: 0 }).toArray()).toEqual([2e12]);
    expect(mean(big).item()).toBe(2);
    expect(max(big).item()).toBe(2);
    expect(min(big, { axis: 0 }).toArray()).toEqual([2]);
    expect(variance(big).item()).toBe(0);
    expect(argmax(big, 0).toArray()).toEqual([0]);
    expect(prod(broadcastTo(ndarray([1], { dtype: "float64" }), [1e12])).item()).toBe(1);
  });

  // Shapes with some axes broadcast (stride 0) and some real, reduced over random axes: every
  // reduction equals the one of the materialised copy.
  const arbCase = fc
    .array(fc.record({ size: fc.integer({ min: 1, max: 4 }), broadcast: fc.boolean() }), { minLength: 1, maxLength: 4 })
    .chain((axes) =>
      fc.record({
        axes: fc.constant(axes),
        values: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 64, maxLength: 64 }),
        reduceOver: fc.subarray([...axes.keys()], { minLength: 1 }),
      }),
    );
  test.prop([arbCase], { numRuns: 60 })("equal to the reductions of the contiguous copy", ({ axes, values, reduceOver }) => {
    const baseShape = axes.map((a) => (a.broadcast ? 1 : a.size));
    const n = baseShape.reduce((p, d) => p * d, 1);
    const base = ndarray(values.slice(0, n), { dtype: "float64" }).reshape(baseShape);
    const view = broadcastTo(base, axes.map((a) => a.size));
    const copy = ndarray(view.toArray(), { dtype: "float64" });
    const opts = { axis: reduceOver };
    const close = (a: NDArray, b: NDArray) => {
      const x = a.toTypedArray();
      const y = b.toTypedArray();
      expect(x.length).toBe(y.length);
      x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(y[i]!))));
    };
    close(sum(view, opts), sum(copy, opts));
    close(mean(view, opts), mean(copy, opts));
    close(max(view, opts), max(copy, opts));
    close(min(view, opts), min(copy, opts));
    close(prod(view, opts), prod(copy, opts));
    close(variance(view, { ...opts, correction: 0 }), variance(copy, { ...opts, correction: 0 }));
    for (const a of reduceOver) expect(argmin(view, a).toArray()).toEqual(argmin(copy, a).toArray());
  });
});

describe("linspace between ends whose difference overflows", () => {
  test.prop([fc.integer({ min: 2, max: 9 })], { numRuns: 10 })("-1e308 … 1e308 gives finite, evenly spaced values", (num) => {
    const v = Array.from(linspace(-1e308, 1e308, num, { dtype: "float64" }).toTypedArray());
    expect(v[0]).toBe(-1e308);
    expect(v[num - 1]).toBe(1e308);
    v.forEach((x, i) => expect(Math.abs(x - (2 * (i / (num - 1)) - 1) * 1e308)).toBeLessThanOrEqual(1e293));
    for (let i = 1; i < num; i++) expect(v[i]! - v[i - 1]!).toBeGreaterThan(0);
  });
});
