import type { Tensor } from "../tensor.js";
import { unary } from "../kernels/elementwise.js";

/**
 * Negation, `-x`. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, neg } from "@tsgrad/tensor";
 * neg(tensor([1, -2])).toArray(); // [-1, 2]
 * ```
 * @category Elementwise
 */
export function neg(x: Tensor): Tensor {
  return unary("neg", x);
}

/**
 * Absolute value, `|x|`. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, abs } from "@tsgrad/tensor";
 * abs(tensor([-1.5, 2])).toArray(); // [1.5, 2]
 * ```
 * @category Elementwise
 */
export function abs(x: Tensor): Tensor {
  return unary("abs", x);
}

/**
 * Exponential, `eˣ`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, exp } from "@tsgrad/tensor";
 * exp(tensor([0, 1])).toArray(); // [1, 2.718281828459045]
 * ```
 * @category Elementwise
 */
export function exp(x: Tensor): Tensor {
  return unary("exp", x);
}

/**
 * Natural logarithm (NaN for negative input, -Infinity at 0). Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, log } from "@tsgrad/tensor";
 * log(tensor([1])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function log(x: Tensor): Tensor {
  return unary("log", x);
}

/**
 * Square root (NaN for negative input). Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, sqrt } from "@tsgrad/tensor";
 * sqrt(tensor([4, 9])).toArray(); // [2, 3]
 * ```
 * @category Elementwise
 */
export function sqrt(x: Tensor): Tensor {
  return unary("sqrt", x);
}

/**
 * Reciprocal square root, `1/√x`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, rsqrt } from "@tsgrad/tensor";
 * rsqrt(tensor([4])).toArray(); // [0.5]
 * ```
 * @category Elementwise
 */
export function rsqrt(x: Tensor): Tensor {
  return unary("rsqrt", x);
}

/**
 * Sine. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, sin } from "@tsgrad/tensor";
 * sin(tensor([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function sin(x: Tensor): Tensor {
  return unary("sin", x);
}

/**
 * Cosine. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, cos } from "@tsgrad/tensor";
 * cos(tensor([0])).toArray(); // [1]
 * ```
 * @category Elementwise
 */
export function cos(x: Tensor): Tensor {
  return unary("cos", x);
}

/**
 * Hyperbolic tangent. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, tanh } from "@tsgrad/tensor";
 * tanh(tensor([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function tanh(x: Tensor): Tensor {
  return unary("tanh", x);
}

/**
 * Logistic sigmoid `1/(1+e⁻ˣ)`, computed without overflow for large |x|. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, sigmoid } from "@tsgrad/tensor";
 * sigmoid(tensor([0])).toArray(); // [0.5]
 * ```
 * @category Elementwise
 */
export function sigmoid(x: Tensor): Tensor {
  return unary("sigmoid", x);
}

/**
 * Rectified linear unit, `max(x, 0)` (NaN stays NaN). Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, relu } from "@tsgrad/tensor";
 * relu(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 * @category Elementwise
 */
export function relu(x: Tensor): Tensor {
  return unary("relu", x);
}

/**
 * Sign: -1, 0 or 1 (NaN stays NaN). Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, sign } from "@tsgrad/tensor";
 * sign(tensor([-3, 0, 2])).toArray(); // [-1, 0, 1]
 * ```
 * @category Elementwise
 */
export function sign(x: Tensor): Tensor {
  return unary("sign", x);
}

/**
 * Square, `x²`. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, square } from "@tsgrad/tensor";
 * square(tensor([3])).toArray(); // [9]
 * ```
 * @category Elementwise
 */
export function square(x: Tensor): Tensor {
  return unary("square", x);
}

/**
 * Reciprocal, `1/x`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, reciprocal } from "@tsgrad/tensor";
 * reciprocal(tensor([4])).toArray(); // [0.25]
 * ```
 * @category Elementwise
 */
export function reciprocal(x: Tensor): Tensor {
  return unary("reciprocal", x);
}

/**
 * Largest integer not above x. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, floor } from "@tsgrad/tensor";
 * floor(tensor([1.5, -1.5])).toArray(); // [1, -2]
 * ```
 * @category Elementwise
 */
export function floor(x: Tensor): Tensor {
  return unary("floor", x);
}

/**
 * Smallest integer not below x. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, ceil } from "@tsgrad/tensor";
 * ceil(tensor([1.5, -1.5])).toArray(); // [2, -1]
 * ```
 * @category Elementwise
 */
export function ceil(x: Tensor): Tensor {
  return unary("ceil", x);
}

/**
 * Rounds to the nearest integer, halves to even (as PyTorch and NumPy). Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, round } from "@tsgrad/tensor";
 * round(tensor([0.5, 1.5, 2.4])).toArray(); // [0, 2, 2]
 * ```
 * @category Elementwise
 */
export function round(x: Tensor): Tensor {
  return unary("round", x);
}

/**
 * `log(1 + x)`, accurate for small x. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, log1p } from "@tsgrad/tensor";
 * log1p(tensor([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function log1p(x: Tensor): Tensor {
  return unary("log1p", x);
}

/**
 * `eˣ - 1`, accurate for small x. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, expm1 } from "@tsgrad/tensor";
 * expm1(tensor([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function expm1(x: Tensor): Tensor {
  return unary("expm1", x);
}

/**
 * The Gauss error function, `erf x = 2/√π ∫₀ˣ e^(−t²) dt` (within 10 ulps in float64).
 * Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { tensor, erf } from "@tsgrad/tensor";
 * erf(tensor([0, 1], { dtype: "float64" })).toArray(); // [0, 0.8427007929497149]
 * ```
 * @category Elementwise
 */
export function erf(x: Tensor): Tensor {
  return unary("erf", x);
}
