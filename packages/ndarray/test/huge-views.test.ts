// Printing and converting very large arrays: printing reads only the items it shows (so a
// 10¹⁰-element broadcast view prints), and toArray refuses before it could exhaust the JS heap.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { MAX_NESTED_ELEMENTS } from "../src/ndarray.js";
import { ValueError, arange, broadcastTo, ndarray, ones, slice, transpose, zeros } from "@tsgrad/ndarray";

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
