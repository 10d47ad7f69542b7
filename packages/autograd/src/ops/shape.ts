// Shape composites (transpose, squeeze, unsqueeze, flatten, expand, stack): views built from
// the reshape, permute, broadcastTo and concat primitives.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { methodsOf } from "../primitive.js";
import { broadcastTo } from "../primitives/broadcast-to.js";
import { concat } from "../primitives/concat.js";
import { permute } from "../primitives/permute.js";
import { reshape } from "../primitives/reshape.js";
import { describeValue, fmtShape, normalizeAxes, normalizeAxis, underName } from "@tsgrad/ndarray/internal";

/**
 * Swaps two axes (by default the last two). Composite: a {@link permute}.
 *
 * @param x - input
 * @param dim0 - first axis (default -2)
 * @param dim1 - second axis (default -1)
 * @returns the transposed Tensor
 * @example
 * ```ts
 * import { tensor, transpose } from "@tsgrad/autograd";
 * transpose(tensor([[1, 2, 3]])).shape; // [3, 1]
 * ```
 * @category Composite ops
 */
export function transpose(x: Operand, dim0 = -2, dim1 = -1): Tensor {
  return underName("transpose", () => {
    const v = asTensor(x, undefined, "transpose");
    if (v.ndim < 2 && dim0 === -2 && dim1 === -1) return v;
    const a = normalizeAxis("transpose", dim0, v.ndim, "Tensor");
    const b = normalizeAxis("transpose", dim1, v.ndim, "Tensor");
    const axes = v.shape.map((_, i) => i);
    axes[a] = b;
    axes[b] = a;
    return permute(v, axes);
  });
}

/**
 * Drops axes of size 1 (the given ones, or all). Composite: a {@link reshape}.
 *
 * @param x - input
 * @param axis - axes to drop (each of size 1); all size-1 axes by default
 * @returns the squeezed Tensor
 * @example
 * ```ts
 * import { tensor, squeeze } from "@tsgrad/autograd";
 * squeeze(tensor([[1], [2]])).shape; // [2]
 * ```
 * @category Composite ops
 */
export function squeeze(x: Operand, axis?: number | readonly number[]): Tensor {
  return underName("squeeze", () => {
    const v = asTensor(x, undefined, "squeeze");
    return reshape(v, T.squeeze(v.data, axis).shape);
  });
}

/**
 * Inserts an axis of size 1. Composite: a {@link reshape}.
 *
 * @param x - input
 * @param axis - position of the new axis in the result
 * @returns the Tensor with one more axis
 * @example
 * ```ts
 * import { tensor, unsqueeze } from "@tsgrad/autograd";
 * unsqueeze(tensor([1, 2]), 0).shape; // [1, 2]
 * ```
 * @category Composite ops
 */
export function unsqueeze(x: Operand, axis: number): Tensor {
  return underName("unsqueeze", () => {
    const v = asTensor(x, undefined, "unsqueeze");
    return reshape(v, T.unsqueeze(v.data, axis).shape);
  });
}

/**
 * Merges axes `startAxis … endAxis` into one. Composite: a {@link reshape}.
 *
 * @param x - input
 * @param startAxis - first axis (default 0)
 * @param endAxis - last axis, inclusive (default -1)
 * @returns the flattened Tensor
 * @example
 * ```ts
 * import { tensor, flatten } from "@tsgrad/autograd";
 * flatten(tensor([[[1, 2]], [[3, 4]]]), 1).shape; // [2, 2]
 * ```
 * @category Composite ops
 */
export function flatten(x: Operand, startAxis = 0, endAxis = -1): Tensor {
  return underName("flatten", () => {
    const v = asTensor(x, undefined, "flatten");
    return reshape(v, T.flatten(v.data, startAxis, endAxis).shape);
  });
}

/**
 * PyTorch's `expand`: broadcast where -1 keeps a size. Composite: a {@link broadcastTo}.
 *
 * @param x - input
 * @param shape - target shape (-1 keeps the size)
 * @returns the expanded Tensor
 * @example
 * ```ts
 * import { tensor, expand } from "@tsgrad/autograd";
 * expand(tensor([[1], [2]]), [-1, 3]).shape; // [2, 3]
 * ```
 * @category Composite ops
 */
export function expand(x: Operand, shape: readonly number[]): Tensor {
  return underName("expand", () => {
    const v = asTensor(x, undefined, "expand");
    return broadcastTo(v, T.expand(v.data, shape).shape);
  });
}

/**
 * Joins same-shape Tensors along a new axis. Composite: unsqueeze + {@link concat}.
 *
 * @param xs - the inputs
 * @param axis - position of the new axis (default 0)
 * @returns the stacked Tensor
 * @example
 * ```ts
 * import { tensor, stack } from "@tsgrad/autograd";
 * stack([tensor([1, 2]), tensor([3, 4])]).shape; // [2, 2]
 * ```
 * @category Composite ops
 */
export function stack(xs: readonly Operand[], axis = 0): Tensor {
  return underName("stack", () => {
    if (!Array.isArray(xs)) throw new T.ValueError("stack", `expected an array of Tensors or NDArrays, got ${describeValue(xs)}`, {});
    const like = tensorAmong(xs);
    const vs = xs.map((x) => asTensor(x, like, "stack"));
    if (vs.length === 0) throw new T.ValueError("stack", "needs a non-empty list of Tensors", {});
    const ndim = (vs[0]?.ndim ?? 0) + 1;
    const a = normalizeAxis("stack", axis, ndim, "Tensor");
    for (const v of vs) {
      if (v.shape.length !== vs[0]!.shape.length || v.shape.some((d, i) => d !== vs[0]!.shape[i])) {
        throw new T.ShapeError("stack", `all shapes must be equal, got ${vs.map((u) => `${fmtShape(u.shape)}`).join(", ")}`, {});
      }
    }
    return concat(
      vs.map((v) => unsqueeze(v, a)),
      a,
    );
  });
}

/** The method forms of the shape composites but stack, put on Tensor by tensor.ts. @internal */
export const shapeMethods: {
  /**
   * Method form of {@link transpose}: the Tensor with two axes swapped.
   * @param dim0 - first axis (default -2)
   * @param dim1 - second axis (default -1)
   * @returns the result
   */
  transpose(dim0?: number, dim1?: number): Tensor;

  /**
   * Method form of {@link squeeze}: the Tensor without axes of size 1.
   * @param axis - the axes to drop (all of size 1 when omitted)
   * @returns the result
   */
  squeeze(axis?: number | readonly number[]): Tensor;

  /**
   * Method form of {@link unsqueeze}: the Tensor with a new axis of size 1.
   * @param axis - where the new axis goes
   * @returns the result
   */
  unsqueeze(axis: number): Tensor;

  /**
   * Method form of {@link flatten}: the Tensor with a range of axes merged.
   * @param startAxis - first axis to merge (default 0)
   * @param endAxis - last axis to merge (default -1)
   * @returns the result
   */
  flatten(startAxis?: number, endAxis?: number): Tensor;

  /**
   * Method form of {@link expand}: the Tensor expanded to a shape (-1 keeps an axis).
   * @param shape - the target shape
   * @returns the result
   */
  expand(shape: readonly number[]): Tensor;
} = methodsOf({ transpose, squeeze, unsqueeze, flatten, expand }, { transpose: 2, flatten: 2 });
