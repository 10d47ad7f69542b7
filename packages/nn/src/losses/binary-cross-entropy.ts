// binaryCrossEntropy: PyTorch's binary_cross_entropy of probabilities (with its log clamp at −100),
// a loss of its own beside bceWithLogits, which takes logits.
import { Tensor, add, log, maximum, mul, neg, sub, where } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { ShapeError, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, fmtShape } from "../checks.js";
import { type Reduction, lossOperand, optionsReduction, reduce, sameShapeOperands } from "./reduction.js";

/**
 * Options of {@link binaryCrossEntropy}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.BinaryCrossEntropyOptions = { reduction: "sum", weight: tg.tensor([1, 2]) };
 * tg.nn.binaryCrossEntropy(tg.tensor([[0.9, 0.2]]), tg.tensor([[1, 0]]), opts).item(); // −ln 0.9 − 2·ln 0.8
 * ```
 * @category Losses
 */
export interface BinaryCrossEntropyOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** A rescaling weight per element, broadcastable to the input's shape. */
  weight?: Tensor | T.NDArray;
}

/** The option names of {@link BinaryCrossEntropyOptions}. @internal */
export const BCE_KEYS: OptionKeys<BinaryCrossEntropyOptions> = { reduction: true, weight: true };

/** A weight that broadcasts to `shape` (aligned from the right, each axis 1 or equal), as a Tensor. @internal */
export function broadcastableWeight(op: string, name: string, w: Tensor | T.NDArray | undefined, shape: readonly number[]): Tensor | null {
  if (w === undefined) return null;
  const v = lossOperand(w, op, name);
  const offset = shape.length - v.ndim;
  if (offset < 0 || !v.shape.every((d, i) => d === 1 || d === shape[offset + i])) {
    throw new ShapeError(op, `${name} of shape ${fmtShape(v.shape)} does not broadcast to the input shape ${fmtShape(shape)}`, { [name]: v.shape, input: shape });
  }
  return v;
}

/**
 * `max(log p, −100)`, PyTorch's clamp, without a NaN gradient where `p = 0`: there the value
 * is the clamp's −100 and the gradient 0.
 */
function clampedLog(p: Tensor): Tensor {
  const positive = T.gt(p.data, 0);
  return where(positive, maximum(log(where(positive, p, 1)), -100), -100);
}

/**
 * Binary cross-entropy between probabilities and targets, as PyTorch's
 * `binary_cross_entropy`: `ℓ = −w·(y·log x + (1 − y)·log(1 − x))`, each log clamped at
 * −100 as PyTorch does (so `x = 0` or `1` gives a finite loss of at most 100). For logits,
 * {@link bceWithLogits} is the stable choice. Composite; the gradient is
 * `w·(x − y)/(x(1 − x))` where the clamps are inactive and 0 where they are (PyTorch's
 * formula instead divides by `max(x(1 − x), 1e-12)`, giving ±1e12 at exactly 0 or 1).
 *
 * @param input - probabilities in `[0, 1]`, a Tensor
 * @param target - targets in `[0, 1]`, same shape: a Tensor, or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`), `weight`
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ or the weight does not broadcast; ValueError
 *   for an input value outside `[0, 1]`
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const p = tg.tensor([0.8, 0.1], { requiresGrad: true, dtype: "float64" });
 * const loss = tg.nn.binaryCrossEntropy(p, tg.tensor([1, 0], { dtype: "float64" }));
 * loss.item(); // (−ln 0.8 − ln 0.9) / 2
 * loss.backward();
 * p.grad!.toArray(); // [−0.625, 0.5555…]
 * ```
 * @category Losses
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor | T.NDArray, opts: BinaryCrossEntropyOptions = {}): Tensor {
  const op = "binaryCrossEntropy";
  const reduction = optionsReduction(op, opts, BCE_KEYS);
  const [x, y] = sameShapeOperands(op, input, target);
  const weight = broadcastableWeight(op, "weight", opts.weight, x.shape);
  const values = x.data.contiguous().toTypedArray();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(op, `input values must be probabilities in [0, 1]; got ${v} at flat position ${i} (use bceWithLogits for logits)`, { value: v, position: i });
    }
  }
  // NOTE: log(1 − x) as PyTorch computes it (not log1p(−x)), so values match to the last bit.
  let loss = neg(add(mul(y, clampedLog(x)), mul(sub(1, y), clampedLog(sub(1, x)))));
  if (weight !== null) loss = mul(loss, weight);
  return reduce(loss, reduction);
}
