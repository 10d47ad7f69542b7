// Softplus, a smooth ReLU, as a layer: one layer per file, so each layer's options, checks and
// forward read on their own.
import { type Tensor, softplus } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { checkNumber, checkOptions, inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Options of {@link Softplus}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const sharp: tg.nn.SoftplusOptions = { beta: 10, threshold: 20 };
 * new tg.nn.Softplus(sharp).forward(tg.tensor([-1, 1])).toArray(); // ≈ [0, 1]: close to ReLU
 * ```
 * @category Layers
 */
export interface SoftplusOptions {
  /** β: `log(1 + e^(βx)) / β`; larger is closer to ReLU (default 1). */
  beta?: number;
  /** Where `βx` exceeds it, the output is `x` itself (default 20). */
  threshold?: number;
}

/**
 * Softplus (`torch.nn.Softplus`): `log(1 + e^(βx)) / β` elementwise, a smooth ReLU; `x`
 * itself where `βx > threshold`. Computed stably for any `x`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.Softplus().forward(tg.tensor([0], { dtype: "float64" })).toArray(); // [0.6931471805599453]
 * ```
 * @category Layers
 */
export class Softplus extends Module {
  /** β. */
  readonly beta: number;
  /** The linear threshold on `βx`. */
  readonly threshold: number;

  /**
   * @param opts - `beta` (default 1), `threshold` (default 20)
   * @throws ValueError for a non-finite option or β = 0
   */
  constructor(opts: SoftplusOptions = {}) {
    checkOptions("Softplus", opts);
    super();
    this.beta = checkNumber("Softplus", "options", "beta", opts.beta ?? 1);
    if (this.beta === 0) throw new ValueError("Softplus", "options: invalid beta 0; expected a non-zero finite number", { beta: 0 });
    this.threshold = checkNumber("Softplus", "options", "threshold", opts.threshold ?? 20);
  }

  /**
   * Applies the activation elementwise.
   * @param input - any shape, float
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    return softplus(inputTensor("Softplus", input), { beta: this.beta, threshold: this.threshold });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `beta=…, threshold=…`
   */
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}
