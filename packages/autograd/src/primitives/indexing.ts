// gather/scatterAdd and indexSelect/indexAdd: two adjoint pairs of one shape — a pick along an
// axis by an int32 index, and an add at that index into zeros, each one's vjp the other — so one
// file writes their forward, vjp and argument handling once.
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply, methodsOf } from "../primitive.js";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { checkShape, normalizeAxis, underName } from "@tsgrad/ndarray/internal";

/** The attributes of a pick: the normalised axis and the int32 index. @internal */
export interface PickAttrs {
  readonly axis: number;
  readonly index: T.NDArray;
}

/** The attributes of an add at an index: a pick's, and the shape of the result. @internal */
export interface AddAtAttrs extends PickAttrs {
  readonly shape: readonly number[];
}

/** A pick's forward by its kernel; its vjp adds `g` back at the index by its adjoint. */
function pickRule(kernel: (x: T.NDArray, axis: number, index: T.NDArray) => T.NDArray, adjoint: () => Primitive<AddAtAttrs>): Pick<Primitive<PickAttrs>, "forward" | "vjp"> {
  return {
    forward: ([x], { axis, index }) => kernel(x!, axis, index),
    vjp: (g, { inputs: [x], attrs: { axis, index } }) => [apply(adjoint(), [g], { shape: x!.shape, axis, index })],
  };
}

/** An add-at's forward by its kernel; its vjp picks `g` at the index by its adjoint. */
function addAtRule(kernel: (shape: readonly number[], axis: number, index: T.NDArray, src: T.NDArray) => T.NDArray, adjoint: () => Primitive<PickAttrs>): Pick<Primitive<AddAtAttrs>, "forward" | "vjp"> {
  return {
    forward: ([src], { shape, axis, index }) => kernel(shape, axis, index, src!),
    vjp: (g, { attrs: { axis, index } }) => [apply(adjoint(), [g], { axis, index })],
  };
}

/** Applies a pick to `x`: the axis normalised, the index taken from a Tensor holding one. */
function applyPick(primitive: Primitive<PickAttrs>, x: Operand, axis: number, index: T.NDArray | Tensor): Tensor {
  const v = asTensor(x, undefined, primitive.name);
  const idx = index instanceof TensorBase ? index.data : index;
  return apply(primitive, [v], { axis: normalizeAxis(primitive.name, axis, v.ndim, "Tensor"), index: idx });
}

/** Applies an add at an index to `src`: the shape checked, the axis normalised against it. */
function applyAddAt(primitive: Primitive<AddAtAttrs>, src: Operand, shape: readonly number[], axis: number, index: T.NDArray): Tensor {
  const name = primitive.name;
  checkShape(name, "shape", shape);
  return underName(name, () => apply(primitive, [asTensor(src, undefined, name)], { shape: shape.slice(), axis: normalizeAxis(name, axis, shape.length, "Tensor"), index }));
}

/** The `gather` primitive: forward picks elements by index; vjp scatter-adds `g`. @internal */
export const gatherPrimitive: Primitive<PickAttrs> = { name: "gather", ...pickRule(T.gather, () => scatterAddPrimitive) };

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
  return applyPick(gatherPrimitive, x, axis, index);
}

/** The `indexSelect` primitive: forward picks slices by a 1-D index; vjp index-adds `g`. @internal */
export const indexSelectPrimitive: Primitive<PickAttrs> = { name: "indexSelect", ...pickRule(T.indexSelect, () => indexAddPrimitive) };

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
  return applyPick(indexSelectPrimitive, x, axis, index);
}

/** The `scatterAdd` primitive: forward adds `src` at indices into zeros; vjp gathers `g`. @internal */
export const scatterAddPrimitive: Primitive<AddAtAttrs> = { name: "scatterAdd", ...addAtRule(T.scatterAdd, () => gatherPrimitive) };

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
  return applyAddAt(scatterAddPrimitive, src, shape, axis, index);
}

/** The `indexAdd` primitive: forward adds slices at a 1-D index into zeros; vjp selects `g`. @internal */
export const indexAddPrimitive: Primitive<AddAtAttrs> = { name: "indexAdd", ...addAtRule(T.indexAdd, () => indexSelectPrimitive) };

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
  return applyAddAt(indexAddPrimitive, src, shape, axis, index);
}

/** The method forms of gather and indexSelect, put on Tensor by tensor.ts. @internal */
export const indexingMethods: {
  /**
   * Method form of {@link gather}: the values picked along an axis by an index of the same rank.
   * @param axis - the axis
   * @param index - int32 indices
   * @returns the result
   */
  gather(axis: number, index: T.NDArray | Tensor): Tensor;

  /**
   * Method form of {@link indexSelect}: the slices along an axis at the given indices.
   * @param axis - the axis
   * @param index - 1-D int32 indices
   * @returns the result
   */
  indexSelect(axis: number, index: T.NDArray | Tensor): Tensor;
} = methodsOf({ gather, indexSelect });
