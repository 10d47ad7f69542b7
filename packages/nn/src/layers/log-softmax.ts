// LogSoftmax as a layer: one layer per file, so each layer's options, checks and forward read
// on their own.
import { type Tensor, logSoftmax } from "@tsgrad/autograd";
import { checkInteger, inputTensor } from "../checks.js";
import { Module } from "../module.js";

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
export class LogSoftmax extends Module {
  /** The axis the softmax is taken along. */
  readonly dim: number;

  /**
   * @param dim - the axis (default -1, the last)
   */
  constructor(dim = -1) {
    super();
    this.dim = checkInteger("LogSoftmax", "arguments", "dim", dim);
  }

  /**
   * Applies log-softmax along `dim`.
   * @param input - any shape with at least one axis
   * @returns log-probabilities, same shape
   */
  forward(input: Tensor): Tensor {
    return logSoftmax(inputTensor("LogSoftmax", input), this.dim);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `dim=…`
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
