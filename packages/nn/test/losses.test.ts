// Losses against values derived by hand or by independent float64 loops written here from
// PyTorch's documented formulas; errors; stability at extreme logits.
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { Tensor, tensor } from "@tsgrad/autograd";
import { DTypeError, type NestedArray, ShapeError, NDArray, TsgradError, ValueError, ndarray } from "@tsgrad/ndarray";
import { bceWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss, type Reduction } from "@tsgrad/nn";
import { f64, numbers } from "./losses-helpers.js";
import { expectError } from "./expect-error.js";

const int32 = (data: NestedArray): Tensor => tensor(data, { dtype: "int32" });

function expectClose(actual: number, expected: number, rtol = 1e-12, atol = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected));
}

function expectAllClose(actual: NDArray | Tensor, expected: readonly number[], rtol = 1e-12, atol = 1e-12): void {
  const got = (actual instanceof Tensor ? actual.data : actual).toTypedArray();
  expect(got.length).toBe(expected.length);
  expected.forEach((e, i) => expectClose(got[i]!, e, rtol, atol));
}

/**
 * PyTorch's cross_entropy with class indices, by plain loops over flat arrays:
 * logits (N, C, S) flattened row-major, targets (N, S).
 */
function referenceCrossEntropy(
  logits: readonly number[],
  targets: readonly number[],
  n: number,
  c: number,
  s: number,
  opts: { weight?: readonly number[]; ignoreIndex?: number; labelSmoothing?: number; reduction?: Reduction } = {},
): number[] {
  const { weight, ignoreIndex = -100, labelSmoothing: eps = 0, reduction = "mean" } = opts;
  const w = (k: number): number => (weight ? weight[k]! : 1);
  const nll: number[] = [];
  const smooth: number[] = [];
  let denom = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < s; j++) {
      const at = (k: number): number => logits[(i * c + k) * s + j]!;
      let m = -Infinity;
      for (let k = 0; k < c; k++) m = Math.max(m, at(k));
      let z = 0;
      for (let k = 0; k < c; k++) z += Math.exp(at(k) - m);
      const logp = (k: number): number => at(k) - m - Math.log(z);
      const y = targets[i * s + j]!;
      if (y === ignoreIndex) {
        nll.push(0);
        smooth.push(0);
        continue;
      }
      nll.push(-w(y) * logp(y));
      let sm = 0;
      for (let k = 0; k < c; k++) sm -= w(k) * logp(k);
      smooth.push(sm);
      denom += w(y);
    }
  }
  const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  if (reduction === "none") return nll.map((v, i) => (1 - eps) * v + (eps / c) * smooth[i]!);
  if (reduction === "sum") return [(1 - eps) * total(nll) + (eps / c) * total(smooth)];
  return [(1 - eps) * (total(nll) / denom) + (eps / c) * (total(smooth) / denom)];
}

