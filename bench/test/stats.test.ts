import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { median, quantile, summarize } from "../src/stats.js";

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const arbSamples = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });

describe("stats", () => {
  it("median of odd and even counts, quartiles by linear interpolation (NumPy's default)", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // NumPy: np.quantile([1, 2, 3, 4], [0.25, 0.75]) == [1.75, 3.25]
    expect(quantile([4, 3, 2, 1], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([4, 3, 2, 1], 0.75)).toBeCloseTo(3.25, 12);
    expect(summarize([10, 20, 30, 40, 100])).toEqual({ n: 5, median: 30, min: 10, max: 100, q1: 20, q3: 40, iqr: 20, mean: 40 });
  });

  it("rejects empty samples and p outside [0, 1]", () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(/p must be in \[0, 1\]/);
  });

  test.prop([arbSamples], { numRuns: 100 })("min ≤ q1 ≤ median ≤ q3 ≤ max, and the median splits the samples", (xs) => {
    const s = summarize(xs);
    expect(s.min).toBeLessThanOrEqual(s.q1);
    expect(s.q1).toBeLessThanOrEqual(s.median);
    expect(s.median).toBeLessThanOrEqual(s.q3);
    expect(s.q3).toBeLessThanOrEqual(s.max);
    expect(xs.filter((x) => x < s.median).length).toBeLessThanOrEqual(xs.length / 2);
    expect(xs.filter((x) => x > s.median).length).toBeLessThanOrEqual(xs.length / 2);
  });

  test.prop([arbSamples, fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 100 })(
    "quantile interpolates between the order statistics at p·(n − 1) and ignores input order",
    (xs, p) => {
      const o = sorted(xs);
      const pos = p * (o.length - 1);
      const lo = o[Math.floor(pos)]!;
      const hi = o[Math.ceil(pos)]!;
      const q = quantile(xs, p);
      expect(q).toBeGreaterThanOrEqual(lo);
      expect(q).toBeLessThanOrEqual(hi);
      expect(quantile([...xs].reverse(), p)).toBe(q);
    },
  );
});
