// Softplus, a smooth ReLU, as a layer: one layer per file, so each layer's options, checks and
// forward read on their own.
import { type Tensor, softplus } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkNumber, checkOptions, orDefault } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";


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
export class Softplus extends FunctionalLayerBase {
  /** β. */
  declare readonly beta: number;
  /** The linear threshold on `βx`. */
  declare readonly threshold: number;

  /**
   * @param opts - `beta` (default 1), `threshold` (default 20)
   * @throws ValueError for a non-finite option or β = 0
   */
  constructor(opts: SoftplusOptions = {}) {
    checkOptions("Softplus", opts, KEYS);
    const beta = checkNumber("Softplus", "options", "beta", orDefault(opts.beta, 1));
    if (beta === 0) throw new ValueError("Softplus", "options: invalid beta 0; expected a non-zero finite number", { beta: 0 });
    const threshold = checkNumber("Softplus", "options", "threshold", orDefault(opts.threshold, 20));
    super("Softplus", (x: Tensor, b: number, t: number) => softplus(x, { beta: b, threshold: t }), { beta, threshold });
  }
}

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

/** The option names of {@link SoftplusOptions}. */
const KEYS: OptionKeys<SoftplusOptions> = { beta: true, threshold: true };
