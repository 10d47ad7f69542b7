import { type Tensor, logSoftmax } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { checkInt, toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Log of the softmax along one axis (`torch.nn.LogSoftmax`), `x − logSumExp(x)`:
 * stable for any magnitude; pairs with `nllLoss`. `dim` defaults to the last axis.
 *
 * @example
 * ```ts
 * import { LogSoftmax } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * new LogSoftmax(1).forward(ndarray([[1e4, 0]])).data.toArray(); // [[0, -10000]]
 * ```
 * @category Layers
 */
export class LogSoftmax extends Module {
  /** The axis the softmax is taken along. */
  readonly dim: number;

  /**
   * @param dim - the axis (default -1, the last)
   */
  constructor(dim = -1) {
    super();
    this.dim = checkInt("LogSoftmax", "dim", dim, -Infinity);
  }

  /**
   * Applies log-softmax along `dim`.
   * @param input - any shape with at least one axis
   * @returns log-probabilities, same shape
   */
  forward(input: Tensor | NDArray): Tensor {
    return logSoftmax(toVariable("LogSoftmax", input), this.dim);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `dim=…`
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
