// The public fused BatchNorm forward and backward: checks, then the kernels with the tier switch (kernels/dispatch.ts).
import type { NDArray } from "../ndarray.js";
import { type BatchNormSaved, batchNormBackwardKernel, batchNormForwardKernel } from "../kernels/batch-norm.js";
import { dispatch } from "../kernels/dispatch.js";
import { checkNDArray } from "../check-ndarray.js";
import { ShapeError, ValueError } from "../errors.js";
import { checkNumber, describeValue, fmtShape } from "../internal.js";

export type { BatchNormSaved };

/** Checks `x` `(N, C, …)` against the per-channel `params` (each 1-D of size C); returns C. */
function checkChannels(op: string, x: unknown, params: Record<string, unknown>): number {
  const input = checkNDArray(op, x);
  for (const [name, p] of Object.entries(params)) checkNDArray(op, p, name);
  const c = input.ndim >= 2 ? input.shape[1]! : -1;
  for (const [name, p] of Object.entries(params) as [string, NDArray][]) {
    if (p.ndim !== 1 || p.shape[0] !== c) {
      throw new ShapeError(op, `expected an input of shape (N, C, …) and a ${name} of shape [C], got ${fmtShape(input.shape)} and ${fmtShape(p.shape)}`, {
        shape: input.shape,
        [name]: p.shape,
      });
    }
  }
  return c;
}

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
  checkChannels("batchNormForward", x, { gamma, beta });
  checkNumber("batchNormForward", "arguments", "eps", eps, { min: 0 });
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
  const op = "batchNormBackward";
  const c = checkChannels(op, x, { gamma });
  checkNDArray(op, gradOutput, "gradOutput");
  if (gradOutput.ndim !== x.ndim || gradOutput.shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(op, `gradOutput of shape ${fmtShape(gradOutput.shape)} must have the input's shape ${fmtShape(x.shape)}`, {
      gradOutput: gradOutput.shape,
      shape: x.shape,
    });
  }
  const stats = saved as unknown as Record<string, unknown> | null;
  const ok = (k: string): boolean => stats?.[k] instanceof Float64Array && (stats[k] as Float64Array).length === c;
  if (stats === null || typeof stats !== "object" || !ok("mean") || !ok("invStd")) {
    throw new ValueError(op, `saved must be what batchNormForward returned for ${c} channels (mean and invStd, Float64Arrays of length ${c}), got ${describeValue(saved)}`, {});
  }
  return batchNormBackwardKernel(x, gradOutput, gamma, saved, dispatch);
}
