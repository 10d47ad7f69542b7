import { type Tensor, softmax } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { checkInt, toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Softmax along one axis (`torch.nn.Softmax`), computed stably: the results along
 * `dim` are positive and sum to 1. PyTorch's deprecated implicit axis choice is not
 * copied: `dim` defaults to the last axis.
 *
 * @example
 * ```ts
 * import { Softmax } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * new Softmax(1).forward(ndarray([[0, 0]])).data.toArray(); // [[0.5, 0.5]]
 * ```
 * @category Layers
 */
export class Softmax extends Module {
  /** The axis the probabilities sum over. */
  readonly dim: number;

  /**
   * @param dim - the axis (default -1, the last)
   */
  constructor(dim = -1) {
    super();
    this.dim = checkInt("Softmax", "dim", dim, -Infinity);
  }

  /**
   * Applies softmax along `dim`.
   * @param input - any shape with at least one axis
   * @returns probabilities, same shape
   */
  forward(input: Tensor | NDArray): Tensor {
    return softmax(toVariable("Softmax", input), this.dim);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `dim=…`
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
