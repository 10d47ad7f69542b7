import { describe, expect, it } from "vitest";
import { Generator, ShapeError, type NDArray, ValueError, ndarray } from "@tsgrad/ndarray";
import { Tensor, randn, tensor } from "@tsgrad/autograd";
import { BatchNorm1d, BatchNorm2d, momentumFromDecay } from "@tsgrad/nn";
import { type Array64, PostBatchNormalization } from "../../autograd/test/oracle/post-batch-norm.js";

const f64 = (shape: number[], seed: number, offset = 0, scale = 1): Tensor =>
  tensor(ndarray(randn(shape, { seed, dtype: "float64" }).toTypedArray().map((v) => offset + scale * v), { shape }));

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** Per-channel mean and population variance of an (N, C, …) array. */
function channelStats(t: Tensor | NDArray): { mean: number[]; variance: number[] } {
  const c = t.shape[1]!;
  const inner = t.shape.slice(2).reduce((a, b) => a * b, 1);
  const data = t.toTypedArray();
  const mean: number[] = [];
  const variance: number[] = [];
  for (let j = 0; j < c; j++) {
    const vals: number[] = [];
    for (let i = 0; i < t.shape[0]!; i++) for (let r = 0; r < inner; r++) vals.push(data[(i * c + j) * inner + r]!);
    const m = vals.reduce((s, v) => s + v, 0) / vals.length;
    mean.push(m);
    variance.push(vals.reduce((s, v) => s + (v - m) ** 2, 0) / vals.length);
  }
  return { mean, variance };
}

