// LeakyReLU as a layer: one layer per file, so each layer's options, checks and forward read
// on their own.
import { leakyRelu } from "@tsgrad/autograd";
import { checkNumber } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";

/**
 * Leaky ReLU, `x` where positive and `negativeSlope · x` elsewhere (`torch.nn.LeakyReLU`).
 *
 * @example
 * ```ts
 * import { LeakyReLU } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new LeakyReLU(0.1).forward(tensor([-10, 2])).toArray(); // [-1, 2]
 * ```
 * @category Layers
 */
export class LeakyReLU extends FunctionalLayerBase {
  /** The slope for negative inputs. */
  declare readonly negativeSlope: number;

  /**
   * @param negativeSlope - slope for negative inputs (default 0.01)
   */
  constructor(negativeSlope = 0.01) {
    super("LeakyReLU", leakyRelu, { negativeSlope: checkNumber("LeakyReLU", "arguments", "negativeSlope", negativeSlope) });
  }
}
