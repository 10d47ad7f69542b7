// The public matrix product: argument checks, then the matmul kernel with the tier switch (kernels/dispatch.ts).
import type { NDArray } from "../ndarray.js";
import { matmulKernel } from "../kernels/matmul.js";
import { dispatch } from "../kernels/dispatch.js";
import { checkNDArray } from "../check-ndarray.js";

/**
 * Matrix product with NumPy's `matmul` semantics: `(…, m, k) @ (…, k, n) → (…, m, n)`;
 * a 1-D left operand acts as a row and a 1-D right operand as a column (the added
 * axis is removed); batch axes broadcast. Cache-blocked; dtypes promote.
 *
 * @param a - left operand
 * @param b - right operand
 * @returns the product
 * @throws ShapeError when the inner dimensions differ or batch axes do not broadcast
 * @example
 * ```ts
 * import { ndarray, matmul } from "@tsgrad/ndarray";
 * matmul(ndarray([[1, 2], [3, 4]]), ndarray([[5], [6]])).toArray(); // [[17], [39]]
 * ```
 * @category Linear algebra
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  checkNDArray("matmul", a, "a");
  checkNDArray("matmul", b, "b");
  return matmulKernel(a, b, dispatch);
}
