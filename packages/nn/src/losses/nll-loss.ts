// Negative log-likelihood on log-probabilities (class weights, ignoreIndex), one loss per file
// beside the shared reduction helpers so each formula reads on its own.
import { Tensor, div, gather, indexSelect, mul, neg, reshape, sum } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { DTypeError, ShapeError, ValueError } from "@tsgrad/ndarray";
import { type Reduction, lossInput, optionsReduction, tensorOf } from "./reduction.js";
import { type OptionKeys, checkInteger, fmtShape, orDefault } from "../checks.js";

/**
 * Options of {@link nllLoss}.
 * @example
 * ```ts
 * import { type NllLossOptions, nllLoss } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opts: NllLossOptions = { reduction: "sum" };
 * nllLoss(tensor([[-0.5, -1], [-2, -0.1]]), tensor([0, 1], { dtype: "int32" }), opts).item(); // 0.6
 * ```
 * @category Losses
 */
export interface NllLossOptions {
  /** `"mean"` (default: weighted mean over the targets that are not ignored), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** A rescaling weight per class, shape `(C)`; the mean divides by the sum of the targets' weights. */
  weight?: Tensor | T.NDArray;
  /** A target value that contributes neither loss nor gradient (default -100, as PyTorch). */
  ignoreIndex?: number;
}

/** The option names of {@link NllLossOptions}. @internal */
export const NLL_LOSS_KEYS: OptionKeys<NllLossOptions> = { reduction: true, weight: true, ignoreIndex: true };

/** Class-index targets checked against the input, in batched form `(N, d1, …)`. @internal */
export interface ClassTargets {
  /** The targets with ignored entries replaced by class 0 (safe to gather with). */
  safe: T.NDArray;
  /** 1 where a target counts, 0 where it is ignored, in the input's dtype; null when none is ignored. */
  mask: Tensor | null;
  /** How many targets are not ignored. */
  kept: number;
}

/** The class-index target shape for an input shape: `[]` for `(C)`, `(N, d1, …)` for `(N, C, d1, …)`. @internal */
export function classTargetShape(inputShape: readonly number[]): number[] {
  return inputShape.length === 1 ? [] : [inputShape[0]!, ...inputShape.slice(2)];
}

/** Validates `ignoreIndex` (an integer; default -100). @internal */
export function checkIgnoreIndex(op: string, ignoreIndex: unknown): number {
  return checkInteger(op, "options", "ignoreIndex", orDefault(ignoreIndex, -100));
}

/** Throws unless the input has a class axis: shape `(C)`, `(N, C)` or `(N, C, d1, …)`. @internal */
export function checkClassInput(op: string, input: Tensor): void {
  if (input.ndim === 0) {
    throw new ShapeError(op, `input of shape ${fmtShape(input.shape)} has no class axis; expected (C), (N, C) or (N, C, d1, …)`, {
      input: input.shape,
    });
  }
  if (input.dtype === "int32") {
    throw new DTypeError(op, `input must be float32 or float64, got int32 (shape ${fmtShape(input.shape)})`, { dtype: input.dtype });
  }
}

/**
 * Validates class-index targets (int32, the shape {@link classTargetShape} gives, every
 * value in `[0, C)` or equal to `ignoreIndex`) and returns them in batched form.
 * @internal
 */
export function checkClassTargets(op: string, input: Tensor, target: T.NDArray, ignoreIndex: number): ClassTargets {
  const classes = input.shape[input.ndim === 1 ? 0 : 1]!;
  const expected = classTargetShape(input.shape);
  if (target.dtype !== "int32") {
    throw new DTypeError(
      op,
      `class-index targets must be int32, got ${target.dtype} (target shape ${fmtShape(target.shape)}, input shape ${fmtShape(input.shape)})`,
      { dtype: target.dtype, target: target.shape, input: input.shape },
    );
  }
  if (target.ndim !== expected.length || target.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      op,
      `target shape ${fmtShape(target.shape)} does not match input shape ${fmtShape(input.shape)}; expected class indices of shape ${fmtShape(expected)}`,
      { input: input.shape, target: target.shape },
    );
  }
  const values = target.toTypedArray();
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    const c = values[i]!;
    if (c === ignoreIndex) continue;
    if (c < 0 || c >= classes) {
      throw new ValueError(
        op,
        `target holds class index ${c} (at flat position ${i}), out of range for ${classes} classes; expected 0 ≤ index < ${classes} or ignoreIndex ${ignoreIndex}`,
        { index: c, position: i, classes, ignoreIndex },
      );
    }
    kept++;
  }
  const batched = target.ndim === 0 ? T.reshape(target, [1]) : target;
  const counts = T.ne(batched, ignoreIndex);
  const ignoredAny = kept < values.length;
  return {
    safe: ignoredAny ? T.where(counts, batched, 0) : batched,
    mask: ignoredAny ? new Tensor(counts.astype(input.dtype)) : null,
    kept,
  };
}

