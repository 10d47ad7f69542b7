// Cross-entropy (log-softmax + NLL, with class indices or probabilities and label smoothing),
// one loss per file beside the shared reduction helpers so each formula reads on its own.
import { Tensor, add, div, logSoftmax, mul, neg, reshape, sum } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { DTypeError, ValueError } from "@tsgrad/ndarray";
import { type Reduction, lossInput, lossOperand, optionsReduction, tensorOf } from "./reduction.js";
import { type OptionKeys, checkNumber, fmtShape, orDefault } from "../checks.js";
import {
  checkClassInput,
  checkClassTargets,
  checkClassWeight,
  checkIgnoreIndex,
  nllTerms,
  reduceClassTerms,
} from "./nll-loss.js";

/**
 * Options of {@link crossEntropy}.
 * @example
 * ```ts
 * import { type CrossEntropyOptions, crossEntropy } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opts: CrossEntropyOptions = { labelSmoothing: 0.1, ignoreIndex: -1, weight: tensor([1, 2, 1]) };
 * crossEntropy(tensor([[2, 0, -1], [0, 1, 0]]), tensor([0, -1], { dtype: "int32" }), opts).item(); // the second row is ignored
 * ```
 * @category Losses
 */
export interface CrossEntropyOptions {
  /** `"mean"` (default: weighted mean over the targets that are not ignored), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Amount ε in `[0, 1]` of label smoothing (default 0): the target mixes with the uniform distribution. */
  labelSmoothing?: number;
  /** A rescaling weight per class, shape `(C)`. */
  weight?: Tensor | NDArray;
  /** A class-index target value that contributes neither loss nor gradient (default -100, as PyTorch). */
  ignoreIndex?: number;
}

/** The option names of {@link CrossEntropyOptions}. @internal */
export const CROSS_ENTROPY_KEYS: OptionKeys<CrossEntropyOptions> = { reduction: true, labelSmoothing: true, weight: true, ignoreIndex: true };

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `w` shaped `(1, C, 1, …)` to broadcast along the class axis of a rank-`ndim` input. */
function classView(w: Tensor, ndim: number): Tensor {
  return reshape(w, [1, w.shape[0]!, ...Array.from({ length: ndim - 2 }, () => 1)]);
}

/**
 * Cross-entropy between logits and targets, as PyTorch's `cross_entropy`: the stable
 * `logSoftmax` over the class axis (axis 1, or 0 for an unbatched `(C)` input), then
 * the negative log-likelihood of the targets. Composite: no vjp of its own.
 *
 * Targets are class indices (int32, shape `(N)` or `(N, d1, …)`; `()` for a `(C)`
 * input) — `ℓₙ = −w[yₙ]·log softmax(x)[n, yₙ]`, the mean dividing by `Σ w[yₙ]` over
 * the targets that are not `ignoreIndex` — or class probabilities (a float tensor of
 * the input's shape) — `ℓₙ = −Σ_c w_c·y[n, c]·log softmax(x)[n, c]`, the mean dividing
 * by the number of rows.
 *
 * With `labelSmoothing` ε (PyTorch's formula): for class indices the loss is
 * `(1 − ε)·nll + ε·smooth`, `smooth` being the same reduction of
 * `−(1/C)·Σ_c w_c·log softmax(x)[n, c]` (0 where ignored); for probabilities the target
 * becomes `(1 − ε)·y + ε/C`.
 *
 * @param input - logits of shape `(C)`, `(N, C)` or `(N, C, d1, …)`, a Tensor
 * @param target - an int32 Tensor of class indices, or a float Tensor of class
 *   probabilities of the input's shape (an NDArray is taken as a constant)
 * @param opts - `reduction`, `labelSmoothing`, `weight`, `ignoreIndex`
 * @returns the loss: a scalar, or per-sample values with `reduction: "none"`
 * @throws DTypeError when class-index targets are not int32; ShapeError when the shapes
 *   do not match; ValueError for a class index out of range or a bad option
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { crossEntropy } from "@tsgrad/nn";
 * const logits = tensor([[2, 0, -1], [0.5, 1, 0]], { requiresGrad: true });
 * const loss = crossEntropy(logits, tensor([0, 1], { dtype: "int32" }), { labelSmoothing: 0.1 });
 * loss.backward();
 * logits.grad!.shape; // [2, 3]
 * ```
 * @category Losses
 */
export function crossEntropy(input: Tensor, target: Tensor | NDArray, opts: CrossEntropyOptions = {}): Tensor {
  const op = "crossEntropy";
  const reduction = optionsReduction(op, opts, CROSS_ENTROPY_KEYS);
  const epsilon = checkNumber(op, "options", "labelSmoothing", orDefault(opts.labelSmoothing, 0), { min: 0, max: 1 });
  const x = lossInput(input, op);
  checkClassInput(op, x);
  const t = tensorOf(target, op, "target");
  const unbatched = x.ndim === 1;
  const classes = x.shape[unbatched ? 0 : 1]!;
  const weight = checkClassWeight(op, opts.weight, classes);
  const probabilities = t.dtype !== "int32" && sameShape(t.shape, x.shape);
  const batchedX = unbatched ? reshape(x, [1, classes]) : x;

  let out: Tensor;
  if (probabilities) {
    if (opts.ignoreIndex !== undefined) {
      throw new ValueError(op, "ignoreIndex applies to class-index targets only, not to class probabilities", {
        ignoreIndex: opts.ignoreIndex,
      });
    }
    const logp = logSoftmax(batchedX, 1);
    let y = lossOperand(target, op, "target");
    if (unbatched) y = reshape(y, [1, classes]);
    if (epsilon > 0) y = add(mul(y, 1 - epsilon), epsilon / classes);
    let terms = mul(logp, y);
    if (weight) terms = mul(terms, classView(weight, logp.ndim));
    const losses = neg(sum(terms, { axis: 1 }));
    out = reduction === "none" ? losses : reduction === "sum" ? sum(losses) : div(sum(losses), losses.size);
  } else {
    if (t.dtype !== "int32") {
      throw new DTypeError(
        op,
        `class-index targets must be int32, got ${t.dtype} (target shape ${fmtShape(t.shape)}, input shape ${fmtShape(x.shape)}); class probabilities must be a float tensor of the input's shape`,
        { dtype: t.dtype, target: t.shape, input: x.shape },
      );
    }
    const targets = checkClassTargets(op, x, t, checkIgnoreIndex(op, opts.ignoreIndex));
    const logp = logSoftmax(batchedX, 1);
    const { losses, denom } = nllTerms(logp, targets, weight);
    out = reduceClassTerms(losses, denom, reduction);
    if (epsilon > 0) {
      // NOTE: PyTorch's smoothing term: −Σ_c w_c·logp_c per target, masked like the nll
      // and reduced with the same denominator, then scaled by ε/C.
      let smooth = neg(sum(weight ? mul(logp, classView(weight, logp.ndim)) : logp, { axis: 1 }));
      if (targets.mask) smooth = mul(smooth, targets.mask);
      out = add(mul(out, 1 - epsilon), mul(reduceClassTerms(smooth, denom, reduction), epsilon / classes));
    }
  }
  return unbatched && reduction === "none" ? reshape(out, []) : out;
}
