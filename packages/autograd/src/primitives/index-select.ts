// indexSelect and indexAdd: adjoints whose vjps are each other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { checkShape, normalizeAxis, underName } from "@tsgrad/ndarray/internal";

/** The `indexSelect` primitive: forward picks slices by a 1-D index; vjp index-adds `g`. @internal */
export const indexSelectPrimitive: Primitive<{ axis: number; index: T.NDArray }> = {
  name: "indexSelect",
  forward: ([x], { axis, index }) => T.indexSelect(x!, axis, index),
  vjp: (g, { inputs: [x], attrs }) => [indexAdd(g, x!.shape, attrs.axis, attrs.index)],
};

/**
 * Slices of `x` along `axis` picked by a 1-D int32 index (an embedding lookup along axis 0).
 *
 * Forward: `y = x[index]` along `axis`. VJP: `x̄ = indexAdd(zeros(x.shape), axis, index, ḡ)`
 * — rows picked several times accumulate. Proven by the `indexSelect` block of
 * `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param axis - the axis
 * @param index - 1-D int32 indices (an NDArray or a Tensor holding one)
 * @returns the selected Tensor
 * @example
 * ```ts
 * import { tensor, indexSelect } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * indexSelect(tensor([[1, 2], [3, 4]]), 0, ndarray([1, 1], { dtype: "int32" })).data.toArray(); // [[3, 4], [3, 4]]
 * ```
 * @category Primitives
 */
export function indexSelect(x: Operand, axis: number, index: T.NDArray | Tensor): Tensor {
  const v = asTensor(x, undefined, "indexSelect");
  const idx = index instanceof TensorBase ? index.data : index;
  return apply(indexSelectPrimitive, [v], { axis: normalizeAxis("indexSelect", axis, v.ndim, "Tensor"), index: idx });
}

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
  checkShape("indexAdd", "shape", shape);
  return underName("indexAdd", () => {
    const v = asTensor(src, undefined, "indexAdd");
    return apply(indexAddPrimitive, [v], { shape: shape.slice(), axis: normalizeAxis("indexAdd", axis, shape.length, "Tensor"), index });
  });
}