describe("BatchNorm1d / BatchNorm2d: PyTorch semantics by default", () => {
  it("starts with weight 1, bias 0, running mean 0, running var 1 and the state dict PyTorch has", () => {
    const bn = new BatchNorm1d(3);
    expect(bn.weight!.toArray()).toEqual([1, 1, 1]);
    expect(bn.bias!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningMean!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningVar!.toArray()).toEqual([1, 1, 1]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect([bn.eps, bn.momentum, bn.affine, bn.trackRunningStats]).toEqual([1e-5, 0.1, true, true]);
    expect(Object.keys(bn.stateDict())).toEqual(["weight", "bias", "runningMean", "runningVar", "numBatchesTracked"]);
    expect(bn.toString()).toContain("BatchNorm1d(3, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)");
  });

  it.each([
    ["BatchNorm1d (N, C)", () => new BatchNorm1d(4, { dtype: "float64" }), [16, 4]],
    ["BatchNorm1d (N, C, L)", () => new BatchNorm1d(4, { dtype: "float64" }), [5, 4, 7]],
    ["BatchNorm2d", () => new BatchNorm2d(4, { dtype: "float64" }), [3, 4, 5, 6]],
  ] as const)("%s normalises each channel in training and updates the running statistics", (_, make, shape) => {
    const bn = make();
    const x = f64([...shape], 1, 3, 2);
    const y = bn.forward(x);
    const ys = channelStats(y);
    for (const m of ys.mean) expect(Math.abs(m)).toBeLessThan(1e-12);
    for (const v of ys.variance) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    const xs = channelStats(x);
    const n = x.size / shape[1]!;
    expectClose(bn.runningMean!.toTypedArray(), xs.mean.map((m) => 0.1 * m), 1e-12);
    expectClose(bn.runningVar!.toTypedArray(), xs.variance.map((v) => 0.9 + 0.1 * v * (n / (n - 1))), 1e-12);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it("eval mode uses the running statistics", () => {
    const bn = new BatchNorm1d(2, { dtype: "float64" });
    bn.weight!.data = ndarray([2, 3], { dtype: "float64" });
    bn.bias!.data = ndarray([1, -1], { dtype: "float64" });
    bn.runningMean = tensor([1, 2], { dtype: "float64" });
    bn.runningVar = tensor([4, 9], { dtype: "float64" });
    bn.eval();
    const y = bn.forward(tensor([[3, 5]], { dtype: "float64" })).toTypedArray();
    expectClose(y, [2 * (2 / Math.sqrt(4 + 1e-5)) + 1, 3 * (3 / Math.sqrt(9 + 1e-5)) - 1], 1e-15);
    expect(bn.runningMean!.toArray()).toEqual([1, 2]);
  });

  it("momentum null is a cumulative moving average", () => {
    const bn = new BatchNorm1d(2, { momentum: null, dtype: "float64" });
    const batches = [1, 2, 3].map((s) => f64([8, 2], s, s));
    for (const b of batches) bn.forward(b);
    const means = batches.map((b) => channelStats(b).mean);
    expectClose(bn.runningMean!.toTypedArray(), [0, 1].map((j) => (means[0]![j]! + means[1]![j]! + means[2]![j]!) / 3), 1e-12);
  });

  it("without trackRunningStats, eval normalises with batch statistics and there are no buffers", () => {
    const bn = new BatchNorm2d(2, { trackRunningStats: false, dtype: "float64" });
    expect(bn.runningMean).toBeNull();
    expect(Object.keys(bn.stateDict())).toEqual(["weight", "bias"]);
    bn.eval();
    const y = bn.forward(f64([2, 2, 3, 3], 4, 10));
    for (const m of channelStats(y).mean) expect(Math.abs(m)).toBeLessThan(1e-12);
  });

  it("training on a single value per channel is an error, as in PyTorch; eval accepts it", () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(tensor([[1, 2, 3]]))).toThrow(ValueError);
    expect(() => bn.forward(tensor([[1, 2, 3]]))).toThrow(/BatchNorm1d: expected more than 1 value per channel when training, got input of shape \[1, 3\]/);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    const bn2 = new BatchNorm2d(2);
    expect(() => bn2.forward(randn([1, 2, 1, 1], { seed: 0 }))).toThrow(/more than 1 value per channel/);
    bn.eval();
    expect(bn.forward(tensor([[1, 2, 3]])).shape).toEqual([1, 3]);
  });

  it("rejects inputs of the wrong rank or channel count, naming the layer and the shapes", () => {
    expect(() => new BatchNorm1d(3).forward(randn([4, 5], { seed: 0 }))).toThrow(ShapeError);
    expect(() => new BatchNorm1d(3).forward(randn([4, 5], { seed: 0 }))).toThrow(/BatchNorm1d: expected input of shape \(N, C\) or \(N, C, L\) with C = 3, got \[4, 5\]/);
    expect(() => new BatchNorm2d(3).forward(randn([4, 3, 2], { seed: 0 }))).toThrow(/BatchNorm2d/);
    expect(() => new BatchNorm1d(0)).toThrow(/numFeatures/);
    expect(() => new BatchNorm1d(3, { momentum: 2 })).toThrow(/momentum/);
  });

  it("fused and composed layers give the same outputs, gradients and running statistics", () => {
    const x = f64([6, 3, 4], 9, 2, 3);
    const g = f64([6, 3, 4], 10);
    const run = (fused: boolean) => {
      const bn = new BatchNorm1d(3, { fused, dtype: "float64" });
      bn.weight!.data = ndarray([0.5, -2, 1.5], { dtype: "float64" });
      const xv = tensor(x, { requiresGrad: true });
      const y = bn.forward(xv);
      y.backward(g);
      return [y, xv.grad!, bn.weight!.grad!, bn.bias!.grad!, bn.runningMean!, bn.runningVar!];
    };
    const a = run(true);
    const b = run(false);
    a.forEach((t, i) => expectClose(t.toTypedArray(), b[i]!.toTypedArray(), 1e-10));
  });

  it("the running statistics are Tensor buffers updated in place, as PyTorch's: they keep their identity", () => {
    const bn = new BatchNorm1d(2, { dtype: "float64" });
    const [mean, variance, tracked] = [bn.runningMean!, bn.runningVar!, bn.numBatchesTracked!];
    expect(bn.namedBuffers()).toEqual([
      ["runningMean", mean],
      ["runningVar", variance],
      ["numBatchesTracked", tracked],
    ]);
    bn.forward(f64([4, 2], 1, 5));
    expect([bn.runningMean, bn.runningVar, bn.numBatchesTracked]).toEqual([mean, variance, tracked]);
    expect(bn.runningMean).toBe(mean);
    expect(bn.runningVar).toBe(variance);
    expect(bn.numBatchesTracked).toBe(tracked);
    expect(tracked.item()).toBe(1);
    expect(mean.toArray()).not.toEqual([0, 0]);
    bn.resetRunningStats();
    expect(bn.runningMean).toBe(mean);
    expect([mean.toArray(), variance.toArray(), tracked.item()]).toEqual([[0, 0], [1, 1], 0]);
  });

  it("running statistics are updated from detached values (no graph, gradients unchanged)", () => {
    const bn = new BatchNorm1d(2, { dtype: "float64" });
    const xv = tensor(f64([5, 2], 3), { requiresGrad: true });
    const y = bn.forward(xv);
    expect(bn.runningMean).toBeInstanceOf(Tensor);
    expect([bn.runningMean!.requiresGrad, bn.runningMean!.isLeaf, bn.runningVar!.requiresGrad, bn.runningVar!.isLeaf]).toEqual([false, true, false, true]);
    y.sum().backward();
    for (const v of xv.grad!.toTypedArray()) expect(Math.abs(v)).toBeLessThan(1e-10);
  });
});

describe("the post's BatchNormalization class, reproduced by convention: 'post'", () => {
  function postCase(shape: number[], steps: number): void {
    const c = shape[1]!;
    const gen = new Generator(42);
    const gamma = Float64Array.from({ length: c }, () => 1 + 0.5 * gen.normal());
    const beta = Float64Array.from({ length: c }, () => gen.normal());
    const post = new PostBatchNormalization(gamma.slice(), beta.slice(), 0.9);
    const ctor = shape.length === 4 ? BatchNorm2d : BatchNorm1d;
    const bn = new ctor(c, { convention: "post", dtype: "float64" });
    bn.weight!.data = ndarray(gamma.slice());
    bn.bias!.data = ndarray(beta.slice());
    expect([bn.eps, bn.momentum]).toEqual([1e-8, 0.1]);
    for (let step = 0; step < steps; step++) {
      const x = f64(shape, 100 + step, 5 * step - 3, 1 + step);
      const dout = f64(shape, 200 + step);
      const expected = post.forward({ data: x.toTypedArray() as Float64Array, shape } satisfies Array64, true);
      const dxExpected = post.backward({ data: dout.toTypedArray() as Float64Array, shape });
      bn.zeroGrad();
      const xv = tensor(x, { requiresGrad: true });
      const y = bn.forward(xv);
      y.backward(dout);
      expectClose(y.toTypedArray(), expected.data, 1e-12);
      expectClose(xv.grad!.toTypedArray(), dxExpected.data, 1e-12);
      expectClose(bn.weight!.grad!.toTypedArray(), post.dgamma!, 1e-12);
      expectClose(bn.bias!.grad!.toTypedArray(), post.dbeta!, 1e-12);
      expectClose(bn.runningMean!.toTypedArray(), post.movingMean!, 1e-12);
      expectClose(bn.runningVar!.toTypedArray(), post.movingVar!, 1e-12);
    }
    bn.eval();
    const xTest = f64(shape, 999, 1, 2);
    const expected = post.forward({ data: xTest.toTypedArray() as Float64Array, shape }, false);
    expectClose(bn.forward(xTest).toTypedArray(), expected.data, 1e-12);
  }

  it("2-D: training forward, dx, dgamma, dbeta and moving averages over 5 steps, then inference", () => postCase([12, 4], 5));
  it("4-D NCHW: the same through the post's NHWC transpose", () => postCase([3, 2, 4, 5], 5));
  it("the composed path reproduces it too", () => {
    const bn = new BatchNorm1d(3, { convention: "post", fused: false, dtype: "float64" });
    const post = new PostBatchNormalization(new Float64Array([1, 1, 1]), new Float64Array([0, 0, 0]), 0.9);
    const x = f64([7, 3], 5, 2);
    expectClose(bn.forward(x).toTypedArray(), post.forward({ data: x.toTypedArray() as Float64Array, shape: [7, 3] }).data, 1e-12);
    expectClose(bn.runningVar!.toTypedArray(), post.movingVar!, 1e-12);
  });
});

describe("Keras convention", () => {
  it("momentum 0.99 as decay (m = 0.01), biased moving variance, eps 1e-3, moving variance starts at 1", () => {
    const bn = new BatchNorm1d(2, { convention: "keras", dtype: "float64" });
    expect(bn.eps).toBe(1e-3);
    expect(bn.momentum).toBeCloseTo(momentumFromDecay(0.99), 15);
    const x = f64([10, 2], 7, 4, 3);
    bn.forward(x);
    const s = channelStats(x);
    expectClose(bn.runningMean!.toTypedArray(), s.mean.map((m) => 0.01 * m), 1e-12);
    expectClose(bn.runningVar!.toTypedArray(), s.variance.map((v) => 0.99 + 0.01 * v), 1e-12);
  });
});
