// Sigmoid as a layer: one layer per file, so each layer's options, checks and forward read on
// their own.
import { type Tensor, sigmoid } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Logistic sigmoid `1 / (1 + e⁻ˣ)`, elementwise (`torch.nn.Sigmoid`).
 *
 * @example
 * ```ts
 * import { Sigmoid } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new Sigmoid().forward(tensor([0])).toArray(); // [0.5]
 * ```
 * @category Layers
 */
export class Sigmoid extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return sigmoid(inputTensor("Sigmoid", input));
  }
}
