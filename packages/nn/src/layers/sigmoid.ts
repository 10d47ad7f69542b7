import { type Variable, sigmoid } from "@tsgrad/autograd";
import type { Tensor } from "@tsgrad/tensor";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Logistic sigmoid `1 / (1 + e⁻ˣ)`, elementwise (`torch.nn.Sigmoid`).
 *
 * @example
 * ```ts
 * import { Sigmoid } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/tensor";
 * new Sigmoid().forward(tensor([0])).data.toArray(); // [0.5]
 * ```
 * @category Layers
 */
export class Sigmoid extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Variable | Tensor): Variable {
    return sigmoid(toVariable("Sigmoid", input));
  }
}
