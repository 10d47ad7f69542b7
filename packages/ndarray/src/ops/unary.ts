// The public unary elementwise ops: each runs the unary kernel with the tier switch (kernels/dispatch.ts).
import type { NDArray } from "../ndarray.js";
import { unary } from "../kernels/elementwise.js";
import { dispatch } from "../kernels/dispatch.js";

/**
 * Negation, `-x`. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, neg } from "@tsgrad/ndarray";
 * neg(ndarray([1, -2])).toArray(); // [-1, 2]
 * ```
 * @category Elementwise
 */
export function neg(x: NDArray): NDArray {
  return unary("neg", x, dispatch);
}

/**
 * Absolute value, `|x|`. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, abs } from "@tsgrad/ndarray";
 * abs(ndarray([-1.5, 2])).toArray(); // [1.5, 2]
 * ```
 * @category Elementwise
 */
export function abs(x: NDArray): NDArray {
  return unary("abs", x, dispatch);
}

/**
 * Exponential, `eˣ`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, exp } from "@tsgrad/ndarray";
 * exp(ndarray([0, 1])).toArray(); // [1, 2.718281828459045]
 * ```
 * @category Elementwise
 */
export function exp(x: NDArray): NDArray {
  return unary("exp", x, dispatch);
}

/**
 * Natural logarithm (NaN for negative input, -Infinity at 0). Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, log } from "@tsgrad/ndarray";
 * log(ndarray([1])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function log(x: NDArray): NDArray {
  return unary("log", x, dispatch);
}

/**
 * Square root (NaN for negative input). Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, sqrt } from "@tsgrad/ndarray";
 * sqrt(ndarray([4, 9])).toArray(); // [2, 3]
 * ```
 * @category Elementwise
 */
export function sqrt(x: NDArray): NDArray {
  return unary("sqrt", x, dispatch);
}

/**
 * Reciprocal square root, `1/√x`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, rsqrt } from "@tsgrad/ndarray";
 * rsqrt(ndarray([4])).toArray(); // [0.5]
 * ```
 * @category Elementwise
 */
export function rsqrt(x: NDArray): NDArray {
  return unary("rsqrt", x, dispatch);
}

/**
 * Sine. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, sin } from "@tsgrad/ndarray";
 * sin(ndarray([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function sin(x: NDArray): NDArray {
  return unary("sin", x, dispatch);
}

/**
 * Cosine. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, cos } from "@tsgrad/ndarray";
 * cos(ndarray([0])).toArray(); // [1]
 * ```
 * @category Elementwise
 */
export function cos(x: NDArray): NDArray {
  return unary("cos", x, dispatch);
}

/**
 * Hyperbolic sine, `(eˣ − e⁻ˣ) / 2`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, sinh } from "@tsgrad/ndarray";
 * sinh(ndarray([0, 1], { dtype: "float64" })).toArray(); // [0, 1.1752011936438014]
 * ```
 * @category Elementwise
 */
export function sinh(x: NDArray): NDArray {
  return unary("sinh", x, dispatch);
}

/**
 * Hyperbolic cosine, `(eˣ + e⁻ˣ) / 2`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, cosh } from "@tsgrad/ndarray";
 * cosh(ndarray([0, 1], { dtype: "float64" })).toArray(); // [1, 1.5430806348152437]
 * ```
 * @category Elementwise
 */
export function cosh(x: NDArray): NDArray {
  return unary("cosh", x, dispatch);
}

/**
 * Hyperbolic tangent. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, tanh } from "@tsgrad/ndarray";
 * tanh(ndarray([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function tanh(x: NDArray): NDArray {
  return unary("tanh", x, dispatch);
}

/**
 * Logistic sigmoid `1/(1+e⁻ˣ)`, computed without overflow for large |x|. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, sigmoid } from "@tsgrad/ndarray";
 * sigmoid(ndarray([0])).toArray(); // [0.5]
 * ```
 * @category Elementwise
 */
export function sigmoid(x: NDArray): NDArray {
  return unary("sigmoid", x, dispatch);
}

/**
 * Rectified linear unit, `max(x, 0)` (NaN stays NaN). Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, relu } from "@tsgrad/ndarray";
 * relu(ndarray([-1, 2])).toArray(); // [0, 2]
 * ```
 * @category Elementwise
 */
export function relu(x: NDArray): NDArray {
  return unary("relu", x, dispatch);
}

/**
 * Sign: -1, 0 or 1 (NaN stays NaN). Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, sign } from "@tsgrad/ndarray";
 * sign(ndarray([-3, 0, 2])).toArray(); // [-1, 0, 1]
 * ```
 * @category Elementwise
 */
export function sign(x: NDArray): NDArray {
  return unary("sign", x, dispatch);
}

/**
 * Square, `x²`. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, square } from "@tsgrad/ndarray";
 * square(ndarray([3])).toArray(); // [9]
 * ```
 * @category Elementwise
 */
export function square(x: NDArray): NDArray {
  return unary("square", x, dispatch);
}

/**
 * Reciprocal, `1/x`. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, reciprocal } from "@tsgrad/ndarray";
 * reciprocal(ndarray([4])).toArray(); // [0.25]
 * ```
 * @category Elementwise
 */
export function reciprocal(x: NDArray): NDArray {
  return unary("reciprocal", x, dispatch);
}

/**
 * Largest integer not above x. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, floor } from "@tsgrad/ndarray";
 * floor(ndarray([1.5, -1.5])).toArray(); // [1, -2]
 * ```
 * @category Elementwise
 */
export function floor(x: NDArray): NDArray {
  return unary("floor", x, dispatch);
}

/**
 * Smallest integer not below x. Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, ceil } from "@tsgrad/ndarray";
 * ceil(ndarray([1.5, -1.5])).toArray(); // [2, -1]
 * ```
 * @category Elementwise
 */
export function ceil(x: NDArray): NDArray {
  return unary("ceil", x, dispatch);
}

/**
 * Rounds to the nearest integer, halves to even (as PyTorch and NumPy). Elementwise; int32 input gives int32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, round } from "@tsgrad/ndarray";
 * round(ndarray([0.5, 1.5, 2.4])).toArray(); // [0, 2, 2]
 * ```
 * @category Elementwise
 */
export function round(x: NDArray): NDArray {
  return unary("round", x, dispatch);
}

/**
 * `log(1 + x)`, accurate for small x. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, log1p } from "@tsgrad/ndarray";
 * log1p(ndarray([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function log1p(x: NDArray): NDArray {
  return unary("log1p", x, dispatch);
}

/**
 * `eˣ - 1`, accurate for small x. Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, expm1 } from "@tsgrad/ndarray";
 * expm1(ndarray([0])).toArray(); // [0]
 * ```
 * @category Elementwise
 */
export function expm1(x: NDArray): NDArray {
  return unary("expm1", x, dispatch);
}

/**
 * The Gauss error function, `erf x = 2/√π ∫₀ˣ e^(−t²) dt` (within 10 ulps in float64).
 * Elementwise; int32 input gives float32.
 *
 * @param x - input tensor
 * @returns a new tensor of the same shape
 * @example
 * ```ts
 * import { ndarray, erf } from "@tsgrad/ndarray";
 * erf(ndarray([0, 1], { dtype: "float64" })).toArray(); // [0, 0.8427007929497149]
 * ```
 * @category Elementwise
 */
export function erf(x: NDArray): NDArray {
  return unary("erf", x, dispatch);
}
