import type { Variable } from "@tsgrad/autograd";
import type { Tensor } from "@tsgrad/tensor";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Returns its input unchanged (`torch.nn.Identity`): a placeholder where a layer is optional.
 *
 * @example
 * ```ts
 * import { Identity } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/tensor";
 * new Identity().forward(tensor([1, 2])).data.toArray(); // [1, 2]
 * ```
 * @category Layers
 */
export class Identity extends Module {
  /**
   * Passes the input through.
   * @param input - any shape
   * @returns the input (a Tensor becomes a constant Variable)
   */
  forward(input: Variable | Tensor): Variable {
    return toVariable("Identity", input);
  }
}
