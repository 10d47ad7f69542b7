// The activations of PyTorch's "modern" models beyond the primitives (SiLU, ELU, Softplus, Mish,
// Hardtanh, ReLU6, PReLU): composites of primitives, kept apart from elementwise.ts's basic helpers.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { abs } from "../primitives/abs.js";
import { add } from "../primitives/add.js";
import { div } from "../primitives/div.js";
import { exp } from "../primitives/exp.js";
import { log } from "../primitives/log.js";
import { maximum } from "../primitives/maximum.js";
import { mul } from "../primitives/mul.js";
import { neg } from "../primitives/neg.js";
import { reshape } from "../primitives/reshape.js";
import { sigmoid } from "../primitives/sigmoid.js";
import { sub } from "../primitives/sub.js";
import { tanh } from "../primitives/tanh.js";
import { where } from "../primitives/where.js";
import { checkNumber, checkOptions, fmtShape, underName } from "@tsgrad/ndarray/internal";

function floating(op: string, v: Tensor): Tensor {
  if (v.dtype === "int32") throw new T.DTypeError(op, `expected a float32 or float64 input, got int32 (shape ${fmtShape(v.shape)})`, { dtype: v.dtype });
  return v;
}

/**
 * `log(1 + e^(−|z|))` to the last bit: `log(1 + u)` carries the gradient `u′/(1 + u)`,
 * which is accurate, and the constant `log1p(u) − log(1 + u)` restores the value's tail.
 */
function log1pExpNegAbs(z: Tensor): Tensor {
  const u = exp(neg(abs(z)));
  const correction = T.sub(T.log1p(u.data), T.log(T.add(u.data, 1)));
  return add(log(add(u, 1)), z.wrapData(correction));
}

/**
 * SiLU ("swish"), `x · σ(x)`, as PyTorch's `F.silu`. Composite: {@link sigmoid} and {@link mul}.
 *
 * @param x - input, a float Tensor
 * @returns the activation, same shape
 * @throws DTypeError for an int32 input
 * @example
 * ```ts
 * import { tensor, silu } from "tsgrad";
 * silu(tensor([0, 1], { dtype: "float64" })).toArray(); // [0, 0.7310585786300049]
 * ```
 * @category Composite ops
 */
export function silu(x: Operand): Tensor {
  return underName("silu", () => {
    const v = floating("silu", asTensor(x, undefined, "silu"));
    return mul(v, sigmoid(v));
  });
}

/**
 * ELU, as PyTorch's `F.elu`: `x` where `x > 0`, `α·(eˣ − 1)` elsewhere (the value from
 * `expm1`, exact near 0); the gradient at 0 is α, as PyTorch's. Composite.
 *
 * @param x - input, a float Tensor
 * @param alpha - α, the value approached for `x → −∞` is `−α` (default 1)
 * @returns the activation, same shape
 * @throws DTypeError for an int32 input; ValueError for a non-finite α
 * @example
 * ```ts
 * import { tensor, elu } from "tsgrad";
 * elu(tensor([-1, 2], { dtype: "float64" }), 0.5).toArray(); // [-0.31606027941427883, 2]
 * ```
 * @category Composite ops
 */
export function elu(x: Operand, alpha = 1): Tensor {
  return underName("elu", () => {
    const v = floating("elu", asTensor(x, undefined, "elu"));
    const a = checkNumber("elu", "arguments", "alpha", alpha);
    const positive = T.gt(v.data, 0);
    // NOTE: the negative branch sees 0 where x > 0, so e^x never overflows there (0·∞ would be NaN).
    const xn = where(positive, 0, v);
    const e = exp(xn);
    const correction = T.sub(T.expm1(xn.data), T.sub(e.data, 1));
    const negative = mul(add(sub(e, 1), v.wrapData(correction)), a);
    return where(positive, v, negative);
  });
}

/**
 * Softplus, as PyTorch's `F.softplus`: `log(1 + e^(βx)) / β`, and `x` itself where
 * `βx > threshold` (for stability). Computed as `(max(βx, 0) + log1p(e^(−|βx|))) / β`, finite
 * and exact for any `x`; the gradient is `σ(βx)` (1 above the threshold). Composite.
 *
 * @param x - input, a float Tensor
 * @param opts - `beta` β (default 1), `threshold` (default 20)
 * @returns the activation, same shape
 * @throws DTypeError for an int32 input; ValueError for a non-finite option or β = 0
 * @example
 * ```ts
 * import { tensor, softplus } from "tsgrad";
 * softplus(tensor([0, 30], { dtype: "float64" })).toArray(); // [0.6931471805599453, 30]
 * ```
 * @category Composite ops
 */
export function softplus(x: Operand, opts: { beta?: number; threshold?: number } = {}): Tensor {
  return underName("softplus", () => {
    checkOptions("softplus", opts, { beta: true, threshold: true });
    const v = floating("softplus", asTensor(x, undefined, "softplus"));
    const beta = checkNumber("softplus", "options", "beta", opts.beta === undefined ? 1 : opts.beta);
    if (beta === 0) throw new T.ValueError("softplus", "beta must not be 0", { beta });
    const threshold = opts.threshold === undefined ? 20 : opts.threshold;
    if (typeof threshold !== "number" || Number.isNaN(threshold)) {
      throw new T.ValueError("softplus", `threshold must be a number, got ${JSON.stringify(threshold)}`, { threshold });
    }
    const z = beta === 1 ? v : mul(v, beta);
    const linear = T.gt(z.data, threshold);
    const zs = where(linear, 0, z);
    const soft = add(maximum(zs, 0), log1pExpNegAbs(zs));
    return where(linear, v, beta === 1 ? soft : div(soft, beta));
  });
}

