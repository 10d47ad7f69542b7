// GELU as a layer (exact or tanh-approximated): one layer per file, so each layer's options,
// checks and forward read on their own.
import { type Tensor, gelu } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkOptions, describe } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";

/**
 * Options of {@link GELU}.
 * @example
 * ```ts
 * import { type GELUOptions, GELU } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const fast: GELUOptions = { approximate: "tanh" };
 * new GELU(fast).forward(tensor([1])).item(); // ≈ 0.8412 (exact: 0.8413)
 * ```
 * @category Layers
 */
export interface GELUOptions {
  /** `"none"` (default): the exact `½x(1 + erf(x/√2))`; `"tanh"`: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`. */
  approximate?: "none" | "tanh";
}

/** The option names of {@link GELUOptions}. */
const KEYS: OptionKeys<GELUOptions> = { approximate: true };

/**
 * Gaussian error linear unit (`torch.nn.GELU`): `x · Φ(x)` with Φ the standard normal
 * CDF. Exact by default, from the `erf` primitive, so first and second derivatives
 * are exact too; `approximate: "tanh"` gives the tanh form of Hendrycks & Gimpel.
 *
 * @example
 * ```ts
 * import { GELU } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new GELU().forward(tensor([0, 1], { dtype: "float64" })).toArray(); // [0, 0.8413447460685429]
 * ```
 * @category Layers
 */
export class GELU extends FunctionalLayerBase {
  /** Which formula is used. */
  declare readonly approximate: "none" | "tanh";

  /**
   * @param opts - `approximate` (default `"none"`)
   */
  constructor(opts: GELUOptions = {}) {
    checkOptions("GELU", opts, KEYS);
    const approximate = opts.approximate ?? "none";
    if (approximate !== "none" && approximate !== "tanh") {
      throw new ValueError("GELU", `approximate must be "none" or "tanh", got ${describe(approximate)}`, { approximate });
    }
    super("GELU", (x: Tensor, a: "none" | "tanh") => gelu(x, { approximate: a }), { approximate });
  }
}
