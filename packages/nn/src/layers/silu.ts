// SiLU ("swish"), x·σ(x), as a layer: one layer per file, so each layer's options, checks and
// forward read on their own.
import { type Tensor, silu } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * SiLU ("swish"), `x · σ(x)` elementwise (`torch.nn.SiLU`).
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.SiLU().forward(tg.tensor([0, 1], { dtype: "float64" })).toArray(); // [0, 0.7310585786300049]
 * ```
 * @category Layers
 */
export class SiLU extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape, float
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return silu(inputTensor("SiLU", input));
  }
}
