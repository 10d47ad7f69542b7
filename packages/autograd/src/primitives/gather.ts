// gather and scatterAdd: adjoints whose vjps are each other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { checkShape, normalizeAxis, underName } from "@tsgrad/ndarray/internal";

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
  return apply(gatherPrimitive, [v], { axis: normalizeAxis("gather", axis, v.ndim, "Tensor"), index: idx });
}

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
  checkShape("scatterAdd", "shape", shape);
  return underName("scatterAdd", () => {
    const v = asTensor(src, undefined, "scatterAdd");
    return apply(scatterAddPrimitive, [v], { shape: shape.slice(), axis: normalizeAxis("scatterAdd", axis, shape.length, "Tensor"), index });
  });
}
