// Gradients of the losses (composites: autograd derives them from primitives) against
// float64 central differences, first and second order.
import { describe, it } from "vitest";
import { type Tensor, logSoftmax, tensor } from "@tsgrad/autograd";
import { gradcheck, gradgradcheck } from "@tsgrad/testing";
import { bceWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss } from "@tsgrad/nn";
import { f64, numbers } from "./losses-helpers.js";

const tight = { raise: true, atol: 1e-8, rtol: 1e-6 } as const;

describe("loss gradients match central differences", () => {
  it("crossEntropy with weights, ignoreIndex and label smoothing, every reduction", () => {
    const x = f64(numbers(4 * 3, 21, -2, 2), [4, 3]);
    const t = tensor([2, -100, 0, 1], { dtype: "int32" });
    for (const reduction of ["mean", "sum", "none"] as const) {
      gradcheck((l, w) => crossEntropy(l!, t, { weight: w!, labelSmoothing: 0.2, reduction }), [x, f64([0.5, 2, 1.25], [3])], tight);
    }
  });

  it("crossEntropy over (N, C, d1, d2) and unbatched (C)", () => {
    const t = tensor([[[0, 1], [2, 1]], [[2, 2], [0, 1]]], { dtype: "int32" });
    gradcheck((l) => crossEntropy(l!, t, { labelSmoothing: 0.1 }), [f64(numbers(24, 4, -2, 2), [2, 3, 2, 2])], tight);
    gradcheck((l) => crossEntropy(l!, tensor(1, { dtype: "int32" })), [f64([0.3, -1, 2], [3])], tight);
  });

  it("crossEntropy with class probabilities, with respect to logits and targets", () => {
    const x = f64(numbers(6, 8, -2, 2), [2, 3]);
    const p = f64([0.2, 0.3, 0.5, 0.6, 0.1, 0.3], [2, 3]);
    gradcheck((l, q) => crossEntropy(l!, q!, { labelSmoothing: 0.1, weight: f64([1, 2, 0.5], [3]) }), [x, p], tight);
  });

  it("crossEntropy is twice differentiable", () => {
    const t = tensor([1, 0], { dtype: "int32" });
    gradgradcheck((l) => crossEntropy(l!, t, { labelSmoothing: 0.1 }), [f64(numbers(6, 9, -2, 2), [2, 3])], { raise: true });
  });

  it("nllLoss with weights and ignored targets", () => {
    const t = tensor([1, 0, 3], { dtype: "int32" });
    const f = (x: Tensor, w: Tensor): Tensor => nllLoss(logSoftmax(x, 1), t, { weight: w, ignoreIndex: 3 });
    gradcheck((x, w) => f(x!, w!), [f64(numbers(9, 2, -1, 1), [3, 3]), f64([1, 2, 3], [3])], tight);
  });

  it("mseLoss and l1Loss (away from the kink of |·|), with respect to both operands", () => {
    const a = f64([0.5, -1, 2, 3], [2, 2]);
    const b = f64([0, 1, 1.5, -2], [2, 2]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      gradcheck((x, y) => mseLoss(x!, y!, { reduction }), [a, b], tight);
      gradcheck((x, y) => l1Loss(x!, y!, { reduction }), [a, b], tight);
    }
  });

  it("bceWithLogits with weight and posWeight, with respect to logits, targets and weights", () => {
    const x = f64([-3, -0.4, 0.7, 5, 1.2, -0.1], [3, 2]);
    const y = f64([0, 0.25, 1, 0.5, 0.9, 0], [3, 2]);
    gradcheck((l, t) => bceWithLogits(l!, t!), [x, y], tight);
    gradcheck((l, t, w, p) => bceWithLogits(l!, t!, { weight: w!, posWeight: p! }), [x, y, f64([1, 2, 0.5, 1, 3, 0.25], [3, 2]), f64([2, 0.5], [2])], tight);
    gradgradcheck((l) => bceWithLogits(l!, y, { posWeight: f64([2, 0.5], [2]) }), [x], { raise: true });
  });
});
