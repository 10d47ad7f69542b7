import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { normalizeAxisFor } from "../axes.js";
import { indexSelect } from "./index-select.js";

/** The `indexAdd` primitive: forward adds slices at a 1-D index into zeros; vjp selects `g`. @internal */
export const indexAddPrimitive: Primitive<{ shape: readonly number[]; axis: number; index: T.NDArray }> = {
  name: "indexAdd",
  forward: ([src], { shape, axis, index }) => T.indexAdd(shape, axis, index, src!),
  vjp: (g, { attrs }) => [indexSelect(g, attrs.axis, attrs.index)],
};

/**
 * The adjoint of {@link indexSelect}: zeros of `shape` with slice `i` of `src` along
 * `axis` added at position `index[i]`.
 *
 * Forward: `y = zeros(shape); y[index[i]] += src[i]`. VJP: `s̄rc = indexSelect(ḡ, axis, index)`.
 * Proven by the `indexAdd` block of `primitives-shape.test.ts`.
 *
 * @param src - the slices to add
 * @param shape - shape of the result
 * @param axis - the axis
 * @param index - 1-D int32 indices
 * @returns the new Tensor
 * @example
 * ```ts
 * import { tensor, indexAdd } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * indexAdd(tensor([[1, 2], [3, 4]]), [2, 2], 0, ndarray([1, 1], { dtype: "int32" })).data.toArray(); // [[0, 0], [4, 6]]
 * ```
 * @category Primitives
 */
export function indexAdd(src: Operand, shape: readonly number[], axis: number, index: T.NDArray): Tensor {
  const v = asTensor(src, undefined, "indexAdd");
  return apply(indexAddPrimitive, [v], { shape: shape.slice(), axis: normalizeAxisFor("indexAdd", axis, shape.length), index });
}
