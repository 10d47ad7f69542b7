import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { normalizeAxisFor } from "../axes.js";
import { indexAdd } from "./index-add.js";

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
  return apply(indexSelectPrimitive, [v], { axis: normalizeAxisFor("indexSelect", axis, v.ndim), index: idx });
}
