// The free view functions (reshape, transpose, slice, …): each checks its argument is an NDArray
// and calls the method form. Separate from ndarray.ts because it sits above the class it checks.
import type { NDArray } from "./ndarray.js";
import type { SliceRange } from "./layout.js";
import { checkNDArray } from "./check-ndarray.js";

export type { SliceRange };

/**
 * A contiguous tensor with the same elements: `t` itself when it is contiguous, otherwise a copy.
 *
 * @param t - the tensor
 * @returns a contiguous tensor
 * @example
 * ```ts
 * import { arange, contiguous } from "@tsgrad/ndarray";
 * const t = arange(6).reshape([2, 3]).transpose();
 * t.isContiguous;             // false
 * contiguous(t).isContiguous; // true
 * ```
 * @category Views
 */
export function contiguous(t: NDArray): NDArray {
  return checkNDArray("contiguous", t).contiguous();
}

/**
 * Gives `t` a new shape with the same elements in row-major order. A view when the
 * strides allow it (always for a contiguous tensor), a copy otherwise. One entry may
 * be `-1`, inferred from the others.
 *
 * @param t - the tensor
 * @param shape - the new shape
 * @returns the reshaped tensor
 * @throws ShapeError when the sizes differ
 * @example
 * ```ts
 * import { arange, reshape } from "@tsgrad/ndarray";
 * reshape(arange(6), [2, -1]).toArray(); // [[0, 1, 2], [3, 4, 5]]
 * ```
 * @category Views
 */
export function reshape(t: NDArray, shape: readonly number[]): NDArray {
  return checkNDArray("reshape", t).reshape(shape);
}

/**
 * Swaps two axes (by default the last two). A view.
 *
 * @param t - the tensor
 * @param dim0 - first axis (default -2; for a 1-D tensor the call is the identity)
 * @param dim1 - second axis (default -1)
 * @returns a view with the two axes swapped
 * @example
 * ```ts
 * import { ndarray, transpose } from "@tsgrad/ndarray";
 * transpose(ndarray([[1, 2, 3]])).shape; // [3, 1]
 * ```
 * @category Views
 */
export function transpose(t: NDArray, dim0 = -2, dim1 = -1): NDArray {
  return checkNDArray("transpose", t).transpose(dim0, dim1);
}

/**
 * Reorders the axes: output axis `i` is input axis `axes[i]`. A view.
 *
 * @param t - the tensor
 * @param axes - a permutation of `0 … ndim-1` (negative axes allowed)
 * @returns a view with permuted axes
 * @throws AxisError when `axes` is not a permutation
 * @example
 * ```ts
 * import { zeros, permute } from "@tsgrad/ndarray";
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 * @category Views
 */
export function permute(t: NDArray, axes: readonly number[]): NDArray {
  return checkNDArray("permute", t).permute(axes);
}

/**
 * Broadcasts `t` to `shape` under NumPy's rules without copying: broadcast axes get stride 0.
 *
 * @param t - the tensor
 * @param shape - the target shape
 * @returns a view of shape `shape`
 * @throws ShapeError when `t` does not broadcast to `shape`
 * @example
 * ```ts
 * import { ndarray, broadcastTo } from "@tsgrad/ndarray";
 * broadcastTo(ndarray([1, 2, 3]), [2, 3]).toArray(); // [[1, 2, 3], [1, 2, 3]]
 * ```
 * @category Views
 */
export function broadcastTo(t: NDArray, shape: readonly number[]): NDArray {
  return checkNDArray("broadcastTo", t).broadcastTo(shape);
}

/**
 * PyTorch's `expand`: {@link broadcastTo} where `-1` keeps the existing size of an axis.
 *
 * @param t - the tensor
 * @param shape - the target shape; `-1` keeps a size
 * @returns a view
 * @example
 * ```ts
 * import { zeros, expand } from "@tsgrad/ndarray";
 * expand(zeros([3, 1]), [-1, 4]).shape; // [3, 4]
 * ```
 * @category Views
 */
export function expand(t: NDArray, shape: readonly number[]): NDArray {
  return checkNDArray("expand", t).expand(shape);
}

/**
 * Drops axes of size 1: the given ones (each must have size 1), or all of them.
 *
 * @param t - the tensor
 * @param axis - axis or axes to drop; all size-1 axes when omitted
 * @returns a view
 * @throws ShapeError when a given axis does not have size 1
 * @example
 * ```ts
 * import { zeros, squeeze } from "@tsgrad/ndarray";
 * squeeze(zeros([1, 3, 1])).shape;    // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // [3, 1]
 * ```
 * @category Views
 */
export function squeeze(t: NDArray, axis?: number | readonly number[]): NDArray {
  return checkNDArray("squeeze", t).squeeze(axis);
}

/**
 * Inserts an axis of size 1 at `axis` (negative counts from the end of the result).
 *
 * @param t - the tensor
 * @param axis - position of the new axis in the result, in `[-ndim-1, ndim]`
 * @returns a view
 * @example
 * ```ts
 * import { zeros, unsqueeze } from "@tsgrad/ndarray";
 * unsqueeze(zeros([3]), 0).shape;  // [1, 3]
 * unsqueeze(zeros([3]), -1).shape; // [3, 1]
 * ```
 * @category Views
 */
export function unsqueeze(t: NDArray, axis: number): NDArray {
  return checkNDArray("unsqueeze", t).unsqueeze(axis);
}

/**
 * Selects a sub-tensor with Python slicing semantics, one {@link SliceRange} per
 * leading axis (missing trailing axes are kept whole). Steps may be negative. A view.
 *
 * @param t - the tensor
 * @param ranges - per axis: `[start, stop, step]`, an index (kept as size 1), or `null`
 * @returns a view
 * @throws ValueError for a zero step or an index out of range
 * @example
 * ```ts
 * import { arange, slice } from "@tsgrad/ndarray";
 * const t = arange(12).reshape([3, 4]);
 * slice(t, [[0, 3, 2], [1, null]]).toArray(); // [[1, 2, 3], [9, 10, 11]]
 * slice(arange(5), [[null, null, -1]]).toArray(); // [4, 3, 2, 1, 0]
 * ```
 * @category Views
 */
export function slice(t: NDArray, ranges: readonly SliceRange[]): NDArray {
  return checkNDArray("slice", t).slice(ranges);
}

/**
 * The `length` elements of `axis` starting at `start` (PyTorch's `narrow`). A view.
 *
 * @param t - the tensor
 * @param axis - the axis to narrow
 * @param start - first index (negative counts from the end)
 * @param length - number of elements kept
 * @returns a view
 * @throws ValueError when the range does not fit the axis
 * @example
 * ```ts
 * import { arange, narrow } from "@tsgrad/ndarray";
 * narrow(arange(10), 0, 2, 3).toArray(); // [2, 3, 4]
 * ```
 * @category Views
 */
export function narrow(t: NDArray, axis: number, start: number, length: number): NDArray {
  return checkNDArray("narrow", t).narrow(axis, start, length);
}

/**
 * Merges axes `startAxis … endAxis` into one (all axes by default). A view when possible.
 *
 * @param t - the tensor
 * @param startAxis - first axis to merge (default 0)
 * @param endAxis - last axis to merge, inclusive (default -1)
 * @returns the flattened tensor
 * @example
 * ```ts
 * import { zeros, flatten } from "@tsgrad/ndarray";
 * flatten(zeros([2, 3, 4])).shape;    // [24]
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 * ```
 * @category Views
 */
export function flatten(t: NDArray, startAxis = 0, endAxis = -1): NDArray {
  return checkNDArray("flatten", t).flatten(startAxis, endAxis);
}
