import { type Tensor, sigmoid } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Logistic sigmoid `1 / (1 + e⁻ˣ)`, elementwise (`torch.nn.Sigmoid`).
 *
 * @example
 * ```ts
 * import { Sigmoid } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * new Sigmoid().forward(ndarray([0])).data.toArray(); // [0.5]
 * ```
 * @category Layers
 */
export class Sigmoid extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor | NDArray): Tensor {
    return sigmoid(toVariable("Sigmoid", input));
  }
}
