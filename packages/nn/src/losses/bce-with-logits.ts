// Binary cross-entropy on logits, one loss per file beside the shared reduction helpers
// (reduction.ts) so each formula and its checks read on their own.
import { Tensor, abs, add, exp, log, maximum, mul, neg, sub } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { ShapeError } from "@tsgrad/ndarray";
import { type Reduction, lossOperand, optionsReduction, reduce, sameShapeOperands } from "./reduction.js";
import { type OptionKeys, fmtShape } from "../checks.js";

/**
 * Options of {@link bceWithLogits}.
 * @example
 * ```ts
 * import { type BceWithLogitsOptions, bceWithLogits } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * // Positives are rare: weigh them 3× (one weight per class of the (N, C) input).
 * const opts: BceWithLogitsOptions = { posWeight: tensor([3, 1]) };
 * bceWithLogits(tensor([[0.5, -1], [2, 0]]), tensor([[1, 0], [0, 1]]), opts).shape; // []: the mean
 * ```
 * @category Losses
 */
export interface BceWithLogitsOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** A rescaling weight per element, broadcastable to the input's shape. */
  weight?: Tensor | T.NDArray;
  /** A weight of the positive term per class, broadcastable to the input's shape (e.g. `(C)` for `(N, C)`). */
  posWeight?: Tensor | T.NDArray;
}

/** The option names of {@link BceWithLogitsOptions}. @internal */
export const BCE_WITH_LOGITS_KEYS: OptionKeys<BceWithLogitsOptions> = { reduction: true, weight: true, posWeight: true };

function broadcastWeight(name: string, w: Tensor | T.NDArray | undefined, shape: readonly number[]): Tensor | null {
  if (w === undefined) return null;
  const v = lossOperand(w, "bceWithLogits", name);
  // Broadcasting to `shape` means: aligned from the right, every axis is 1 or equal.
  const offset = shape.length - v.ndim;
  const fits = offset >= 0 && v.shape.every((d, i) => d === 1 || d === shape[offset + i]);
  if (!fits) {
    throw new ShapeError("bceWithLogits", `${name} of shape ${fmtShape(v.shape)} does not broadcast to the input shape ${fmtShape(shape)}`, {
      [name]: v.shape,
      input: shape,
    });
  }
  return v;
}

/** `log(1 + e^(−|x|))`, exact to the last bit: its gradient comes from `log(1 + u)`. */
function log1pExpNegAbs(x: Tensor): Tensor {
  const u = exp(neg(abs(x)));
  // NOTE: 1 + u rounds to 1 once u < ε, so log(1 + u) alone loses the tail PyTorch's log1p keeps;
  // adding the (constant) difference log1p(u) − log(1 + u) restores the value, while the gradient
  // u'/(1 + u) of log(1 + u) is already accurate.
  const correction = T.sub(T.log1p(u.data), T.log(T.add(u.data, 1)));
  return add(log(add(u, 1)), new Tensor(correction));
}

/**
 * Binary cross-entropy of logits, as PyTorch's `binary_cross_entropy_with_logits`, in its
 * stable form: `ℓ = max(x, 0) − x·y + log(1 + e^(−|x|))`, finite for any `x`. With
 * `posWeight` p: `ℓ = (1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^(−|x|)) + max(−x, 0))`.
 * With `weight` w, `ℓ` is multiplied by w. Composite; at `x = 0` the gradient is `½ − y`
 * (σ(0) − y) because `max` splits ties.
 *
 * @param input - logits, a Tensor
 * @param target - targets in `[0, 1]`, same shape as `input`: a Tensor, or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`), `weight`, `posWeight`
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ or a weight does not broadcast to the input
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { bceWithLogits } from "@tsgrad/nn";
 * bceWithLogits(tensor([0]), tensor([1])).item(); // ln 2
 * ```
 * @category Losses
 */
export function bceWithLogits(input: Tensor, target: Tensor | T.NDArray, opts: BceWithLogitsOptions = {}): Tensor {
  const reduction = optionsReduction("bceWithLogits", opts, BCE_WITH_LOGITS_KEYS);
  const [x, y] = sameShapeOperands("bceWithLogits", input, target);
  const weight = broadcastWeight("weight", opts.weight, x.shape);
  const posWeight = broadcastWeight("posWeight", opts.posWeight, x.shape);
  const tail = log1pExpNegAbs(x);
  let loss: Tensor;
  if (posWeight === null) {
    loss = add(sub(maximum(x, 0), mul(x, y)), tail);
  } else {
    const logWeight = add(mul(sub(posWeight, 1), y), 1);
    loss = add(mul(sub(1, y), x), mul(logWeight, add(tail, maximum(neg(x), 0))));
  }
  if (weight !== null) loss = mul(loss, weight);
  return reduce(loss, reduction);
}
