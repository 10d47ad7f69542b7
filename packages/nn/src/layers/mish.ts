// Mish, x·tanh(softplus(x)), as a layer: one layer per file, so each layer's options, checks and
// forward read on their own.
import { type Tensor, mish } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Mish (`torch.nn.Mish`): `x · tanh(softplus(x))` elementwise.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.Mish().forward(tg.tensor([0, 1], { dtype: "float64" })).toArray(); // [0, 0.8650983882673103]
 * ```
 * @category Layers
 */
export class Mish extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape, float
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return mish(inputTensor("Mish", input));
  }
}
