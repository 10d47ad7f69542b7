import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { normalizeAxisFor } from "../axes.js";
import { scatterAdd } from "./scatter-add.js";

/** The `gather` primitive: forward picks elements by index; vjp scatter-adds `g`. @internal */
export const gatherPrimitive: Primitive<{ axis: number; index: T.NDArray }> = {
  name: "gather",
  forward: ([x], { axis, index }) => T.gather(x!, axis, index),
  vjp: (g, { inputs: [x], attrs }) => [scatterAdd(g, x!.shape, attrs.axis, attrs.index)],
};

/**
 * PyTorch's `gather`: along `axis`, the element each entry of `index` names (for 2-D
 * and axis 1, `y[i][j] = x[i][index[i][j]]`).
 *
 * Forward: `y = gather(x, axis, index)`. VJP: `x̄ = scatterAdd(zeros(x.shape), axis,
 * index, ḡ)` — repeated indices accumulate. Proven by the `gather` block of
 * `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param axis - the indexed axis
 * @param index - int32 indices (an NDArray or a Tensor holding one), same rank as `x`
 * @returns a Tensor of `index`'s shape
 * @example
 * ```ts
 * import { tensor, gather } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * gather(tensor([[1, 2], [3, 4]]), 1, ndarray([[1], [0]], { dtype: "int32" })).data.toArray(); // [[2], [3]]
 * ```
 * @category Primitives
 */
export function gather(x: Operand, axis: number, index: T.NDArray | Tensor): Tensor {
  const v = asTensor(x, undefined, "gather");
  const idx = index instanceof TensorBase ? index.data : index;
  return apply(gatherPrimitive, [v], { axis: normalizeAxisFor("gather", axis, v.ndim), index: idx });
}
