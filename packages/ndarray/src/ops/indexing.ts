// The public indexing ops on NDArrays (concat, stack, gather, scatterAdd, indexSelect, indexAdd,
// oneHot, sliceScatter): argument checks around the kernels of kernels/indexing.ts.
import type { DType } from "../dtype.js";
import type { NDArray } from "../ndarray.js";
import { zeros } from "../creation.js";
import { ShapeError } from "../errors.js";
import { assignInto } from "../kernels/elementwise.js";
import { type SliceRange, slice } from "../views.js";
import {
  concatKernel,
  gatherKernel,
  indexAddKernel,
  indexSelectKernel,
  oneHotKernel,
  scatterAddKernel,
  stackKernel,
} from "../kernels/indexing.js";
import { fmtShape, underName } from "../internal.js";
import { checkShape } from "../shape.js";
import { checkNDArray } from "../check-ndarray.js";

/**
 * Joins tensors along an existing axis; all other sizes must match. Dtypes promote.
 *
 * @param tensors - the tensors (at least one)
 * @param axis - the axis to join along (default 0)
 * @returns a new tensor
 * @throws ShapeError when the other sizes differ
 * @example
 * ```ts
 * import { ndarray, concat } from "@tsgrad/ndarray";
 * concat([ndarray([[1, 2]]), ndarray([[3, 4]])], 0).toArray(); // [[1, 2], [3, 4]]
 * ```
 * @category Indexing and joining
 */
export function concat(tensors: readonly NDArray[], axis = 0): NDArray {
  return concatKernel(tensors, axis);
}

/**
 * Joins same-shape tensors along a new axis.
 *
 * @param tensors - the tensors (at least one, all of one shape)
 * @param axis - position of the new axis (default 0)
 * @returns a new tensor
 * @example
 * ```ts
 * import { ndarray, stack } from "@tsgrad/ndarray";
 * stack([ndarray([1, 2]), ndarray([3, 4])], 1).toArray(); // [[1, 3], [2, 4]]
 * ```
 * @category Indexing and joining
 */
export function stack(tensors: readonly NDArray[], axis = 0): NDArray {
  return stackKernel(tensors, axis);
}

/**
 * PyTorch's `gather`: along `axis`, takes the element whose index `index` holds. For
 * a 2-D input and axis 1, `out[i][j] = x[i][index[i][j]]`.
 *
 * @param x - input tensor
 * @param axis - the axis indexed by `index`
 * @param index - int32 indices, same rank as `x`
 * @returns a tensor of `index`'s shape
 * @throws DTypeError when `index` is not int32; ValueError for an index out of range
 * @example
 * ```ts
 * import { ndarray, gather } from "@tsgrad/ndarray";
 * const x = ndarray([[1, 2, 3], [4, 5, 6]]);
 * gather(x, 1, ndarray([[2], [0]], { dtype: "int32" })).toArray(); // [[3], [4]]
 * ```
 * @category Indexing and joining
 */
export function gather(x: NDArray, axis: number, index: NDArray): NDArray {
  return gatherKernel(x, axis, index);
}

/**
 * The adjoint of {@link gather}: zeros of `shape`, with each element of `src` added at
 * the position `index` names along `axis`. Repeated indices accumulate.
 *
 * @param shape - shape of the result
 * @param axis - the axis indexed by `index`
 * @param index - int32 indices, same shape as `src`
 * @param src - the values to add
 * @returns a new tensor
 * @example
 * ```ts
 * import { ndarray, scatterAdd } from "@tsgrad/ndarray";
 * scatterAdd([3], 0, ndarray([0, 0, 2], { dtype: "int32" }), ndarray([1, 2, 5])).toArray(); // [3, 0, 5]
 * ```
 * @category Indexing and joining
 */
export function scatterAdd(shape: readonly number[], axis: number, index: NDArray, src: NDArray): NDArray {
  return scatterAddKernel(shape, axis, index, src);
}

