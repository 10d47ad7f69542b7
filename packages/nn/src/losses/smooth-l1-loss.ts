// smoothL1Loss and huberLoss: PyTorch's two robust regression losses, quadratic near zero and
// linear beyond; one file as they differ only in scaling.
import { type Tensor, abs, div, mul, sub, where } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type OptionKeys, checkNumber, orDefault } from "../checks.js";
import { type Reduction, optionsReduction, reduce, sameShapeOperands } from "./reduction.js";

/**
 * Options of {@link smoothL1Loss}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.SmoothL1LossOptions = { beta: 0.5, reduction: "none" };
 * tg.nn.smoothL1Loss(tg.tensor([0.2, 3]), tg.tensor([0, 0]), opts).toArray(); // [0.04, 2.75]
 * ```
 * @category Losses
 */
export interface SmoothL1LossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear, ≥ 0 (default 1; 0 is the L1 loss). */
  beta?: number;
}

/** The option names of {@link SmoothL1LossOptions}. @internal */
export const SMOOTH_L1_KEYS: OptionKeys<SmoothL1LossOptions> = { reduction: true, beta: true };

/**
 * Options of {@link huberLoss}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.HuberLossOptions = { delta: 2, reduction: "sum" };
 * tg.nn.huberLoss(tg.tensor([1, 5]), tg.tensor([0, 0]), opts).item(); // 0.5 + 2·(5 − 1) = 8.5
 * ```
 * @category Losses
 */
export interface HuberLossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear, > 0 (default 1). */
  delta?: number;
}

/** The option names of {@link HuberLossOptions}. @internal */
export const HUBER_KEYS: OptionKeys<HuberLossOptions> = { reduction: true, delta: true };

/**
 * Smooth L1 loss, as PyTorch's `smooth_l1_loss`: with `d = x − y`,
 * `ℓ = ½d²/β` where `|d| < β` and `|d| − ½β` elsewhere, then the reduction — the L1 loss
 * with a rounded corner; `β = 0` is exactly {@link l1Loss}. Composite; the gradient is
 * `d/β` inside and `sign(d)` outside, as PyTorch's.
 *
 * @param input - predictions, a Tensor
 * @param target - targets, same shape: a Tensor, or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`), `beta` (default 1)
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ; ValueError for a negative β
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * tg.nn.smoothL1Loss(tg.tensor([0.5, 2]), tg.tensor([0, 0])).item(); // (0.125 + 1.5) / 2
 * ```
 * @category Losses
 */
export function smoothL1Loss(input: Tensor, target: Tensor | T.NDArray, opts: SmoothL1LossOptions = {}): Tensor {
  const op = "smoothL1Loss";
  const reduction = optionsReduction(op, opts, SMOOTH_L1_KEYS);
  const beta = checkNumber(op, "options", "beta", orDefault(opts.beta, 1), { min: 0 });
  const [x, y] = sameShapeOperands(op, input, target);
  const d = sub(x, y);
  const a = abs(d);
  if (beta === 0) return reduce(a, reduction);
  const inside = T.lt(a.data, beta);
  return reduce(where(inside, div(mul(mul(d, 0.5), d), beta), sub(a, 0.5 * beta)), reduction);
}

/**
 * Huber loss, as PyTorch's `huber_loss`: with `d = x − y`, `ℓ = ½d²` where `|d| < δ` and
 * `δ·(|d| − ½δ)` elsewhere, then the reduction (δ times {@link smoothL1Loss} with β = δ).
 * Composite; the gradient is `d` inside and `δ·sign(d)` outside.
 *
 * @param input - predictions, a Tensor
 * @param target - targets, same shape: a Tensor, or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`), `delta` (default 1)
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ; ValueError for δ ≤ 0
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * tg.nn.huberLoss(tg.tensor([0.5, 3]), tg.tensor([0, 0]), { reduction: "none" }).toArray(); // [0.125, 2.5]
 * ```
 * @category Losses
 */
export function huberLoss(input: Tensor, target: Tensor | T.NDArray, opts: HuberLossOptions = {}): Tensor {
  const op = "huberLoss";
  const reduction = optionsReduction(op, opts, HUBER_KEYS);
  const delta = checkNumber(op, "options", "delta", orDefault(opts.delta, 1), { min: 0, minExclusive: true });
  const [x, y] = sameShapeOperands(op, input, target);
  const d = sub(x, y);
  const a = abs(d);
  const inside = T.lt(a.data, delta);
  return reduce(where(inside, mul(mul(d, 0.5), d), mul(sub(a, 0.5 * delta), delta)), reduction);
}
