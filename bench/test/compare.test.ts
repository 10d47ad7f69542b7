import { describe, expect, it } from "vitest";
import { compareOutputs } from "../src/compare.js";

const f = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe("compareOutputs", () => {
  it("scales each output's difference by that output's largest magnitude", () => {
    const c = compareOutputs({ big: f(1000, -2000), small: f(1e-3, 0) }, { big: f(1000.5, -2000), small: f(1.1e-3, 0) });
    expect(c.maxAbsDiff).toBeCloseTo(0.5, 6);
    expect(c.worstKey).toBe("small");
    expect(c.maxRelDiff).toBeCloseTo(0.1, 4);
    expect(c.ok).toBe(false);
    expect(compareOutputs({ a: f(1, 2) }, { a: f(1, 2.000001) }).ok).toBe(true);
  });

  it("fails on NaN, on missing outputs and on lengths that differ", () => {
    expect(compareOutputs({ a: f(1, 2) }, { a: f(1, NaN) }).ok).toBe(false);
    expect(compareOutputs({ a: f(1) }, { a: f(1), b: f(2) }).mismatched).toEqual(["b"]);
    expect(compareOutputs({ a: f(1) }, { a: f(1, 2) }).mismatched).toEqual(["a"]);
  });
});
