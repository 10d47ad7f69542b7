// mseLoss, the mean squared error, and the options the regression losses share; one loss per file.
import { type Tensor, mul, sub } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { type Reduction, optionsReduction, reduce, sameShapeOperands } from "./reduction.js";
import type { OptionKeys } from "../checks.js";

/**
 * Options of {@link mseLoss} and {@link l1Loss}.
 * @example
 * ```ts
 * import { type RegressionLossOptions, l1Loss, mseLoss } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const total: RegressionLossOptions = { reduction: "sum" };
 * mseLoss(tensor([1, 2]), tensor([0, 0]), total).item(); // 5
 * l1Loss(tensor([1, -2]), tensor([0, 0]), total).item(); // 3
 * ```
 * @category Losses
 */
export interface RegressionLossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
}

/** The option names of {@link RegressionLossOptions}. @internal */
export const REGRESSION_KEYS: OptionKeys<RegressionLossOptions> = { reduction: true };

/**
 * Mean squared error, as PyTorch's `mse_loss`: `ℓᵢ = (xᵢ − yᵢ)²`, then the reduction.
 * Input and target must have the same shape (no silent broadcasting). Composite.
 *
 * @param input - predictions, a Tensor
 * @param target - targets, same shape: a Tensor (gradients flow to it too when it
 *   requires grad), or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`)
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { mseLoss } from "@tsgrad/nn";
 * mseLoss(tensor([1, 2, 3]), tensor([1, 0, 0])).item(); // (0 + 4 + 9) / 3
 * ```
 * @category Losses
 */
export function mseLoss(input: Tensor, target: Tensor | NDArray, opts: RegressionLossOptions = {}): Tensor {
  const reduction = optionsReduction("mseLoss", opts, REGRESSION_KEYS);
  const [x, y] = sameShapeOperands("mseLoss", input, target);
  const d = sub(x, y);
  return reduce(mul(d, d), reduction);
}
