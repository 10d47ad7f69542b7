// The matmul primitive, batched matrix products with broadcasting: one file per primitive
// (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply, methodsOf } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { permute } from "./permute.js";
import { reshape } from "./reshape.js";

function transposeLast(v: Tensor): Tensor {
  const axes = v.shape.map((_, i) => i);
  const n = axes.length;
  axes[n - 1] = n - 2;
  axes[n - 2] = n - 1;
  return permute(v, axes);
}

/** The `matmul` primitive on operands of rank ≥ 2: forward `a @ b`; vjp `(g @ bᵀ, aᵀ @ g)`. @internal */
export const matmulPrimitive: Primitive = {
  name: "matmul",
  forward: ([a, b]) => T.matmul(a!, b!),
  // Only the gradients that are needed are computed: for a layer's input batch, Ḡ Bᵀ is skipped.
  vjp: (g, { inputs: [a, b] }) => [
    a!.requiresGrad ? matmul(g, transposeLast(b!)) : null,
    b!.requiresGrad ? matmul(transposeLast(a!), g) : null,
  ],
};

/**
 * Matrix product with NumPy semantics: `(…, m, k) @ (…, k, n) → (…, m, n)`, batch axes
 * broadcast, a 1-D left operand acts as a row and a 1-D right operand as a column.
 *
 * Forward: `Y = A B`. VJP: `Ā = Ḡ Bᵀ`, `B̄ = Aᵀ Ḡ` (batch axes summed back by the
 * engine). Proven by the `matmul` block of `primitives.test.ts`.
 *
 * @param a - left operand
 * @param b - right operand
 * @returns the product
 * @example
 * ```ts
 * import { tensor, matmul } from "@tsgrad/autograd";
 * matmul(tensor([[1, 2], [3, 4]]), tensor([5, 6])).data.toArray(); // [17, 39]
 * ```
 * @category Primitives
 */
export function matmul(a: Operand, b: Operand): Tensor {
  const va = asTensor(a, b, "matmul");
  const vb = asTensor(b, va, "matmul");
  if (va.ndim === 0 || vb.ndim === 0) T.matmul(va.data, vb.data); // throws the shape error
  const a2 = va.ndim === 1 ? reshape(va, [1, va.shape[0]!]) : va;
  const b2 = vb.ndim === 1 ? reshape(vb, [vb.shape[0]!, 1]) : vb;
  let out = apply(matmulPrimitive, [a2, b2], undefined);
  if (va.ndim === 1 || vb.ndim === 1) {
    const shape = out.shape.slice();
    if (vb.ndim === 1) shape.splice(shape.length - 1, 1);
    if (va.ndim === 1) shape.splice(shape.length - (vb.ndim === 1 ? 1 : 2), 1);
    out = reshape(out, shape);
  }
  return out;
}

/** The method form of {@link matmul}, put on Tensor by tensor.ts. @internal */
export const matmulMethods: {
  /**
   * Method form of {@link matmul}: `this @ other`.
   * @param other - right operand
   * @returns the result
   */
  matmul(other: Operand): Tensor;
} = methodsOf({ matmul });
