// The public fused BatchNorm forward and backward: checks, then the kernels with the tier switch (kernels/dispatch.ts).
import type { NDArray } from "../ndarray.js";
import { type BatchNormSaved, batchNormBackwardKernel, batchNormForwardKernel } from "../kernels/batch-norm.js";
import { dispatch } from "../kernels/dispatch.js";

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
 * import { ndarray, batchNormForward } from "@tsgrad/ndarray";
 * const { y, saved } = batchNormForward(ndarray([[1], [3]]), ndarray([1]), ndarray([0]), 0);
 * y.toArray();            // [[-1], [1]]
 * Array.from(saved.mean); // [2]
 * ```
 * @category Normalization
 */
export function batchNormForward(
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  eps: number,
): {
  /** The output, shape of `x`. */
  y: NDArray;
  /** The per-channel statistics the backward needs. */
  saved: BatchNormSaved;
} {
  return batchNormForwardKernel(x, gamma, beta, eps, dispatch);
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
 * import { ndarray, batchNormForward, batchNormBackward } from "@tsgrad/ndarray";
 * const x = ndarray([[1], [3]]);
 * const { saved } = batchNormForward(x, ndarray([1]), ndarray([0]), 0);
 * batchNormBackward(x, ndarray([[1], [0]]), ndarray([1]), saved).dbeta.toArray(); // [1]
 * ```
 * @category Normalization
 */
export function batchNormBackward(
  x: NDArray,
  gradOutput: NDArray,
  gamma: NDArray,
  saved: BatchNormSaved,
): {
  /** Gradient of the input, shape of `x`. */
  dx: NDArray;
  /** Gradient of γ, one per channel. */
  dgamma: NDArray;
  /** Gradient of β, one per channel. */
  dbeta: NDArray;
} {
  return batchNormBackwardKernel(x, gradOutput, gamma, saved, dispatch);
}