/** Validates a per-class weight (float, shape `(C)`) and returns it as a Tensor. @internal */
export function checkClassWeight(op: string, weight: Tensor | T.NDArray | undefined, classes: number): Tensor | null {
  if (weight === undefined) return null;
  const w = weight instanceof Tensor ? weight : new Tensor(tensorOf(weight, op, "weight"));
  if (w.ndim !== 1 || w.shape[0] !== classes) {
    throw new ShapeError(op, `weight of shape ${fmtShape(w.shape)} does not fit ${classes} classes; expected shape [${classes}]`, {
      weight: w.shape,
      classes,
    });
  }
  if (w.dtype === "int32") throw new DTypeError(op, "weight must be float32 or float64, got int32", { dtype: w.dtype });
  return w;
}

/**
 * The negative log-likelihood terms `−w[y]·logp[n, y]` (0 where ignored), shape
 * `(N, d1, …)`, and the mean's denominator: `Σ w[y]` over kept targets, or their count.
 * @internal
 */
export function nllTerms(logp: Tensor, targets: ClassTargets, weight: Tensor | null): { losses: Tensor; denom: Tensor | number } {
  const shape = targets.safe.shape;
  const picked = reshape(gather(logp, 1, T.unsqueeze(targets.safe, 1)), shape);
  if (weight === null) {
    return { losses: neg(targets.mask ? mul(picked, targets.mask) : picked), denom: targets.kept };
  }
  let wy = reshape(indexSelect(weight, 0, T.flatten(targets.safe)), shape);
  if (targets.mask) wy = mul(wy, targets.mask);
  return { losses: neg(mul(picked, wy)), denom: sum(wy) };
}

/** Reduces class-index terms: the mean divides by `denom` (PyTorch's weighted mean). @internal */
export function reduceClassTerms(losses: Tensor, denom: Tensor | number, reduction: Reduction): Tensor {
  if (reduction === "none") return losses;
  const total = sum(losses);
  return reduction === "sum" ? total : div(total, denom);
}

/**
 * The negative log-likelihood loss of log-probabilities and class-index targets, as
 * PyTorch's `nll_loss`: `ℓₙ = −w[yₙ]·x[n, yₙ]` (0 where `yₙ = ignoreIndex`); the mean
 * is `Σ ℓₙ / Σ w[yₙ]` over the targets that are not ignored. Composite (a `gather` and
 * arithmetic); pair it with `logSoftmax`, or use {@link crossEntropy} on logits.
 *
 * @param input - log-probabilities of shape `(C)`, `(N, C)` or `(N, C, d1, …)`, a Tensor
 * @param target - an int32 Tensor of class indices of shape `()`, `(N)` or `(N, d1, …)`
 *   (an NDArray is taken as a constant)
 * @param opts - `reduction` (default `"mean"`), `weight` per class, `ignoreIndex` (default -100)
 * @returns the loss: a scalar, or shape `(N, d1, …)` with `reduction: "none"`
 * @throws DTypeError when `target` is not int32; ShapeError when the shapes do not
 *   match; ValueError for a class index out of range
 * @example
 * ```ts
 * import { tensor, logSoftmax } from "@tsgrad/autograd";
 * import { nllLoss } from "@tsgrad/nn";
 * const logp = logSoftmax(tensor([[2, 0, -1], [0.5, 1, 0]], { requiresGrad: true }), 1);
 * const loss = nllLoss(logp, tensor([0, 1], { dtype: "int32" }));
 * loss.backward();
 * ```
 * @category Losses
 */
export function nllLoss(input: Tensor, target: Tensor | T.NDArray, opts: NllLossOptions = {}): Tensor {
  const op = "nllLoss";
  const reduction = optionsReduction(op, opts, NLL_LOSS_KEYS);
  const ignoreIndex = checkIgnoreIndex(op, opts.ignoreIndex);
  const x = lossInput(input, op);
  checkClassInput(op, x);
  const unbatched = x.ndim === 1;
  const targets = checkClassTargets(op, x, tensorOf(target, op, "target"), ignoreIndex);
  const weight = checkClassWeight(op, opts.weight, x.shape[unbatched ? 0 : 1]!);
  const logp = unbatched ? reshape(x, [1, x.shape[0]!]) : x;
  const { losses, denom } = nllTerms(logp, targets, weight);
  const out = reduceClassTerms(losses, denom, reduction);
  return unbatched && reduction === "none" ? reshape(out, []) : out;
}
