// ReLU as a layer: one layer per file, so each layer's options, checks and forward read on
// their own.
import { type Tensor, relu } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Rectified linear unit, `max(x, 0)`, elementwise (`torch.nn.ReLU`).
 *
 * @example
 * ```ts
 * import { ReLU } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 * @category Layers
 */
export class ReLU extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return relu(inputTensor("ReLU", input));
  }
}