/**
 * Mish, `x · tanh(softplus(x))`, as PyTorch's `F.mish`. Composite: {@link softplus},
 * {@link tanh} and {@link mul}.
 *
 * @param x - input, a float Tensor
 * @returns the activation, same shape
 * @throws DTypeError for an int32 input
 * @example
 * ```ts
 * import { tensor, mish } from "tsgrad";
 * mish(tensor([0, 1], { dtype: "float64" })).toArray(); // [0, 0.8650983882673103]
 * ```
 * @category Composite ops
 */
export function mish(x: Operand): Tensor {
  return underName("mish", () => {
    const v = floating("mish", asTensor(x, undefined, "mish"));
    return mul(v, tanh(softplus(v)));
  });
}

/**
 * Hardtanh, as PyTorch's `F.hardtanh`: `x` clamped into `[minVal, maxVal]`; the
 * gradient is 1 strictly inside the interval and 0 elsewhere, the bounds included (as
 * PyTorch's; {@link clamp}'s gradient is 1 at the bounds, as PyTorch's). Composite: {@link where}.
 *
 * @param x - input, a float Tensor
 * @param minVal - lower bound (default −1)
 * @param maxVal - upper bound, larger than `minVal` (default 1)
 * @returns the activation, same shape
 * @throws DTypeError for an int32 input; ValueError unless `minVal < maxVal`
 * @example
 * ```ts
 * import { tensor, hardtanh } from "tsgrad";
 * hardtanh(tensor([-3, 0.5, 3])).toArray(); // [-1, 0.5, 1]
 * ```
 * @category Composite ops
 */
export function hardtanh(x: Operand, minVal = -1, maxVal = 1): Tensor {
  return hardtanhOf("hardtanh", x, minVal, maxVal);
}

function hardtanhOf(op: string, x: Operand, minVal: number, maxVal: number): Tensor {
  return underName(op, () => {
    const v = floating(op, asTensor(x, undefined, op));
    const lo = checkNumber(op, "arguments", "minVal", minVal);
    const hi = checkNumber(op, "arguments", "maxVal", maxVal);
    if (!(lo < hi)) throw new T.ValueError(op, `minVal (${lo}) must be smaller than maxVal (${hi})`, { minVal: lo, maxVal: hi });
    return where(T.le(v.data, lo), lo, where(T.ge(v.data, hi), hi, v));
  });
}

/**
 * ReLU6, `min(max(x, 0), 6)`, as PyTorch's `F.relu6` (a {@link hardtanh} on `[0, 6]`:
 * gradient 0 at 0 and at 6).
 *
 * @param x - input, a float Tensor
 * @returns the activation, same shape
 * @throws DTypeError for an int32 input
 * @example
 * ```ts
 * import { tensor, relu6 } from "tsgrad";
 * relu6(tensor([-1, 3, 8])).toArray(); // [0, 3, 6]
 * ```
 * @category Composite ops
 */
export function relu6(x: Operand): Tensor {
  return hardtanhOf("relu6", x, 0, 6);
}

/**
 * PReLU, as PyTorch's `F.prelu`: `x` where `x > 0`, `a·x` elsewhere, with a learnt slope
 * `a` — one for every element, or one per channel (axis 1; an input of rank below 2 has no
 * channel axis, so one slope, as PyTorch's). Composite:
 * {@link where} and {@link mul}; the gradient of the slope sums `ḡ·x` over `x ≤ 0`.
 *
 * @param x - input, a float Tensor
 * @param weight - the slopes: one element, or one per channel `(C)`
 * @returns the activation, same shape as `x`
 * @throws ShapeError when the weight has neither 1 element nor one per channel
 * @example
 * ```ts
 * import { tensor, prelu } from "tsgrad";
 * prelu(tensor([[-2, 2], [-4, 4]]), tensor([0.25, 0.5])).toArray(); // [[-0.5, 2], [-2, 4]]
 * ```
 * @category Composite ops
 */
export function prelu(x: Operand, weight: Operand): Tensor {
  return underName("prelu", () => {
    const v = floating("prelu", asTensor(x, weight, "prelu"));
    const w = asTensor(weight, v, "prelu");
    const channels = v.ndim < 2 ? 1 : v.shape[1]!;
    let slope: Tensor;
    if (w.size === 1) {
      slope = reshape(w, []);
    } else if (w.ndim === 1 && w.shape[0] === channels) {
      slope = reshape(w, [1, channels, ...v.shape.slice(2).map(() => 1)]);
    } else {
      throw new T.ShapeError(
        "prelu",
        `weight of shape ${fmtShape(w.shape)} fits neither one slope nor one per channel of the input of shape ${fmtShape(v.shape)} (${channels} channels)`,
        { input: v.shape, weight: w.shape },
      );
    }
    return where(T.gt(v.data, 0), v, mul(v, slope));
  });
}
