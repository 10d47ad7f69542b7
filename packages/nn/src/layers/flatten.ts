// Flatten, which merges a range of dimensions: one layer per file, so each layer's options,
// checks and forward read on their own.
import { type Tensor, flatten } from "@tsgrad/autograd";
import { checkInteger, inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Merges the axes `startDim … endDim` into one (`torch.nn.Flatten`); by default every
 * axis but the batch axis, as between convolutional and fully connected layers.
 *
 * @example
 * ```ts
 * import { Flatten } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * new Flatten().forward(zeros([8, 3, 4, 4])).shape; // [8, 48]
 * ```
 * @category Layers
 */
export class Flatten extends Module {
  /** First axis merged. */
  readonly startDim: number;
  /** Last axis merged (inclusive). */
  readonly endDim: number;

  /**
   * @param startDim - first axis to merge (default 1)
   * @param endDim - last axis to merge, inclusive (default -1)
   */
  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = checkInteger("Flatten", "arguments", "startDim", startDim);
    this.endDim = checkInteger("Flatten", "arguments", "endDim", endDim);
  }

  /**
   * Flattens the input.
   * @param input - a Tensor with the axes `startDim … endDim`
   * @returns the flattened Tensor
   */
  forward(input: Tensor): Tensor {
    return flatten(inputTensor("Flatten", input), this.startDim, this.endDim);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `startDim=…, endDim=…`
   */
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
