import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { Generator, type NDArray, DTypeError, ValueError, zeros as ndZeros } from "@tsgrad/ndarray";
import { type Tensor, zeros } from "@tsgrad/autograd";
import { Conv2d, Linear, Parameter, init } from "@tsgrad/nn";

function stats(t: Tensor | NDArray): { mean: number; std: number; min: number; max: number } {
  const a = Array.from(t.toTypedArray());
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  return { mean, std, min: Math.min(...a), max: Math.max(...a) };
}

/** The standard error of a sample standard deviation is about std / √(2n); allow 5 of them. */
function expectStd(actual: number, expected: number, n: number): void {
  expect(Math.abs(actual - expected)).toBeLessThan((5 * expected) / Math.sqrt(2 * n));
}

const SHAPE = [256, 128]; // fanIn 128, fanOut 256
const N = 256 * 128;

describe("gain and fans (PyTorch's formulas)", () => {
  it("calculateGain", () => {
    expect(init.calculateGain("linear")).toBe(1);
    expect(init.calculateGain("conv2d")).toBe(1);
    expect(init.calculateGain("sigmoid")).toBe(1);
    expect(init.calculateGain("tanh")).toBe(5 / 3);
    expect(init.calculateGain("relu")).toBe(Math.SQRT2);
    expect(init.calculateGain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain("leaky_relu", Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain("selu")).toBe(0.75);
    expect(() => init.calculateGain("swish" as never)).toThrow(ValueError);
  });

  it("calculateFanInAndFanOut", () => {
    expect(init.calculateFanInAndFanOut([3, 5])).toEqual({ fanIn: 5, fanOut: 3 });
    expect(init.calculateFanInAndFanOut([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400 });
    expect(() => init.calculateFanInAndFanOut([4])).toThrow(/fewer than 2 dimensions/);
  });
});

describe("random initialisers: bounds and statistics", () => {
  it("kaimingUniform: U(−b, b), b = gain·√(3/fan)", () => {
    const w = init.kaimingUniform(new Parameter(zeros(SHAPE, { dtype: "float64" })), { nonlinearity: "relu", seed: 1 });
    const bound = Math.SQRT2 * Math.sqrt(3 / 128);
    const s = stats(w.data);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.min).toBeGreaterThanOrEqual(-bound);
    expect(s.max).toBeGreaterThan(0.99 * bound);
    expectStd(s.std, bound / Math.sqrt(3), N);
    const fanOut = init.kaimingUniform(zeros(SHAPE, { dtype: "float64" }), { mode: "fan_out", nonlinearity: "relu", seed: 1 });
    expect(stats(fanOut).max).toBeLessThanOrEqual(Math.SQRT2 * Math.sqrt(3 / 256));
  });

  it("kaimingNormal: N(0, gain²/fan), default leaky_relu with a = 0", () => {
    const s = stats(init.kaimingNormal(zeros(SHAPE, { dtype: "float64" }), { seed: 2 }));
    expect(Math.abs(s.mean)).toBeLessThan(5 * (Math.SQRT2 / Math.sqrt(128)) / Math.sqrt(N));
    expectStd(s.std, Math.SQRT2 / Math.sqrt(128), N);
    const leaky = stats(init.kaimingNormal(zeros(SHAPE, { dtype: "float64" }), { a: 0.2, mode: "fan_out", seed: 3 }));
    expectStd(leaky.std, Math.sqrt(2 / 1.04) / Math.sqrt(256), N);
  });

  it("xavierUniform and xavierNormal: std = gain·√(2/(fanIn+fanOut))", () => {
    const std = Math.sqrt(2 / (128 + 256));
    const u = stats(init.xavierUniform(zeros(SHAPE, { dtype: "float64" }), 1, { seed: 4 }));
    expect(Math.max(u.max, -u.min)).toBeLessThanOrEqual(Math.sqrt(3) * std);
    expectStd(u.std, std, N);
    const n = stats(init.xavierNormal(zeros(SHAPE, { dtype: "float64" }), 5 / 3, { seed: 5 }));
    expectStd(n.std, (5 / 3) * std, N);
  });

  it("uniform and normal", () => {
    const u = stats(init.uniform(zeros([N], { dtype: "float64" }), -2, 3, { seed: 6 }));
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThanOrEqual(3);
    expect(Math.abs(u.mean - 0.5)).toBeLessThan(0.05);
    expectStd(u.std, 5 / Math.sqrt(12), N);
    const n = stats(init.normal(zeros([N], { dtype: "float64" }), 10, 0.5, { seed: 7 }));
    expect(Math.abs(n.mean - 10)).toBeLessThan(0.02);
    expectStd(n.std, 0.5, N);
    expect(() => init.uniform(zeros([2]), 1, 0)).toThrow(ValueError);
    expect(() => init.normal(zeros([2]), 0, -1)).toThrow(ValueError);
  });

  it("Linear and Conv2d default to U(−1/√fanIn, 1/√fanIn) for weight and bias", () => {
    const fc1 = new Linear(400, 300, { seed: 8, dtype: "float64" });
    const b = 1 / Math.sqrt(400);
    const w = stats(fc1.weight.data);
    expect(Math.max(w.max, -w.min)).toBeLessThanOrEqual(b);
    expectStd(w.std, b / Math.sqrt(3), 400 * 300);
    const bias = stats(fc1.bias!.data);
    expect(Math.max(bias.max, -bias.min)).toBeLessThanOrEqual(b);
    const conv = new Conv2d(8, 64, 3, { groups: 2, seed: 9, dtype: "float64" });
    const cb = 1 / Math.sqrt(4 * 9);
    const cw = stats(conv.weight.data);
    expect(Math.max(cw.max, -cw.min)).toBeLessThanOrEqual(cb);
    expectStd(cw.std, cb / Math.sqrt(3), 64 * 4 * 9);
  });
});

describe("initialiser mechanics", () => {
  it("replaces a Tensor's data in place (identity, shape and dtype kept; the old values untouched) and refuses an NDArray", () => {
    const p = new Parameter(zeros([3, 4]));
    expect(init.xavierNormal(p, 1, { seed: 0 })).toBe(p);
    expect(p.shape).toEqual([3, 4]);
    expect(p.dtype).toBe("float32");
    const t = zeros([3, 4], { dtype: "float64" });
    const before = t.data;
    const u = init.uniform(t, 0, 1, { seed: 0 });
    expect(u).toBe(t);
    expect(t.data).not.toBe(before);
    expect(t.dtype).toBe("float64");
    expect(t.requiresGrad).toBe(false);
    expect(t.toArray()).not.toEqual(zeros([3, 4]).toArray());
    expect(before.toArray()).toEqual(zeros([3, 4]).toArray());
    const nd = ndZeros([3, 4]);
    expect(() => init.uniform(nd as unknown as Tensor, 0, 1, { seed: 0 })).toThrow(ValueError);
    expect(() => init.uniform(nd as unknown as Tensor, 0, 1, { seed: 0 })).toThrow(/uniform: expected a Tensor \(e\.g\. a Parameter\) to fill, got an NDArray; wrap it with tensor\(\.\.\.\)/);
    expect(nd.toArray()).toEqual(zeros([3, 4]).toArray());
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom("kaimingUniform", "kaimingNormal", "xavierUniform", "xavierNormal", "uniform", "normal")], {
    numRuns: 30,
  })("is reproducible from a seed, and a generator continues its stream", (seed, name) => {
    const run = (opts: { seed?: number; generator?: Generator }): number[] => {
      const t = zeros([4, 3], { dtype: "float64" });
      const f = init[name as "uniform"] as (t: Tensor, ...rest: unknown[]) => Tensor;
      const out = name.startsWith("kaiming") ? f(t, opts) : name.startsWith("xavier") ? f(t, 1, opts) : f(t, 0, 1, opts);
      return Array.from(out.toTypedArray());
    };
    expect(run({ seed })).toEqual(run({ seed }));
    const g = new Generator(seed);
    const first = run({ generator: g });
    expect(first).toEqual(run({ seed }));
    expect(run({ generator: g })).not.toEqual(first);
  });

  it("fills constants; rejects int32 for random fills, seed plus generator, and non-tensors", () => {
    expect(init.zeros(new Parameter([1, 2])).toArray()).toEqual([0, 0]);
    expect(init.ones(zeros([2], { dtype: "int32" })).toArray()).toEqual([1, 1]);
    expect(init.constant(zeros([2]), 3).toArray()).toEqual([3, 3]);
    expect(() => init.normal(zeros([2], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => init.uniform(zeros([2]), 0, 1, { seed: 1, generator: new Generator(1) })).toThrow(/either seed or generator/);
    expect(() => init.zeros([1, 2] as never)).toThrow(ValueError);
    expect(init.kaimingUniform(zeros([0, 3]), { seed: 1 }).shape).toEqual([0, 3]);
  });
});
