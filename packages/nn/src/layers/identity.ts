import type { Tensor } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Returns its input unchanged (`torch.nn.Identity`): a placeholder where a layer is optional.
 *
 * @example
 * ```ts
 * import { Identity } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * new Identity().forward(ndarray([1, 2])).data.toArray(); // [1, 2]
 * ```
 * @category Layers
 */
export class Identity extends Module {
  /**
   * Passes the input through.
   * @param input - any shape
   * @returns the input (an NDArray becomes a constant Tensor)
   */
  forward(input: Tensor | NDArray): Tensor {
    return toVariable("Identity", input);
  }
}