/**
 * Slices of `x` along `axis` picked by a 1-D int32 `index` (rows of an embedding table, say).
 *
 * @param x - input tensor
 * @param axis - the axis to select along
 * @param index - 1-D int32 indices
 * @returns a new tensor with `index.size` entries along `axis`
 * @example
 * ```ts
 * import { ndarray, indexSelect } from "@tsgrad/ndarray";
 * indexSelect(ndarray([[1, 2], [3, 4], [5, 6]]), 0, ndarray([2, 0], { dtype: "int32" })).toArray(); // [[5, 6], [1, 2]]
 * ```
 * @category Indexing and joining
 */
export function indexSelect(x: NDArray, axis: number, index: NDArray): NDArray {
  return indexSelectKernel(x, axis, index);
}

/**
 * The adjoint of {@link indexSelect}: zeros of `shape` with slice `i` of `src` along
 * `axis` added at position `index[i]`. Repeated indices accumulate.
 *
 * @param shape - shape of the result
 * @param axis - the axis
 * @param index - 1-D int32 indices, one per slice of `src`
 * @param src - the slices to add
 * @returns a new tensor
 * @example
 * ```ts
 * import { ndarray, indexAdd } from "@tsgrad/ndarray";
 * indexAdd([2, 2], 0, ndarray([1, 1], { dtype: "int32" }), ndarray([[1, 2], [3, 4]])).toArray(); // [[0, 0], [4, 6]]
 * ```
 * @category Indexing and joining
 */
export function indexAdd(shape: readonly number[], axis: number, index: NDArray, src: NDArray): NDArray {
  return indexAddKernel(shape, axis, index, src);
}

/**
 * One-hot encoding of int32 class indices: a new last axis of size `numClasses`.
 *
 * @param indices - int32 class indices in `[0, numClasses)`
 * @param numClasses - number of classes
 * @param dtype - dtype of the result (default float32)
 * @returns a tensor of shape `[...indices.shape, numClasses]`
 * @example
 * ```ts
 * import { ndarray, oneHot } from "@tsgrad/ndarray";
 * oneHot(ndarray([0, 2], { dtype: "int32" }), 3).toArray(); // [[1, 0, 0], [0, 0, 1]]
 * ```
 * @category Indexing and joining
 */
export function oneHot(indices: NDArray, numClasses: number, dtype: DType = "float32"): NDArray {
  return oneHotKernel(indices, numClasses, dtype);
}

/**
 * Zeros of `shape` with `src` written into the region `slice(·, ranges)` selects —
 * the adjoint of {@link slice} (PyTorch's `slice_scatter` on a zero base). Also pads:
 * place a tensor inside a larger zero tensor.
 *
 * @param shape - shape of the result
 * @param ranges - the slice ranges, as for {@link slice}
 * @param src - values for the region, of exactly the region's shape
 * @returns a new tensor
 * @example
 * ```ts
 * import { ndarray, sliceScatter } from "@tsgrad/ndarray";
 * sliceScatter([4], [[1, 3]], ndarray([7, 8])).toArray(); // [0, 7, 8, 0]
 * ```
 * @category Indexing and joining
 */
export function sliceScatter(shape: readonly number[], ranges: readonly SliceRange[], src: NDArray): NDArray {
  checkNDArray("sliceScatter", src, "src");
  const out = underName("sliceScatter", () => zeros(checkShape("sliceScatter", shape), { dtype: src.dtype }));
  const region = underName("sliceScatter", () => slice(out, ranges));
  if (region.ndim !== src.ndim || region.shape.some((d, i) => d !== src.shape[i])) {
    throw new ShapeError("sliceScatter", `src of shape ${fmtShape(src.shape)} does not fill the region of shape ${fmtShape(region.shape)}`, {
      src: src.shape,
      region: region.shape,
    });
  }
  assignInto(region, src);
  return out;
}
