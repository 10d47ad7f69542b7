// What every loss shares: the reduction option and the checks of inputs, targets and weights,
// apart from the losses so each loss file holds only its own formula.
import { Tensor, mean, sum } from "@tsgrad/autograd";
import { NDArray, ShapeError, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkOptions, describe, fmtShape } from "../checks.js";

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

const REDUCTIONS: readonly Reduction[] = ["mean", "sum", "none"];

/**
 * Throws unless `reduction` is one of `allowed` (default the three {@link Reduction} names;
 * klDiv adds `"batchmean"`); returns it. @internal
 */
export function checkReduction<R extends string = Reduction>(op: string, reduction: unknown, allowed: readonly R[] = REDUCTIONS as readonly R[]): R {
  if ((allowed as readonly unknown[]).includes(reduction)) return reduction as R;
  const names = allowed.map((r) => JSON.stringify(r));
  throw new ValueError(op, `reduction must be ${names.slice(0, -1).join(", ")} or ${names.at(-1)}, got ${JSON.stringify(reduction)}`, { reduction });
}

/**
 * How every loss function reads its options: under `op`'s name, an object (or undefined) with
 * no key but those of `known` (the loss's option names), whose `reduction` (default `"mean"`)
 * is one of `allowed`; returns the reduction. @internal
 */
export function optionsReduction<O extends { reduction?: string }>(
  op: string,
  opts: O | undefined,
  known: OptionKeys<O>,
  allowed?: readonly NonNullable<O["reduction"]>[],
): NonNullable<O["reduction"]> {
  return checkReduction(op, checkOptions(op, opts, known).reduction ?? "mean", allowed);
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

/**
 * The input and target of a loss that compares them element by element: the input a Tensor,
 * the target as a Tensor ({@link lossOperand}), of the same shape. @internal
 */
export function sameShapeOperands(op: string, input: Tensor, target: Tensor | NDArray): [Tensor, Tensor] {
  const x = lossInput(input, op);
  const y = lossOperand(target, op, "target");
  checkSameShape(op, x.shape, y.shape);
  return [x, y];
}
