// Softmax as a layer: one layer per file, so each layer's options, checks and forward read on
// their own.
import { softmax } from "@tsgrad/autograd";
import { checkInteger } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";

/**
 * Softmax along one axis (`torch.nn.Softmax`), computed stably: the results along
 * `dim` are positive and sum to 1. PyTorch's deprecated implicit axis choice is not
 * copied: `dim` defaults to the last axis.
 *
 * @example
 * ```ts
 * import { Softmax } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new Softmax(1).forward(tensor([[0, 0]])).toArray(); // [[0.5, 0.5]]
 * ```
 * @category Layers
 */
export class Softmax extends FunctionalLayerBase {
  /** The axis the probabilities sum over. */
  declare readonly dim: number;

  /**
   * @param dim - the axis (default -1, the last)
   */
  constructor(dim = -1) {
    super("Softmax", softmax, { dim: checkInteger("Softmax", "arguments", "dim", dim) });
  }
}
