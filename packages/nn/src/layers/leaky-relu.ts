// LeakyReLU as a layer: one layer per file, so each layer's options, checks and forward read
// on their own.
import { type Tensor, leakyRelu } from "@tsgrad/autograd";
import { checkNumber, inputTensor } from "../checks.js";
import { Module } from "../module.js";

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
export class LeakyReLU extends Module {
  /** The slope for negative inputs. */
  readonly negativeSlope: number;

  /**
   * @param negativeSlope - slope for negative inputs (default 0.01)
   */
  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = checkNumber("LeakyReLU", "arguments", "negativeSlope", negativeSlope);
  }

  /**
   * Applies the activation elementwise.
   * @param input - any shape
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return leakyRelu(inputTensor("LeakyReLU", input), this.negativeSlope);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `negativeSlope=…`
   */
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}
