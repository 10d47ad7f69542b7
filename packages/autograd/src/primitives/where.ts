// The where primitive, a selection by a constant condition mask: one file per primitive
// (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";

/** The `where` primitive: forward `cond ? a : b`; vjp routes `g` by the condition. @internal */
export const wherePrimitive: Primitive<{ cond: T.NDArray }> = {
  name: "where",
  forward: ([a, b], { cond }) => T.where(cond, a!, b!),
  vjp: (g, { attrs }) => [where(attrs.cond, g, 0), where(attrs.cond, 0, g)],
};

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere, broadcasting all three. The
 * condition is not differentiated.
 *
 * Forward: `y = cond ? a : b`. VJP: `ā = cond ? ḡ : 0`, `b̄ = cond ? 0 : ḡ`. Proven by
 * the `where` block of `primitives-shape.test.ts`.
 *
 * @param cond - condition (an NDArray, or a Tensor whose data is used)
 * @param a - values where true
 * @param b - values where false
 * @returns the selected values
 * @example
 * ```ts
 * import { tensor, where } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * where(ndarray([1, 0]), tensor([1, 2]), tensor([9, 9])).data.toArray(); // [1, 9]
 * ```
 * @category Primitives
 */
export function where(cond: T.NDArray | Tensor, a: Operand, b: Operand): Tensor {
  const c = cond instanceof TensorBase ? cond.data : cond;
  const like = a instanceof TensorBase ? a : b instanceof TensorBase ? b : cond;
  const va = asTensor(a, like, "where");
  const vb = asTensor(b, va, "where");
  return apply(wherePrimitive, [va, vb], { cond: c });
}
