import type { Tensor } from "../tensor.js";
import { matmulKernel } from "../kernels/matmul.js";
import { checkTensor } from "../check-tensor.js";

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
 * import { tensor, matmul } from "@tsgrad/tensor";
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray(); // [[17], [39]]
 * ```
 * @category Linear algebra
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor("matmul", a, "a");
  checkTensor("matmul", b, "b");
  return matmulKernel(a, b);
}
