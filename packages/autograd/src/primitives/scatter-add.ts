import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { normalizeAxisFor } from "../axes.js";
import { gather } from "./gather.js";

/** The `scatterAdd` primitive: forward adds `src` at indices into zeros; vjp gathers `g`. @internal */
export const scatterAddPrimitive: Primitive<{ shape: readonly number[]; axis: number; index: T.NDArray }> = {
  name: "scatterAdd",
  forward: ([src], { shape, axis, index }) => T.scatterAdd(shape, axis, index, src!),
  vjp: (g, { attrs }) => [gather(g, attrs.axis, attrs.index)],
};

/**
 * The adjoint of {@link gather}: zeros of `shape` with each element of `src` added at
 * the position `index` names along `axis`.
 *
 * Forward: `y = zeros(shape); y[…index…] += src`. VJP: `s̄rc = gather(ḡ, axis, index)`.
 * Proven by the `scatterAdd` block of `primitives-shape.test.ts`.
 *
 * @param src - the values to add
 * @param shape - shape of the result
 * @param axis - the indexed axis
 * @param index - int32 indices, same shape as `src`
 * @returns the new Tensor
 * @example
 * ```ts
 * import { tensor, scatterAdd } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * scatterAdd(tensor([1, 2, 5]), [3], 0, ndarray([0, 0, 2], { dtype: "int32" })).data.toArray(); // [3, 0, 5]
 * ```
 * @category Primitives
 */
export function scatterAdd(src: Operand, shape: readonly number[], axis: number, index: T.NDArray): Tensor {
  const v = asTensor(src, undefined, "scatterAdd");
  return apply(scatterAddPrimitive, [v], { shape: shape.slice(), axis: normalizeAxisFor("scatterAdd", axis, shape.length), index });
}