describe("crossEntropy", () => {
  it("is ln C for equal logits and matches a hand value", () => {
    expectClose(crossEntropy(tensor([[0, 0, 0]]), int32([1])).item(), Math.log(3), 1e-6);
    // −log(e³ / (e¹ + e² + e³)) = log(1 + e⁻¹ + e⁻²)
    const x = tensor([[1, 2, 3]], { dtype: "float64" });
    expectClose(crossEntropy(x, int32([2])).item(), Math.log(1 + Math.exp(-1) + Math.exp(-2)));
    expectClose(0.40760596444438, Math.log(1 + Math.exp(-1) + Math.exp(-2)), 1e-12);
  });

  it("averages per-sample losses and supports sum and none", () => {
    const logits = [2, 0, -1, 0.5, 1, 0];
    const x = f64(logits, [2, 3]);
    const t = int32([0, 1]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      expectAllClose(crossEntropy(x, t, { reduction }), referenceCrossEntropy(logits, [0, 1], 2, 3, 1, { reduction }));
    }
  });

  it("stays finite and exact for logits of ±1e4", () => {
    const x = tensor([[1e4, -1e4], [-1e4, 1e4]], { dtype: "float64", requiresGrad: true });
    const loss = crossEntropy(x, int32([0, 0]));
    expect(loss.item()).toBe(1e4); // (0 + 2e4) / 2
    loss.backward();
    // (softmax − one-hot) / N
    expectAllClose(x.grad!, [0, 0, -0.5, 0.5]);
    const x32 = tensor([[1e4, -1e4, 0]], { requiresGrad: true });
    const l32 = crossEntropy(x32, int32([1]), { labelSmoothing: 0.1 });
    l32.backward();
    expect(Number.isFinite(l32.item())).toBe(true);
    expect([...x32.grad!.toTypedArray()].every(Number.isFinite)).toBe(true);
  });

  it("label smoothing follows PyTorch: (1 − ε)·nll + ε·mean over classes of −log p", () => {
    const logits = [2, 0, -1, 0.5, 1, 0];
    const x = f64(logits, [2, 3]);
    const eps = 0.2;
    // By hand for this case: per sample (1 − ε)(−log p_y) + (ε/C)·Σ_c −log p_c, averaged.
    const rows = [logits.slice(0, 3), logits.slice(3)];
    const hand =
      rows
        .map((r, i) => {
          const lse = Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
          const y = [0, 1][i]!;
          return (1 - eps) * (lse - r[y]!) + (eps / 3) * r.reduce((a, v) => a + (lse - v), 0);
        })
        .reduce((a, b) => a + b, 0) / 2;
    expectClose(crossEntropy(x, int32([0, 1]), { labelSmoothing: eps }).item(), hand);
  });

  it("weights, ignoreIndex and label smoothing together match the reference (PyTorch's weighted mean)", () => {
    const logits = numbers(4 * 3, 11, -3, 3);
    const targets = [2, -100, 0, 1];
    const weight = [0.5, 2, 1.25];
    const x = f64(logits, [4, 3]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      for (const labelSmoothing of [0, 0.3]) {
        const got = crossEntropy(x, int32(targets), { weight: f64(weight, [3]), reduction, labelSmoothing });
        expectAllClose(got, referenceCrossEntropy(logits, targets, 4, 3, 1, { weight, reduction, labelSmoothing }));
      }
    }
    const custom = crossEntropy(x, int32([2, 1, 1, 1]), { ignoreIndex: 1, reduction: "none" });
    expectAllClose(custom, referenceCrossEntropy(logits, [2, 1, 1, 1], 4, 3, 1, { ignoreIndex: 1, reduction: "none" }));
  });

  it("every target ignored gives NaN for the mean, as PyTorch", () => {
    expect(Number.isNaN(crossEntropy(f64([1, 2], [1, 2]), int32([-100])).item())).toBe(true);
  });

  it("handles (N, C, d1, d2) inputs", () => {
    const logits = numbers(2 * 3 * 2 * 2, 5, -2, 2);
    const targets = [0, 1, 2, 1, 2, 2, 0, -100];
    const x = f64(logits, [2, 3, 2, 2]);
    const t = int32([[[0, 1], [2, 1]], [[2, 2], [0, -100]]]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      const got = crossEntropy(x, t, { reduction, labelSmoothing: 0.1, weight: f64([1, 2, 3], [3]) });
      expectAllClose(got, referenceCrossEntropy(logits, targets, 2, 3, 4, { reduction, labelSmoothing: 0.1, weight: [1, 2, 3] }));
      if (reduction === "none") expect([...got.shape]).toEqual([2, 2, 2]);
    }
  });

  it("accepts an unbatched (C) input with a 0-d target", () => {
    const x = f64([1, 2, 3], [3]);
    expectClose(crossEntropy(x, int32(2)).item(), Math.log(1 + Math.exp(-1) + Math.exp(-2)));
    const none = crossEntropy(x, int32(0), { reduction: "none" });
    expect([...none.shape]).toEqual([]);
    expectClose(none.item(), Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1);
  });

  it("accepts class probabilities; one-hot probabilities equal class indices, smoothing included", () => {
    const logits = numbers(3 * 4, 3, -2, 2);
    const x = f64(logits, [3, 4]);
    const targets = [3, 0, 2];
    const oneHot = f64(targets.flatMap((y) => [0, 1, 2, 3].map((k) => (k === y ? 1 : 0))), [3, 4]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      expectAllClose(crossEntropy(x, oneHot, { reduction, labelSmoothing: 0.25 }), referenceCrossEntropy(logits, targets, 3, 4, 1, { reduction, labelSmoothing: 0.25 }));
    }
    // Soft targets by hand: −Σ_c y_c log p_c for one row.
    const probs = [0.1, 0.2, 0.3, 0.4];
    const row = logits.slice(0, 4);
    const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    const hand = probs.reduce((a, p, k) => a - p * (row[k]! - lse), 0);
    expectClose(crossEntropy(f64(row, [1, 4]), f64(probs, [1, 4])).item(), hand);
    // Weighted soft targets: the mean divides by the number of rows, not by weights.
    const weight = [1, 2, 3, 4];
    const weighted = probs.reduce((a, p, k) => a - weight[k]! * p * (row[k]! - lse), 0);
    expectClose(crossEntropy(f64(row, [1, 4]), f64(probs, [1, 4]), { weight: f64(weight, [4]) }).item(), weighted);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 2, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 2 ** 30 }),
      fc.constantFrom<Reduction>("mean", "sum", "none"),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.boolean(),
    ],
    { numRuns: 40 },
  )("matches the float64 reference on random shapes and options", (n, c, s, seed, reduction, labelSmoothing, weighted) => {
    const logits = numbers(n * c * s, seed, -5, 5);
    const targets = numbers(n * s, seed + 1, 0, c).map((v, i) => (i === 0 ? Math.floor(v) : (i * 7) % 5 === 3 ? -100 : Math.floor(v)));
    const weight = weighted ? numbers(c, seed + 2, 0.1, 2) : undefined;
    const x = f64(logits, s === 1 ? [n, c] : [n, c, s]);
    const t = tensor(targets, { dtype: "int32" }).reshape(s === 1 ? [n] : [n, s]);
    const got = crossEntropy(x, t, { reduction, labelSmoothing, ...(weight ? { weight: f64(weight, [c]) } : {}) });
    expectAllClose(got, referenceCrossEntropy(logits, targets, n, c, s, { reduction, labelSmoothing, ...(weight ? { weight } : {}) }), 1e-10, 1e-12);
  });

  it("rejects bad targets and options with clear errors", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    expectError(() => crossEntropy(x, f64([0, 1], [2])), DTypeError, "crossEntropy", "int32", "float64", "[2]", "[2, 3]");
    expectError(() => crossEntropy(x, int32([0, 1, 2])), ShapeError, "crossEntropy", "[3]", "[2, 3]", "[2]");
    expectError(() => crossEntropy(x, int32([[0], [1]])), ShapeError, "crossEntropy", "[2, 1]", "[2, 3]");
    expectError(() => crossEntropy(x, int32([0, 3])), ValueError, "crossEntropy", "class index 3", "3 classes");
    expectError(() => crossEntropy(x, int32([-1, 0])), ValueError, "crossEntropy", "class index -1");
    expectError(() => crossEntropy(x, int32([0, 1]), { weight: f64([1, 2], [2]) }), ShapeError, "crossEntropy", "weight", "[2]", "3 classes");
    expectError(() => crossEntropy(x, int32([0, 1]), { labelSmoothing: 1.5 }), ValueError, "crossEntropy", "labelSmoothing");
    expectError(() => crossEntropy(x, int32([0, 1]), { reduction: "avg" as Reduction }), ValueError, "crossEntropy", '"avg"');
    expectError(() => crossEntropy(f64([1], []), int32(0)), ShapeError, "crossEntropy", "no class axis");
    expectError(() => crossEntropy(x, f64([1, 0, 0, 0, 1, 0], [2, 3]), { ignoreIndex: 0 }), ValueError, "crossEntropy", "ignoreIndex");
  });
});

