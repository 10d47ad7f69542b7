import { Variable, mul, sub } from "@tsgrad/autograd";
import { NDArray } from "@tsgrad/ndarray";
import { type Reduction, checkReduction, checkSameShape, reduce, tensorOf } from "./reduction.js";

/**
 * Options of {@link mseLoss} and {@link l1Loss}.
 * @example
 * ```ts
 * import { type RegressionLossOptions, l1Loss, mseLoss } from "@tsgrad/nn";
 * import { ndarray } from "@tsgrad/ndarray";
 * const total: RegressionLossOptions = { reduction: "sum" };
 * mseLoss(ndarray([1, 2]), ndarray([0, 0]), total).item(); // 5
 * l1Loss(ndarray([1, -2]), ndarray([0, 0]), total).item(); // 3
 * ```
 * @category Losses
 */
export interface RegressionLossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
}

/** A Variable for a loss operand (numbers are not accepted: a loss needs shapes to compare). @internal */
export function lossOperand(x: Variable | NDArray, op = "loss", name = "input"): Variable {
  if (x instanceof Variable) return x;
  return new Variable(tensorOf(x, op, name));
}

/**
 * Mean squared error, as PyTorch's `mse_loss`: `ℓᵢ = (xᵢ − yᵢ)²`, then the reduction.
 * Input and target must have the same shape (no silent broadcasting). Composite.
 *
 * @param input - predictions
 * @param target - targets, same shape (gradients flow to it too when it requires grad)
 * @param opts - `reduction` (default `"mean"`)
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ
 * @example
 * ```ts
 * import { variable } from "@tsgrad/autograd";
 * import { mseLoss } from "@tsgrad/nn";
 * mseLoss(variable([1, 2, 3]), variable([1, 0, 0])).item(); // (0 + 4 + 9) / 3
 * ```
 * @category Losses
 */
export function mseLoss(input: Variable | NDArray, target: Variable | NDArray, opts: RegressionLossOptions = {}): Variable {
  const reduction = checkReduction("mseLoss", opts.reduction ?? "mean");
  const x = lossOperand(input, "mseLoss", "input");
  const y = lossOperand(target, "mseLoss", "target");
  checkSameShape("mseLoss", x.shape, y.shape);
  const d = sub(x, y);
  return reduce(mul(d, d), reduction);
}
