import { type Variable, relu } from "@tsgrad/autograd";
import type { Tensor } from "@tsgrad/tensor";
import { toVariable } from "../internal.js";
import { Module } from "../module.js";

/**
 * Rectified linear unit, `max(x, 0)`, elementwise (`torch.nn.ReLU`).
 *
 * @example
 * ```ts
 * import { ReLU } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/tensor";
 * new ReLU().forward(tensor([-1, 2])).data.toArray(); // [0, 2]
 * ```
 * @category Layers
 */
export class ReLU extends Module {
  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Variable | Tensor): Variable {
    return relu(toVariable("ReLU", input));
  }
}
