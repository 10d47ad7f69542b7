import { type Tensor, relu } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Rectified linear unit, `max(x, 0)`, elementwise (`torch.nn.ReLU`).
 *
 * @example
 * ```ts
 * import { ReLU } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * new ReLU().forward(ndarray([-1, 2])).data.toArray(); // [0, 2]
 * ```
 * @category Layers
 */
export class ReLU extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor | NDArray): Tensor {
    return relu(toVariable("ReLU", input));
  }
}