describe("nllLoss", () => {
  it("picks −w[y]·x[n, y] and divides the mean by Σ w[y]", () => {
    const x = f64([-1, -2, -3, -4], [2, 2]);
    expectClose(nllLoss(x, int32([1, 0])).item(), (2 + 3) / 2);
    // weights [2, 3]: losses [3·2, 2·3] = [6, 6], mean 12 / (3 + 2)
    const w = f64([2, 3], [2]);
    expectClose(nllLoss(x, int32([1, 0]), { weight: w }).item(), 12 / 5);
    expectAllClose(nllLoss(x, int32([1, 0]), { weight: w, reduction: "none" }), [6, 6]);
    expectClose(nllLoss(x, int32([1, 0]), { weight: w, reduction: "sum" }).item(), 12);
    expectAllClose(nllLoss(x, int32([1, -100]), { reduction: "none" }), [2, 0]);
    expectClose(nllLoss(x, int32([1, -100])).item(), 2);
  });

  it("gives ignored targets no gradient", () => {
    const x = tensor([[-1, -2], [-3, -4]], { dtype: "float64", requiresGrad: true });
    nllLoss(x, int32([1, 7]), { ignoreIndex: 7 }).backward();
    expectAllClose(x.grad!, [0, -1, 0, 0]);
  });

  it("rejects float targets and shape mismatches", () => {
    const x = f64([-1, -2, -3, -4], [2, 2]);
    expectError(() => nllLoss(x, f64([0, 1], [2])), DTypeError, "nllLoss", "int32");
    expectError(() => nllLoss(x, int32([0])), ShapeError, "nllLoss", "[1]", "[2, 2]");
    expectError(() => nllLoss(x, int32([0, 2])), ValueError, "nllLoss", "class index 2");
  });
});

