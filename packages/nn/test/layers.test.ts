import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { arange, ones, randn, tensor, zeros } from "@tsgrad/autograd";
import { DTypeError, ShapeError, ValueError, ndarray } from "@tsgrad/ndarray";
import {
  AvgPool2d,
  Conv2d,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool2d,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from "@tsgrad/nn";

const f64 = { dtype: "float64" } as const;

/** Elementwise closeness of nested arrays. */
function expectClose(actual: unknown, expected: unknown, tol = 1e-12): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, tol));
  } else {
    expect(Math.abs((actual as number) - (expected as number))).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected as number)));
  }
}

describe("Linear", () => {
  it("computes x Wᵀ + b for hand values, over any leading axes", () => {
    const fc1 = new Linear(2, 3, f64);
    fc1.loadStateDict({ weight: tensor([[1, 2], [3, 4], [5, 6]], f64), bias: tensor([0.5, -0.5, 1], f64) });
    expect(fc1.forward(tensor([[1, 1], [2, -1]], f64)).toArray()).toEqual([[3.5, 6.5, 12], [0.5, 1.5, 5]]);
    expect(fc1.forward(zeros([4, 5, 2], f64)).shape).toEqual([4, 5, 3]);
    expect(fc1.forward(tensor([1, 0], f64)).toArray()).toEqual([1.5, 2.5, 6]);
  });

  it("has PyTorch's shapes, bias option and default initialisation bounds", () => {
    const fc1 = new Linear(16, 4, { seed: 0 });
    expect(fc1.weight.shape).toEqual([4, 16]);
    expect(fc1.bias!.shape).toEqual([4]);
    const bound = 1 / Math.sqrt(16);
    for (const p of fc1.parameters()) expect((p.toArray() as number[] | number[][]).flat().every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(new Linear(3, 2, { bias: false }).bias).toBeNull();
    expect(new Linear(3, 2, { bias: false }).parameters()).toHaveLength(1);
  });

  it("is reproducible from a seed, and a generator continues its stream", () => {
    expect(new Linear(3, 2, { seed: 7 }).weight.toArray()).toEqual(new Linear(3, 2, { seed: 7 }).weight.toArray());
    expect(new Linear(3, 2, { seed: 7 }).weight.toArray()).not.toEqual(new Linear(3, 2, { seed: 8 }).weight.toArray());
  });

  it("names the shapes when the input does not fit", () => {
    expect(() => new Linear(3, 2).forward(zeros([4, 2]))).toThrow(ShapeError);
    expect(() => new Linear(3, 2).forward(zeros([4, 2]))).toThrow(/\[\.\.\., 3\], got \[4, 2\]/);
    expect(() => new Linear(-1, 2)).toThrow(ValueError);
    expect(() => new Linear(2, 2, { seed: 1, generator: undefined })).not.toThrow();
    expect(() => new Linear(3, 2).forward([1, 2, 3] as never)).toThrow(/Linear: expected a Tensor as input, got an array$/);
    expect(() => new Linear(3, 2).forward(ndarray([1, 2, 3]) as never)).toThrow(/Linear: expected a Tensor as input, got an NDArray; wrap it with tensor\(\.\.\.\)/);
  });
});

describe("Conv2d", () => {
  it("convolves hand values, with bias, and backpropagates", () => {
    const conv = new Conv2d(1, 1, 2, f64);
    conv.loadStateDict({ weight: ones([1, 1, 2, 2], f64), bias: tensor([0.5], f64) });
    const x = tensor(arange(1, 10, 1, f64).reshape([1, 1, 3, 3]), { requiresGrad: true });
    const y = conv.forward(x);
    expect(y.toArray()).toEqual([[[[12.5, 16.5], [24.5, 28.5]]]]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
    expect(conv.bias!.grad!.toArray()).toEqual([4]);
  });

  it("has PyTorch's weight shape and output sizes for stride, padding, dilation and groups", () => {
    const conv = new Conv2d(4, 6, [3, 5], { stride: 2, padding: [1, 2], groups: 2, seed: 0 });
    expect(conv.weight.shape).toEqual([6, 2, 3, 5]);
    expect(conv.forward(zeros([2, 4, 9, 10])).shape).toEqual([2, 6, 5, 5]);
    const dilated = new Conv2d(1, 2, 3, { dilation: 2, seed: 0 });
    expect(dilated.forward(zeros([1, 1, 7, 7])).shape).toEqual([1, 2, 3, 3]);
    expect(new Conv2d(3, 8, 3, { padding: "same", seed: 0 }).forward(zeros([1, 3, 5, 6])).shape).toEqual([1, 8, 5, 6]);
    expect(new Conv2d(3, 8, 3, { padding: "valid", seed: 0 }).forward(zeros([1, 3, 5, 6])).shape).toEqual([1, 8, 3, 4]);
    const bound = 1 / Math.sqrt(2 * 3 * 5);
    expect((conv.weight.toTypedArray() as Float32Array).every((v) => Math.abs(v) <= bound)).toBe(true);
  });

  it("accepts an unbatched (C, H, W) input", () => {
    const conv = new Conv2d(2, 3, 3, { padding: 1, seed: 1 });
    const x = randn([2, 4, 4], { seed: 2 });
    const batched = conv.forward(x.reshape([1, 2, 4, 4]));
    const unbatched = conv.forward(x);
    expect(unbatched.shape).toEqual([3, 4, 4]);
    expect(unbatched.toArray()).toEqual(batched.toArray()[0 as never]);
  });

  it("rejects bad channels and options with clear errors", () => {
    expect(() => new Conv2d(3, 4, 3).forward(zeros([1, 2, 5, 5]))).toThrow(/\(N, 3, H, W\)/);
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(/groups=2 must divide/);
    expect(() => new Conv2d(3, 4, 3, { padding: "same", stride: 2 })).toThrow(/stride 1/);
    expect(() => new Conv2d(3, 4, 0)).toThrow(ValueError);
    expect(new Conv2d(3, 4, 3, { stride: 2, padding: 1, bias: false }).extraRepr()).toBe("3, 4, kernelSize=[3, 3], stride=[2, 2], padding=[1, 1], bias=false");
  });
});

describe("pooling", () => {
  const x = tensor([[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]]]);

  it("MaxPool2d takes window maxima and routes the gradient to them", () => {
    expect(new MaxPool2d(2).forward(x).toArray()).toEqual([[[[6, 8], [14, 16]]]]);
    expect(new MaxPool2d(3, { stride: 1 }).forward(x).toArray()).toEqual([[[[11, 12], [15, 16]]]]);
    expect(new MaxPool2d(2, { stride: 1, padding: 1 }).forward(x).shape).toEqual([1, 1, 5, 5]);
    const v = tensor(x, { requiresGrad: true });
    new MaxPool2d(2).forward(v).sum().backward();
    expect(v.grad!.toArray()).toEqual([[[[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]]]);
    expect(new MaxPool2d(2).forward(x.reshape([1, 4, 4])).shape).toEqual([1, 2, 2]);
    expect(() => new MaxPool2d(2).forward(zeros([4, 4]))).toThrow(ShapeError);
  });

  it("AvgPool2d takes window means, padding counted as zeros", () => {
    expect(new AvgPool2d(2).forward(x).toArray()).toEqual([[[[3.5, 5.5], [11.5, 13.5]]]]);
    expect(new AvgPool2d(2, { stride: 2, padding: 1 }).forward(x).toArray()[0 as never]).toEqual([[[0.25, 1.25, 1], [3.5, 8.5, 5], [3.25, 7.25, 4]]]);
    expect(new AvgPool2d([1, 2]).forward(x.reshape([1, 4, 4])).shape).toEqual([1, 4, 2]);
  });

  it("ceilMode and countIncludePad behave as PyTorch's ceil_mode and count_include_pad, and show in the repr", () => {
    expect(new MaxPool2d(3, { stride: 2, ceilMode: true }).forward(x).toArray()).toEqual([[[[11, 12], [15, 16]]]]);
    expect(new MaxPool2d(3, { stride: 2 }).forward(x).toArray()).toEqual([[[[11]]]]);
    // The last window holds 2×2 elements and divides by 4 (nothing past the input counts).
    expect(new AvgPool2d(3, { stride: 2, ceilMode: true }).forward(x).toArray()).toEqual([[[[6, 7.5], [12, 13.5]]]]);
    expect(new AvgPool2d(2, { stride: 2, padding: 1, countIncludePad: false }).forward(x).toArray()[0 as never]).toEqual([[[1, 2.5, 4], [7, 8.5, 10], [13, 14.5, 16]]]);
    expect(new MaxPool2d(2, { ceilMode: true }).extraRepr()).toBe("kernelSize=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1], ceilMode=true");
    expect(new AvgPool2d(2).extraRepr()).toBe("kernelSize=[2, 2], stride=[2, 2], padding=[0, 0], ceilMode=false, countIncludePad=true");
    expect(() => new AvgPool2d(2, { countIncludePad: "no" as unknown as boolean })).toThrow(/AvgPool2d: options: invalid countIncludePad "no"; expected true or false/);
  });
});

describe("shape and activation layers", () => {
  it("Flatten merges startDim…endDim", () => {
    expect(new Flatten().forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(new Flatten(0).forward(zeros([2, 3])).shape).toEqual([6]);
    expect(new Flatten(1, 2).forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
  });

  it("ReLU, LeakyReLU, Tanh, Sigmoid, Identity give hand values", () => {
    const x = tensor([-2, -0.5, 0, 1.5], f64);
    expect(new ReLU().forward(x).toArray()).toEqual([0, 0, 0, 1.5]);
    expect(new LeakyReLU(0.1).forward(x).toArray()).toEqual([-0.2, -0.05, 0, 1.5]);
    expect(new LeakyReLU().negativeSlope).toBe(0.01);
    expectClose(new Tanh().forward(x).toArray(), [-0.9640275800758169, -0.46211715726000974, 0, 0.9051482536448664]);
    expectClose(new Sigmoid().forward(x).toArray(), [0.11920292202211755, 0.3775406687981454, 0.5, 0.8175744761936437]);
    expect(new Identity().forward(x)).toBe(x);
  });

  it("GELU is exact by default (erf) and the tanh form on request", () => {
    const x = tensor([-2, -0.5, 0, 1, 3], f64);
    expectClose(new GELU().forward(x).toArray(), [-0.04550026389635842, -0.15426876936299344, 0, 0.8413447460685429, 2.99595030590511], 1e-14);
    expectClose(
      new GELU({ approximate: "tanh" }).forward(x).toArray(),
      [-0.04540230591222494, -0.15428599017485606, 0, 0.8411919906082768, 2.996362607918227],
      1e-14,
    );
    expect(() => new GELU({ approximate: "fast" as never })).toThrow(ValueError);
  });

  it("Softmax and LogSoftmax normalise along dim", () => {
    const x = tensor([[1, 2, 3], [0, 0, 0]], f64);
    const p = new Softmax(1).forward(x).toArray() as number[][];
    expectClose(p[0], [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]);
    expectClose(p[1], [1 / 3, 1 / 3, 1 / 3]);
    expectClose(new Softmax(0).forward(x).toArray(), [
      [0.7310585786300049, 0.8807970779778823, 0.9525741268224334],
      [0.2689414213699951, 0.11920292202211755, 0.04742587317756678],
    ]);
    expectClose(new LogSoftmax().forward(x).toArray(), p.map((row) => row.map(Math.log)));
  });
});

describe("LayerNorm", () => {
  it("normalises each sample over the trailing axes with the biased variance", () => {
    const ln = new LayerNorm(3, f64);
    const s = Math.sqrt(2 / 3 + 1e-5);
    expectClose(ln.forward(tensor([[1, 2, 3], [10, 10, 13]], f64)).toArray(), [
      [-1 / s, 0, 1 / s],
      [-1 / Math.sqrt(2 + 1e-5), -1 / Math.sqrt(2 + 1e-5), 2 / Math.sqrt(2 + 1e-5)],
    ]);
  });

  it("applies weight and bias elementwise, over several trailing axes", () => {
    const ln = new LayerNorm([2, 2], { eps: 0, dtype: "float64" });
    ln.loadStateDict({ weight: tensor([[1, 2], [3, 4]], f64), bias: tensor([[0, 0], [0, 1]], f64) });
    // x = [[1, 2], [3, 4]]: mean 2.5, variance 1.25.
    const z = [-1.5, -0.5, 0.5, 1.5].map((v) => v / Math.sqrt(1.25));
    expectClose(ln.forward(tensor([[[1, 2], [3, 4]]], f64)).toArray(), [[[z[0]!, 2 * z[1]!], [3 * z[2]!, 4 * z[3]! + 1]]]);
  });

  test.prop([fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 8 })], { numRuns: 50 })(
    "gives mean 0 and variance 1 per sample (eps 0, no affine)",
    (row) => {
      fc.pre(Math.max(...row) - Math.min(...row) > 1e-3);
      const y = new LayerNorm(row.length, { eps: 0, elementwiseAffine: false, dtype: "float64" }).forward(tensor([row], f64)).toArray() as number[][];
      const m = y[0]!.reduce((a, b) => a + b, 0) / row.length;
      const v = y[0]!.reduce((a, b) => a + (b - m) ** 2, 0) / row.length;
      expect(Math.abs(m)).toBeLessThan(1e-9);
      expect(Math.abs(v - 1)).toBeLessThan(1e-9);
    },
  );

  it("has PyTorch's parameters and rejects wrong trailing shapes", () => {
    const ln = new LayerNorm([4, 5]);
    expect(ln.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["weight", [4, 5]],
      ["bias", [4, 5]],
    ]);
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toHaveLength(0);
    expect(new LayerNorm(4, { bias: false }).parameters()).toHaveLength(1);
    expect(() => ln.forward(zeros([2, 5, 4]))).toThrow(/\[\.\.\., 4, 5\], got \[2, 5, 4\]/);
    expect(() => new LayerNorm([])).toThrow(ValueError);
    expect(ln.extraRepr()).toBe("[4, 5], eps=0.00001, elementwiseAffine=true");
  });
});

describe("Embedding", () => {
  it("looks up rows for indices of any shape and accumulates gradients of repeated rows", () => {
    const emb = new Embedding(4, 2, f64);
    emb.loadStateDict({ weight: tensor([[0, 1], [2, 3], [4, 5], [6, 7]], f64) });
    const y = emb.forward(tensor([[3, 1], [1, 0]], { dtype: "int32" }));
    expect(y.toArray()).toEqual([[[6, 7], [2, 3]], [[2, 3], [0, 1]]]);
    y.sum().backward();
    expect(emb.weight.grad!.toArray()).toEqual([[1, 1], [2, 2], [0, 0], [1, 1]]);
  });

  it("keeps the padding row at zero and gives it no gradient", () => {
    const emb = new Embedding(5, 3, { paddingIdx: -1, seed: 0 });
    expect(emb.paddingIdx).toBe(4);
    expect(emb.weight.toArray()[4 as never]).toEqual([0, 0, 0]);
    emb.forward(tensor([4, 2, 4], { dtype: "int32" })).sum().backward();
    const g = emb.weight.grad!.toArray() as number[][];
    expect(g[4]).toEqual([0, 0, 0]);
    expect(g[2]).toEqual([1, 1, 1]);
  });

  it("rejects non-integer and out-of-range indices", () => {
    const emb = new Embedding(3, 2);
    expect(() => emb.forward(tensor([0, 1]))).toThrow(DTypeError);
    expect(() => emb.forward(ndarray([0, 1], { dtype: "int32" }) as never)).toThrow(/Embedding: expected int32 indices as a Tensor, got an NDArray; wrap it with tensor\(\.\.\., \{ dtype: "int32" \}\)/);
    expect(() => emb.forward(tensor([0, 3], { dtype: "int32" }))).toThrow(/index 3 is out of range for an embedding of 3 rows/);
    expect(() => emb.forward(tensor([-1], { dtype: "int32" }))).toThrow(ValueError);
    expect(() => new Embedding(3, 2, { paddingIdx: 3 })).toThrow(ValueError);
  });
});

describe("Dropout", () => {
  it("zeroes about p of the elements, scales the rest by 1/(1−p), reproducibly from a seed", () => {
    const x = ones([20000]);
    const y = new Dropout(0.3, { seed: 5 }).forward(x).toTypedArray() as Float32Array;
    const scale = Math.fround(1 / Math.fround(0.7));
    expect(y.every((v) => v === 0 || Math.abs(v - scale) < 1e-6)).toBe(true);
    const kept = y.filter((v) => v !== 0).length / y.length;
    expect(Math.abs(kept - 0.7)).toBeLessThan(0.02);
    expect(new Dropout(0.3, { seed: 5 }).forward(x).toArray()).toEqual(Array.from(y));
    const d = new Dropout(0.3, { seed: 5 });
    expect(d.forward(x).toArray()).not.toEqual(d.forward(x).toArray());
  });

  it("is the identity in evaluation mode and for p = 0; gives zeros for p = 1", () => {
    const x = tensor(randn([3, 4], { seed: 0 }));
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect((new Dropout(1).forward(x).toTypedArray() as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it("passes the gradient through the kept elements only, scaled", () => {
    const x = tensor(ones([1000], f64), { requiresGrad: true });
    const y = new Dropout(0.5, { seed: 1 }).forward(x);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual(y.toArray());
  });

  it("validates p", () => {
    expect(() => new Dropout(1.5)).toThrow(ValueError);
    expect(() => new Dropout(Number.NaN)).toThrow(ValueError);
    expect(() => new Dropout(0.5).forward(tensor([1], { dtype: "int32" }))).toThrow(DTypeError);
  });
});
