// LogSoftmax as a layer: one layer per file, so each layer's options, checks and forward read
// on their own.
import { logSoftmax } from "@tsgrad/autograd";
import { checkInteger } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";

/**
 * Log of the softmax along one axis (`torch.nn.LogSoftmax`), `x − logSumExp(x)`:
 * stable for any magnitude; pairs with `nllLoss`. `dim` defaults to the last axis.
 *
 * @example
 * ```ts
 * import { LogSoftmax } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new LogSoftmax(1).forward(tensor([[1e4, 0]])).toArray(); // [[0, -10000]]
 * ```
 * @category Layers
 */
export class LogSoftmax extends FunctionalLayerBase {
  /** The axis the softmax is taken along. */
  declare readonly dim: number;

  /**
   * @param dim - the axis (default -1, the last)
   */
  constructor(dim = -1) {
    super("LogSoftmax", logSoftmax, { dim: checkInteger("LogSoftmax", "arguments", "dim", dim) });
  }
}
