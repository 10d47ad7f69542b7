// The public binary elementwise ops, where and clip: the arithmetic and comparisons run with the tier switch (kernels/dispatch.ts).
import type { NDArray } from "../ndarray.js";
import { binary, clipKernel, whereKernel } from "../kernels/elementwise.js";
import { dispatch } from "../kernels/dispatch.js";

/**
 * Sum `a + b`. Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, add } from "@tsgrad/ndarray";
 * add(ndarray([1, 2]), 10).toArray(); // [11, 12]
 * ```
 * @category Elementwise
 */
export function add(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("add", a, b, dispatch);
}

/**
 * Difference `a - b`. Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, sub } from "@tsgrad/ndarray";
 * sub(ndarray([1, 2]), 1).toArray(); // [0, 1]
 * ```
 * @category Elementwise
 */
export function sub(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("sub", a, b, dispatch);
}

/**
 * Product `a · b`. Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, mul } from "@tsgrad/ndarray";
 * mul(ndarray([1, 2]), 3).toArray(); // [3, 6]
 * ```
 * @category Elementwise
 */
export function mul(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("mul", a, b, dispatch);
}

/**
 * True division `a / b` (int32 operands give float32). Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, div } from "@tsgrad/ndarray";
 * div(ndarray([1, 2]), 4).toArray(); // [0.25, 0.5]
 * ```
 * @category Elementwise
 */
export function div(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("div", a, b, dispatch);
}

/**
 * Power `a ** b`. Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, pow } from "@tsgrad/ndarray";
 * pow(ndarray([2, 3]), 2).toArray(); // [4, 9]
 * ```
 * @category Elementwise
 */
export function pow(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("pow", a, b, dispatch);
}

/**
 * Elementwise maximum (NaN propagates). Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, maximum } from "@tsgrad/ndarray";
 * maximum(ndarray([1, 5]), 3).toArray(); // [3, 5]
 * ```
 * @category Elementwise
 */
export function maximum(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("maximum", a, b, dispatch);
}

/**
 * Elementwise minimum (NaN propagates). Elementwise with NumPy broadcasting; dtypes promote (int32 < float32 < float64),
 * and a number takes the tensor's dtype.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a new tensor of the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { ndarray, minimum } from "@tsgrad/ndarray";
 * minimum(ndarray([1, 5]), 3).toArray(); // [1, 3]
 * ```
 * @category Elementwise
 */
export function minimum(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("minimum", a, b, dispatch);
}

/**
 * Comparison `a == b` elementwise with broadcasting. There is no boolean dtype: the
 * result is int32, 1 where true and 0 where false (NaN compares unequal to everything).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns an int32 tensor of the broadcast shape
 * @example
 * ```ts
 * import { ndarray, eq } from "@tsgrad/ndarray";
 * eq(ndarray([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function eq(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("eq", a, b, dispatch);
}

/**
 * Comparison `a != b` elementwise with broadcasting. There is no boolean dtype: the
 * result is int32, 1 where true and 0 where false (NaN compares unequal to everything).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns an int32 tensor of the broadcast shape
 * @example
 * ```ts
 * import { ndarray, ne } from "@tsgrad/ndarray";
 * ne(ndarray([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function ne(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("ne", a, b, dispatch);
}

/**
 * Comparison `a < b` elementwise with broadcasting. There is no boolean dtype: the
 * result is int32, 1 where true and 0 where false (NaN compares unequal to everything).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns an int32 tensor of the broadcast shape
 * @example
 * ```ts
 * import { ndarray, lt } from "@tsgrad/ndarray";
 * lt(ndarray([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function lt(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("lt", a, b, dispatch);
}

/**
 * Comparison `a <= b` elementwise with broadcasting. There is no boolean dtype: the
 * result is int32, 1 where true and 0 where false (NaN compares unequal to everything).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns an int32 tensor of the broadcast shape
 * @example
 * ```ts
 * import { ndarray, le } from "@tsgrad/ndarray";
 * le(ndarray([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function le(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("le", a, b, dispatch);
}

/**
 * Comparison `a > b` elementwise with broadcasting. There is no boolean dtype: the
 * result is int32, 1 where true and 0 where false (NaN compares unequal to everything).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns an int32 tensor of the broadcast shape
 * @example
 * ```ts
 * import { ndarray, gt } from "@tsgrad/ndarray";
 * gt(ndarray([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function gt(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("gt", a, b, dispatch);
}

/**
 * Comparison `a >= b` elementwise with broadcasting. There is no boolean dtype: the
 * result is int32, 1 where true and 0 where false (NaN compares unequal to everything).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns an int32 tensor of the broadcast shape
 * @example
 * ```ts
 * import { ndarray, ge } from "@tsgrad/ndarray";
 * ge(ndarray([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function ge(a: NDArray | number, b: NDArray | number): NDArray {
  return binary("ge", a, b, dispatch);
}

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere, broadcasting all three.
 *
 * @param cond - condition (any dtype; non-zero is true)
 * @param a - values where true
 * @param b - values where false
 * @returns a new tensor of the broadcast shape, dtype promoted from `a` and `b`
 * @example
 * ```ts
 * import { ndarray, where, gt } from "@tsgrad/ndarray";
 * const x = ndarray([-1, 2, -3]);
 * where(gt(x, 0), x, 0).toArray(); // [0, 2, 0]
 * ```
 * @category Comparison
 */
export function where(cond: NDArray, a: NDArray | number, b: NDArray | number): NDArray {
  return whereKernel(cond, a, b);
}

/**
 * Clamps every element into `[min, max]`; either bound may be omitted. The bounds act as
 * number operands: the result keeps `x`'s dtype, except that a fractional bound on an
 * int32 tensor gives float32.
 *
 * @param x - input tensor
 * @param min - lower bound
 * @param max - upper bound
 * @returns a new tensor
 * @throws ValueError when `min > max`
 * @example
 * ```ts
 * import { ndarray, clip } from "@tsgrad/ndarray";
 * clip(ndarray([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 * ```
 * @category Elementwise
 */
export function clip(x: NDArray, min?: number, max?: number): NDArray {
  return clipKernel(x, min, max);
}
