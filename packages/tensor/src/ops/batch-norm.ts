import type { Tensor } from "../tensor.js";
import { type BatchNormSaved, batchNormBackwardKernel, batchNormForwardKernel } from "../kernels/batch-norm.js";

export type { BatchNormSaved };

/**
 * BatchNorm forward on raw tensors for the usual layout (channel axis 1, statistics
 * over every other axis): `y = γ·(x − μ)/sqrt(σ² + eps) + β` in three passes, the
 * statistics in float64. Returns what {@link batchNormBackward} needs.
 *
 * @param x - input `(N, C, …)`
 * @param gamma - scale `(C)`
 * @param beta - shift `(C)`
 * @param eps - added to the variance
 * @returns the output and the saved per-channel mean, biased variance and 1/σ
 * @example
 * ```ts
 * import { tensor, batchNormForward } from "@tsgrad/tensor";
 * const { y, saved } = batchNormForward(tensor([[1], [3]]), tensor([1]), tensor([0]), 0);
 * y.toArray();            // [[-1], [1]]
 * Array.from(saved.mean); // [2]
 * ```
 * @category Normalization
 */
export function batchNormForward(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  eps: number,
): {
  /** The output, shape of `x`. */
  y: Tensor;
  /** The per-channel statistics the backward needs. */
  saved: BatchNormSaved;
} {
  return batchNormForwardKernel(x, gamma, beta, eps);
}

/**
 * The closed-form BatchNorm backward on raw tensors, in two passes:
 * `dβ = Σg`, `dγ = Σg·x̂`, `dx = γ/(N·σ)·(N·g − Σg − x̂·Σg·x̂)` with sums over every axis but 1.
 *
 * @param x - the forward's input
 * @param gradOutput - the gradient of the output
 * @param gamma - the forward's scale
 * @param saved - what {@link batchNormForward} returned
 * @returns `dx`, `dgamma`, `dbeta`
 * @example
 * ```ts
 * import { tensor, batchNormForward, batchNormBackward } from "@tsgrad/tensor";
 * const x = tensor([[1], [3]]);
 * const { saved } = batchNormForward(x, tensor([1]), tensor([0]), 0);
 * batchNormBackward(x, tensor([[1], [0]]), tensor([1]), saved).dbeta.toArray(); // [1]
 * ```
 * @category Normalization
 */
export function batchNormBackward(
  x: Tensor,
  gradOutput: Tensor,
  gamma: Tensor,
  saved: BatchNormSaved,
): {
  /** Gradient of the input, shape of `x`. */
  dx: Tensor;
  /** Gradient of γ, one per channel. */
  dgamma: Tensor;
  /** Gradient of β, one per channel. */
  dbeta: Tensor;
} {
  return batchNormBackwardKernel(x, gradOutput, gamma, saved);
}
