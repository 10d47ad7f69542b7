// Tanh as a layer: one layer per file, so each layer's options, checks and forward read on
// their own.
import { type Tensor, tanh } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Hyperbolic tangent, elementwise (`torch.nn.Tanh`).
 *
 * @example
 * ```ts
 * import { Tanh } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new Tanh().forward(tensor([0])).toArray(); // [0]
 * ```
 * @category Layers
 */
export class Tanh extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return tanh(inputTensor("Tanh", input));
  }
}
