// l1Loss, the mean absolute error; one loss per file.
import { type Tensor, abs, sub } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { optionsReduction, reduce, sameShapeOperands } from "./reduction.js";
import { REGRESSION_KEYS, type RegressionLossOptions } from "./mse-loss.js";

/**
 * Mean absolute error, as PyTorch's `l1_loss`: `ℓᵢ = |xᵢ − yᵢ|`, then the reduction.
 * Input and target must have the same shape. Composite; the gradient at `xᵢ = yᵢ` is 0.
 *
 * @param input - predictions, a Tensor
 * @param target - targets, same shape: a Tensor, or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`)
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { l1Loss } from "@tsgrad/nn";
 * l1Loss(tensor([1, 2, 3]), tensor([1, 0, 0]), { reduction: "sum" }).item(); // 5
 * ```
 * @category Losses
 */
export function l1Loss(input: Tensor, target: Tensor | NDArray, opts: RegressionLossOptions = {}): Tensor {
  const reduction = optionsReduction("l1Loss", opts, REGRESSION_KEYS);
  const [x, y] = sameShapeOperands("l1Loss", input, target);
  return reduce(abs(sub(x, y)), reduction);
}