describe("mseLoss and l1Loss", () => {
  it("match hand values for every reduction", () => {
    const x = f64([1, 2, 3], [3]);
    const y = f64([1, 0, 0], [3]);
    expectClose(mseLoss(x, y).item(), 13 / 3);
    expectClose(mseLoss(x, y, { reduction: "sum" }).item(), 13);
    expectAllClose(mseLoss(x, y, { reduction: "none" }), [0, 4, 9]);
    expectClose(l1Loss(x, y).item(), 5 / 3);
    expectClose(l1Loss(x, y, { reduction: "sum" }).item(), 5);
    expectAllClose(l1Loss(x, y, { reduction: "none" }), [0, 2, 3]);
  });

  it("send gradients to both input and target", () => {
    const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const y = tensor([0, 4], { dtype: "float64", requiresGrad: true });
    mseLoss(x, y).backward();
    expectAllClose(x.grad!, [1, -2]); // 2(x − y)/N
    expectAllClose(y.grad!, [-1, 2]);
  });

  it("refuse shapes that differ, naming both", () => {
    expectError(() => mseLoss(f64([1, 2], [2]), f64([1, 2], [2, 1])), ShapeError, "mseLoss", "[2]", "[2, 1]");
    expectError(() => l1Loss(f64([1, 2], [2]), f64([1], [1])), ShapeError, "l1Loss", "[2]", "[1]");
  });
});

