// What every loss shares: the reduction option and the checks of inputs, targets and weights,
// apart from the losses so each loss file holds only its own formula.
import { Tensor, mean, sum } from "@tsgrad/autograd";
import { NDArray, ShapeError, ValueError } from "@tsgrad/ndarray";
import { describe, fmtShape } from "../checks.js";

/**
 * How a loss turns its per-element values into the result, as PyTorch's `reduction`:
 * `"mean"` (the default) averages them, `"sum"` adds them, `"none"` returns them unreduced.
 * @example
 * ```ts
 * import { type Reduction, mseLoss } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const perElement: Reduction = "none";
 * mseLoss(tensor([1, 2]), tensor([0, 0]), { reduction: perElement }).toArray(); // [1, 4]
 * ```
 * @category Losses
 */
export type Reduction = "mean" | "sum" | "none";

/** Throws unless `reduction` is one of the three names. @internal */
export function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction === "mean" || reduction === "sum" || reduction === "none") return reduction;
  throw new ValueError(op, `reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`, { reduction });
}

/** Applies a reduction to per-element losses (mean over every element). @internal */
export function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === "none") return losses;
  return reduction === "sum" ? sum(losses) : mean(losses);
}

/** Throws a ShapeError naming both shapes unless they are equal. @internal */
export function checkSameShape(op: string, inputShape: readonly number[], targetShape: readonly number[]): void {
  if (inputShape.length === targetShape.length && inputShape.every((d, i) => d === targetShape[i])) return;
  throw new ShapeError(
    op,
    `input shape ${fmtShape(inputShape)} and target shape ${fmtShape(targetShape)} differ; expected the same shape`,
    { input: inputShape, target: targetShape },
  );
}

/** The values of a target or weight: a Tensor's data, or an NDArray as it is; anything else is a ValueError naming `op`. @internal */
export function tensorOf(x: Tensor | NDArray, op = "loss", name = "target"): NDArray {
  if (x instanceof Tensor) return x.data;
  if (x instanceof NDArray) return x;
  throw new ValueError(op, `${name} must be a Tensor, got ${describe(x, "convert it with tensor(...)")}`, {});
}

/**
 * A loss's input, which must be a Tensor (the prediction gradients flow to); an
 * NDArray is refused with the way to wrap it. @internal
 */
export function lossInput(x: Tensor, op: string): Tensor {
  if (x instanceof Tensor) return x;
  const hint = (x as unknown) instanceof NDArray ? "; wrap it with tensor(...)" : "";
  throw new ValueError(op, `input must be a Tensor, got ${describe(x, "convert it with tensor(...)")}${hint}`, {});
}

/** A target or weight as a Tensor: a Tensor as it is, an NDArray as a constant beside the input (the operand rule). @internal */
export function lossOperand(x: Tensor | NDArray, op = "loss", name = "target"): Tensor {
  if (x instanceof Tensor) return x;
  return new Tensor(tensorOf(x, op, name));
}
