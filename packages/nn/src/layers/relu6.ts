// ReLU6, min(max(x, 0), 6), as a layer: one layer per file, so each layer's options, checks and
// forward read on their own.
import { type Tensor, relu6 } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * ReLU6 (`torch.nn.ReLU6`): `min(max(x, 0), 6)` elementwise, as in MobileNets.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.ReLU6().forward(tg.tensor([-1, 3, 8])).toArray(); // [0, 3, 6]
 * ```
 * @category Layers
 */
export class ReLU6 extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape, float
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return relu6(inputTensor("ReLU6", input));
  }
}
