// ELU as a layer: one layer per file, so each layer's options, checks and forward read on their own.
import { elu } from "@tsgrad/autograd";
import { type OptionKeys, checkNumber, checkOptions, orDefault } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";

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

/** The option names of {@link ELUOptions}. */
const KEYS: OptionKeys<ELUOptions> = { alpha: true };

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
export class ELU extends FunctionalLayerBase {
  /** α, the scale of the negative branch. */
  declare readonly alpha: number;

  /**
   * @param opts - `alpha` (default 1)
   * @throws ValueError for a non-finite α
   */
  constructor(opts: ELUOptions = {}) {
    checkOptions("ELU", opts, KEYS);
    super("ELU", elu, { alpha: checkNumber("ELU", "options", "alpha", orDefault(opts.alpha, 1)) });
  }
}