describe("bceWithLogits", () => {
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  // The textbook form −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))], fine for moderate x.
  const naive = (x: number, y: number, p = 1): number => -(p * y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));

  it("is ln 2 at 0 and matches the textbook form", () => {
    expectClose(bceWithLogits(f64([0], [1]), f64([1], [1])).item(), Math.LN2);
    const xs = [-3, -0.5, 0, 0.7, 4];
    const ys = [0, 0.3, 1, 1, 0.9];
    expectAllClose(bceWithLogits(f64(xs, [5]), f64(ys, [5]), { reduction: "none" }), xs.map((x, i) => naive(x, ys[i]!)), 1e-12, 1e-14);
  });

  it("stays finite and exact at extreme logits", () => {
    expectAllClose(bceWithLogits(f64([1e4, -1e4], [2]), f64([0, 1], [2]), { reduction: "none" }), [1e4, 1e4]);
    // log(1 + e⁻⁴⁰) = e⁻⁴⁰ to double precision: PyTorch's log1p keeps it, and so do we.
    expectClose(bceWithLogits(f64([40], [1]), f64([1], [1])).item(), Math.exp(-40), 1e-12, 0);
    const x = tensor([1e4, -1e4, 0], { dtype: "float64", requiresGrad: true });
    bceWithLogits(x, f64([1, 1, 0.25], [3]), { reduction: "sum" }).backward();
    expectAllClose(x.grad!, [0, -1, 0.25]); // σ(x) − y, with σ(0) = ½
  });

  it("posWeight and weight follow PyTorch", () => {
    const xs = [-2, 0.5, 1.5, -0.25];
    const ys = [1, 0, 1, 0.5];
    const p = [3, 0.5]; // per class, shape (2) for input (2, 2)
    const w = [2, 0.5, 1, 4];
    const x = f64(xs, [2, 2]);
    const y = f64(ys, [2, 2]);
    const expected = xs.map((v, i) => w[i]! * naive(v, ys[i]!, p[i % 2]!));
    expectAllClose(bceWithLogits(x, y, { posWeight: f64(p, [2]), weight: f64(w, [2, 2]), reduction: "none" }), expected, 1e-12, 1e-14);
    expectClose(bceWithLogits(x, y, { posWeight: f64(p, [2]), weight: f64(w, [2, 2]) }).item(), expected.reduce((a, b) => a + b) / 4);
    // Gradient: −p·y·(1 − σ) + (1 − y)·σ per element (times w, over N for the mean).
    const xv = tensor(x, { requiresGrad: true });
    bceWithLogits(xv, y, { posWeight: f64(p, [2]), reduction: "sum" }).backward();
    expectAllClose(xv.grad!, xs.map((v, i) => -p[i % 2]! * ys[i]! * (1 - sigmoid(v)) + (1 - ys[i]!) * sigmoid(v)), 1e-12, 1e-14);
  });

  it("rejects mismatched shapes and weights that do not broadcast", () => {
    expectError(() => bceWithLogits(f64([1, 2], [2]), f64([1, 0, 1], [3])), ShapeError, "bceWithLogits", "[2]", "[3]");
    expectError(() => bceWithLogits(f64([1, 2], [1, 2]), f64([1, 0], [1, 2]), { posWeight: f64([1, 2, 3], [3]) }), ShapeError, "bceWithLogits", "posWeight", "[3]", "[1, 2]");
  });
});

describe("operands", () => {
  it("take a Tensor input; targets and weights may also be NDArrays, taken as constants (the operand rule)", () => {
    const x = f64([1, 2, 3], [3]);
    const y = [1, 0, 0];
    expectClose(mseLoss(x, ndarray(y, { dtype: "float64" })).item(), mseLoss(x, f64(y, [3])).item(), 0, 0);
    expectClose(l1Loss(x, ndarray(y, { dtype: "float64" })).item(), 5 / 3);
    expectClose(bceWithLogits(x, ndarray([1, 0, 1], { dtype: "float64" })).item(), bceWithLogits(x, f64([1, 0, 1], [3])).item(), 0, 0);
    const logits = f64([2, 0, -1, 0.5, 1, 0], [2, 3]);
    const fromTensors = crossEntropy(logits, int32([0, 1]), { weight: f64([1, 2, 0.5], [3]) }).item();
    expectClose(crossEntropy(logits, ndarray([0, 1], { dtype: "int32" }), { weight: ndarray([1, 2, 0.5], { dtype: "float64" }) }).item(), fromTensors, 0, 0);
    expectClose(nllLoss(logits, ndarray([2, 0], { dtype: "int32" })).item(), nllLoss(logits, int32([2, 0])).item(), 0, 0);
    for (const [name, loss] of [
      ["mseLoss", () => mseLoss(ndarray([1, 2]) as unknown as Tensor, f64([1, 2], [2]))],
      ["l1Loss", () => l1Loss(ndarray([1, 2]) as unknown as Tensor, f64([1, 2], [2]))],
      ["bceWithLogits", () => bceWithLogits(ndarray([1, 2]) as unknown as Tensor, f64([1, 0], [2]))],
      ["crossEntropy", () => crossEntropy(ndarray([[1, 2]]) as unknown as Tensor, int32([0]))],
      ["nllLoss", () => nllLoss(ndarray([[1, 2]]) as unknown as Tensor, int32([0]))],
    ] as const) {
      expectError(loss, ValueError, name, "input must be a Tensor, got an NDArray; wrap it with tensor(...)");
    }
  });
});
