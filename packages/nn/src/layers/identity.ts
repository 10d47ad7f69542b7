// Identity, the layer that returns its input (a placeholder in containers): one layer per file,
// so each layer's options, checks and forward read on their own.
import type { Tensor } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Returns its input unchanged (`torch.nn.Identity`): a placeholder where a layer is optional.
 *
 * @example
 * ```ts
 * import { Identity } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new Identity().forward(tensor([1, 2])).toArray(); // [1, 2]
 * ```
 * @category Layers
 */
export class Identity extends Module {
  /**
   * Passes the input through.
   * @param input - any shape
   * @returns the input itself
   */
  forward(input: Tensor): Tensor {
    return inputTensor("Identity", input);
  }
}
