import type { Tensor } from "../tensor.js";
import { binary, clipKernel, whereKernel } from "../kernels/elementwise.js";

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
 * import { tensor, add } from "@tsgrad/tensor";
 * add(tensor([1, 2]), 10).toArray(); // [11, 12]
 * ```
 * @category Elementwise
 */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("add", a, b);
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
 * import { tensor, sub } from "@tsgrad/tensor";
 * sub(tensor([1, 2]), 1).toArray(); // [0, 1]
 * ```
 * @category Elementwise
 */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("sub", a, b);
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
 * import { tensor, mul } from "@tsgrad/tensor";
 * mul(tensor([1, 2]), 3).toArray(); // [3, 6]
 * ```
 * @category Elementwise
 */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("mul", a, b);
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
 * import { tensor, div } from "@tsgrad/tensor";
 * div(tensor([1, 2]), 4).toArray(); // [0.25, 0.5]
 * ```
 * @category Elementwise
 */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("div", a, b);
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
 * import { tensor, pow } from "@tsgrad/tensor";
 * pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 * ```
 * @category Elementwise
 */
export function pow(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("pow", a, b);
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
 * import { tensor, maximum } from "@tsgrad/tensor";
 * maximum(tensor([1, 5]), 3).toArray(); // [3, 5]
 * ```
 * @category Elementwise
 */
export function maximum(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("maximum", a, b);
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
 * import { tensor, minimum } from "@tsgrad/tensor";
 * minimum(tensor([1, 5]), 3).toArray(); // [1, 3]
 * ```
 * @category Elementwise
 */
export function minimum(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("minimum", a, b);
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
 * import { tensor, eq } from "@tsgrad/tensor";
 * eq(tensor([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function eq(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("eq", a, b);
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
 * import { tensor, ne } from "@tsgrad/tensor";
 * ne(tensor([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function ne(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("ne", a, b);
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
 * import { tensor, lt } from "@tsgrad/tensor";
 * lt(tensor([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function lt(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("lt", a, b);
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
 * import { tensor, le } from "@tsgrad/tensor";
 * le(tensor([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function le(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("le", a, b);
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
 * import { tensor, gt } from "@tsgrad/tensor";
 * gt(tensor([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function gt(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("gt", a, b);
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
 * import { tensor, ge } from "@tsgrad/tensor";
 * ge(tensor([1, 2, 3]), 2).toArray();
 * ```
 * @category Comparison
 */
export function ge(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("ge", a, b);
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
 * import { tensor, where, gt } from "@tsgrad/tensor";
 * const x = tensor([-1, 2, -3]);
 * where(gt(x, 0), x, 0).toArray(); // [0, 2, 0]
 * ```
 * @category Comparison
 */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
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
 * import { tensor, clip } from "@tsgrad/tensor";
 * clip(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 * ```
 * @category Elementwise
 */
export function clip(x: Tensor, min?: number, max?: number): Tensor {
  return clipKernel(x, min, max);
}
