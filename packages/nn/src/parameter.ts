// Parameter, the Tensor a Module registers as learnable; its own file below module.ts, so Module,
// the layers and the optimizers import it without importing Module.
import { Tensor } from "@tsgrad/autograd";
import { type DType, type NestedArray, NDArray, type TypedArray, ValueError, ndarray } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkOptions, underName } from "./checks.js";

/**
 * Options of {@link Parameter}.
 * @example
 * ```ts
 * import { type ParameterOptions, Parameter } from "@tsgrad/nn";
 * const frozen: ParameterOptions = { requiresGrad: false, dtype: "float64" };
 * const p = new Parameter([1, 2, 3], frozen);
 * [p.requiresGrad, p.dtype]; // [false, "float64"]
 * ```
 * @category Modules
 */
export interface ParameterOptions {
  /** Whether the parameter is trained (default true). */
  requiresGrad?: boolean;
  /** Element type (by default the given Tensor's or NDArray's own, float32 for arrays); converted when it differs. */
  dtype?: DType;
}

/** The option names of {@link ParameterOptions}. */
const KEYS: OptionKeys<ParameterOptions> = { requiresGrad: true, dtype: true };

/**
 * A {@link Tensor} that a {@link Module} owns and trains: it requires grad by
 * default, and assigning one to a module's property registers it (it then shows
 * up in `parameters()`, `namedParameters()` and `stateDict()`), as `nn.Parameter`
 * does in PyTorch. Optimizers replace its `data`; its identity never changes.
 *
 * @example
 * ```ts
 * import { Parameter } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const w = new Parameter(zeros([3, 2]));
 * w.requiresGrad; // true
 * w.shape;        // [3, 2]
 * ```
 * @category Modules
 */
export class Parameter extends Tensor {
  /**
   * @param data - the initial value: a Tensor (its values are shared, not copied, as
   *   `nn.Parameter(t)`), nested arrays, a typed array, or an NDArray (used as is)
   * @param opts - `requiresGrad` (default true) and `dtype`
   */
  constructor(data: Tensor | NestedArray | TypedArray | NDArray, opts: ParameterOptions = {}) {
    checkOptions("Parameter", opts, KEYS);
    const t = underName("Parameter", () => {
      let nd = data instanceof Tensor ? data.data : data instanceof NDArray ? data : ndarray(data, opts.dtype ? { dtype: opts.dtype } : {});
      if (opts.dtype !== undefined && nd.dtype !== opts.dtype) nd = nd.astype(opts.dtype);
      return nd;
    });
    const requiresGrad = booleanOption("Parameter", "options", "requiresGrad", opts.requiresGrad, true);
    if (requiresGrad && t.dtype === "int32") {
      throw new ValueError("Parameter", "only float32 and float64 Parameters can require gradients, got int32; pass requiresGrad: false", {});
    }
    super(t, { requiresGrad });
  }

  /**
   * Prints like PyTorch: `Parameter containing:` and the Tensor.
   * @returns the printed form, e.g. `Parameter containing:\ntensor([1., 2.], requiresGrad=true)`
   */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
