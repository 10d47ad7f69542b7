import { type Tensor, tanh } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Hyperbolic tangent, elementwise (`torch.nn.Tanh`).
 *
 * @example
 * ```ts
 * import { Tanh } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * new Tanh().forward(ndarray([0])).data.toArray(); // [0]
 * ```
 * @category Layers
 */
export class Tanh extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor | NDArray): Tensor {
    return tanh(toVariable("Tanh", input));
  }
}
