import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { erf, ndarray } from "@tsgrad/ndarray";

// Reference values: a correctly rounded libm erf (glibc, via Python's math.erf).
const REFERENCE: readonly [number, number][] = [
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [5.5, 0.9999999999999927],
];

describe("erf kernel", () => {
  it("matches libm within 10 ulps in float64, on both sides of the series/continued-fraction switch", () => {
    const xs = REFERENCE.map(([x]) => x);
    const got = erf(ndarray(xs, { dtype: "float64" })).toArray() as number[];
    REFERENCE.forEach(([x, want], i) => {
      expect(Math.abs(got[i]! - want), `erf(${x})`).toBeLessThanOrEqual(10 * Number.EPSILON * Math.abs(want));
    });
  });

  it("handles the special values: ±0, ±∞, NaN, and saturates to ±1", () => {
    const got = erf(ndarray([0, -0, Infinity, -Infinity, NaN, 6, -30], { dtype: "float64" })).toArray() as number[];
    expect(Object.is(got[0], 0)).toBe(true);
    expect(Object.is(got[1], -0)).toBe(true);
    expect(got.slice(2, 4)).toEqual([1, -1]);
    expect(got[4]).toBeNaN();
    expect(got.slice(5)).toEqual([1, -1]);
  });

  it("turns int32 into float32 and keeps float32", () => {
    expect(erf(ndarray([0, 1], { dtype: "int32" })).dtype).toBe("float32");
    expect(erf(ndarray([1])).dtype).toBe("float32");
  });

  test.prop([fc.double({ min: -10, max: 10, noNaN: true })], { numRuns: 200 })("is odd and bounded by 1", (x) => {
    const [a, b] = erf(ndarray([x, -x], { dtype: "float64" })).toArray() as number[];
    expect(a).toBe(-b!);
    expect(Math.abs(a!)).toBeLessThanOrEqual(1);
  });

  test.prop([fc.double({ min: -7, max: 7, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true })], { numRuns: 200 })(
    "is non-decreasing",
    (x, dx) => {
      const [a, b] = erf(ndarray([x, x + dx], { dtype: "float64" })).toArray() as number[];
      expect(b!).toBeGreaterThanOrEqual(a!);
    },
  );
});
