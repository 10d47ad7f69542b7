// ELU as a layer: one layer per file, so each layer's options, checks and forward read on their own.
import { type Tensor, elu } from "@tsgrad/autograd";
import { checkNumber, checkOptions, inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Options of {@link ELU}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.ELUOptions = { alpha: 0.5 };
 * new tg.nn.ELU(opts).forward(tg.tensor([-100])).toArray(); // [-0.5]
 * ```
 * @category Layers
 */
export interface ELUOptions {
  /** α: the negative branch is `α·(eˣ − 1)`, approaching `−α` (default 1). */
  alpha?: number;
}

/**
 * ELU (`torch.nn.ELU`): `x` where `x > 0`, `α·(eˣ − 1)` elsewhere, elementwise.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.ELU().forward(tg.tensor([-1, 2], { dtype: "float64" })).toArray(); // [-0.6321205588285577, 2]
 * ```
 * @category Layers
 */
export class ELU extends Module {
  /** α, the scale of the negative branch. */
  readonly alpha: number;

  /**
   * @param opts - `alpha` (default 1)
   * @throws ValueError for a non-finite α
   */
  constructor(opts: ELUOptions = {}) {
    checkOptions("ELU", opts);
    super();
    this.alpha = checkNumber("ELU", "options", "alpha", opts.alpha ?? 1);
  }

  /**
   * Applies the activation elementwise.
   * @param input - any shape, float
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return elu(inputTensor("ELU", input), this.alpha);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `alpha=…`
   */
  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}
