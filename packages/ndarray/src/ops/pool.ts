// The public 2-D pooling ops on NDArrays and their option checks, around the kernels of
// kernels/pool.ts.
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { checkShape } from "../shape.js";
import type { NDArray } from "../ndarray.js";
import { checkNDArray } from "../check-ndarray.js";
import { avgPool2dGradKernel, avgPool2dKernel, gatherPlanesKernel, maxPool2dKernel, scatterAddPlanesKernel } from "../kernels/pool.js";
import { type Size2d, type Window2d, checkFloat, checkRank4, pair, resolveWindow } from "../kernels/window2d.js";
import { contiguous } from "../views.js";
import { AVG_POOL2D_KEYS, MAX_POOL2D_KEYS, checkBoolean, checkOptions, fmtShape, showValue, orDefault } from "../internal.js";

/**
 * Options of {@link avgPool2d} (PyTorch's `F.avg_pool2d` arguments).
 * @example
 * ```ts
 * import { type AvgPool2dOptions, arange, avgPool2d } from "@tsgrad/ndarray";
 * const opts: AvgPool2dOptions = { kernelSize: 2, stride: 2 };
 * avgPool2d(arange(16).reshape([1, 1, 4, 4]), opts).toArray(); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * ```
 * @category Convolution and pooling
 */
export interface AvgPool2dOptions {
  /** Size of the window. */
  kernelSize: Size2d;
  /** Step of the window (default: `kernelSize`, non-overlapping windows). */
  stride?: Size2d;
  /** Padding on each side, at most half the kernel size (default 0). */
  padding?: Size2d;
  /**
   * Also pool a last window that runs past the (padded) input, clipped, when it starts
   * inside the input or the leading padding (PyTorch's `ceil_mode`; default false).
   */
  ceilMode?: boolean;
  /**
   * Average pooling only: count padded zeros in each window's divisor (default true, as
   * PyTorch's `count_include_pad`); false divides by the window's input elements only.
   * The part of a `ceilMode` window past the padding never counts.
   */
  countIncludePad?: boolean;
}

/**
 * Options of {@link maxPool2d} (PyTorch's `F.max_pool2d` arguments; `countIncludePad` does not apply).
 * @example
 * ```ts
 * import { type MaxPool2dOptions, arange, maxPool2d } from "@tsgrad/ndarray";
 * const opts: MaxPool2dOptions = { kernelSize: 2, stride: 1, dilation: 2 };
 * maxPool2d(arange(16).reshape([1, 1, 4, 4]), opts).toArray(); // [[[[10, 11], [14, 15]]]]
 * ```
 * @category Convolution and pooling
 */
export interface MaxPool2dOptions extends AvgPool2dOptions {
  /** Spacing between window taps (default 1). */
  dilation?: Size2d;
}

/** Validates pooling options against an input shape and resolves the window. @internal */
export function poolWindow(op: string, inputShape: readonly number[], opts: MaxPool2dOptions, allowDilation: boolean): Window2d {
  checkRank4(op, "input", inputShape, "(N, C, H, W)");
  if (opts === null || typeof opts !== "object") throw new ValueError(op, "options with a kernelSize are required", {});
  if (allowDilation) checkOptions(op, opts, MAX_POOL2D_KEYS);
  else checkOptions<AvgPool2dOptions>(op, opts, AVG_POOL2D_KEYS);
  const kernel = pair(op, "kernelSize", opts.kernelSize, [0, 0], 1);
  const padding = pair(op, "padding", opts.padding, [0, 0], 0);
  if (padding[0] > Math.floor(kernel[0] / 2) || padding[1] > Math.floor(kernel[1] / 2)) {
    throw new ValueError(op, `padding ${showValue(opts.padding)} must be at most half the kernel size ${showValue(opts.kernelSize)}`, {
      padding: opts.padding,
      kernelSize: opts.kernelSize,
    });
  }
  for (const name of ["ceilMode", "countIncludePad"] as const) {
    const v = opts[name];
    if (v !== undefined) checkBoolean(op, "options", name, v);
  }
  return resolveWindow(op, inputShape, kernel, orDefault(opts.stride, kernel), padding, opts.dilation, orDefault(opts.ceilMode, false));
}

/**
 * 2-D max pooling of an NCHW input: the largest value in each window, padding acting
 * as −∞ (PyTorch's `F.max_pool2d`). NaN propagates.
 *
 * @param x - input `(N, C, H, W)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`
 * @returns `(N, C, OH, OW)`
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options
 * @example
 * ```ts
 * import { arange, maxPool2d } from "@tsgrad/ndarray";
 * maxPool2d(arange(16).reshape([1, 1, 4, 4]), { kernelSize: 2 }).toArray(); // [[[[5, 7], [13, 15]]]]
 * ```
 * @category Convolution and pooling
 */
export function maxPool2d(x: NDArray, opts: MaxPool2dOptions): NDArray {
  return maxPool2dWithIndices(x, opts).values;
}

/**
 * {@link maxPool2d} that also returns where each maximum came from: an int32 flat
 * index `h·W + w` into its `(n, c)` input plane (PyTorch's `return_indices=True`).
 * Ties keep the first position in row-major window order.
 *
 * @param x - input `(N, C, H, W)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `dilation`
 * @returns the pooled `values` and their `indices`, both `(N, C, OH, OW)`
 * @example
 * ```ts
 * import { ndarray, maxPool2dWithIndices } from "@tsgrad/ndarray";
 * maxPool2dWithIndices(ndarray([[[[1, 9], [3, 4]]]]), { kernelSize: 2 }).indices.toArray(); // [[[[1]]]]
 * ```
 * @category Convolution and pooling
 */
export function maxPool2dWithIndices(
  x: NDArray,
  opts: MaxPool2dOptions,
): {
  /** The pooled maxima `(N, C, OH, OW)`. */
  values: NDArray;
  /** Where each maximum came from: int32 flat index `h·W + w` in its input plane. */
  indices: NDArray;
} {
  checkNDArray("maxPool2d", x);
  return maxPool2dKernel(x, poolWindow("maxPool2d", x.shape, opts, true));
}

function checkIndices(op: string, gradOutput: NDArray, indices: NDArray, inputShape: readonly number[]): Int32Array {
  checkNDArray(op, gradOutput, "gradOutput");
  checkNDArray(op, indices, "indices");
  if (indices.dtype !== "int32") throw new DTypeError(op, `indices must be int32, got ${indices.dtype}`, { dtype: indices.dtype });
  const shape = checkShape(op, inputShape);
  checkRank4(op, "inputShape", shape, "(N, C, H, W)");
  const s = gradOutput.shape;
  if (indices.ndim !== 4 || s.length !== 4 || indices.shape.some((d, i) => d !== s[i]) || s[0] !== shape[0] || s[1] !== shape[1]) {
    throw new ShapeError(
      op,
      `gradOutput ${fmtShape(s)} and indices ${fmtShape(indices.shape)} must have one shape (N, C, OH, OW) matching the input ${fmtShape(shape)} on N and C`,
      { gradOutput: s, indices: indices.shape, inputShape: shape },
    );
  }
  const idx = contiguous(indices).storage as Int32Array;
  const plane = shape[2]! * shape[3]!;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    if (v < -1 || v >= plane) throw new ValueError(op, `index ${v} is outside an input plane of ${shape[2]}×${shape[3]}`, { index: v });
  }
  return idx;
}

/**
 * Gradient of {@link maxPool2d} with respect to its input: zeros of `inputShape` with
 * each `gradOutput` element added at its window's argmax (overlapping windows that
 * share a maximum accumulate).
 *
 * @param gradOutput - gradient of the pooled output `(N, C, OH, OW)`
 * @param indices - the argmax indices from {@link maxPool2dWithIndices}
 * @param inputShape - the pooled input's shape `(N, C, H, W)`
 * @returns the input gradient
 * @throws ShapeError when shapes disagree; ValueError for an index outside the plane
 * @example
 * ```ts
 * import { ndarray, maxPool2dGrad } from "@tsgrad/ndarray";
 * maxPool2dGrad(ndarray([[[[5]]]]), ndarray([[[[1]]]], { dtype: "int32" }), [1, 1, 2, 2]).toArray(); // [[[[0, 5], [0, 0]]]]
 * ```
 * @category Convolution and pooling
 */
export function maxPool2dGrad(gradOutput: NDArray, indices: NDArray, inputShape: readonly number[]): NDArray {
  const op = "maxPool2dGrad";
  checkIndices(op, gradOutput, indices, inputShape);
  return scatterAddPlanesKernel(gradOutput, indices, inputShape);
}

/**
 * `out[n, c, p] = x[n, c, indices[n, c, p]]`, indices flat in each `(n, c)` plane: max
 * pooling replayed at known argmax positions (the adjoint of {@link maxPool2dGrad}).
 * @internal
 */
export function gatherPlanes(x: NDArray, indices: NDArray): NDArray {
  checkNDArray("gatherPlanes", x);
  checkIndices("gatherPlanes", indices, indices, x.shape);
  return gatherPlanesKernel(x, indices);
}

/**
 * 2-D average pooling of an NCHW input: the mean of each window, padded positions
 * counted as zeros unless `countIncludePad` is false (PyTorch's `F.avg_pool2d`).
 *
 * @param x - input `(N, C, H, W)`, float
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `ceilMode`, `countIncludePad`
 * @returns `(N, C, OH, OW)`
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options; DTypeError for int32
 * @example
 * ```ts
 * import { arange, avgPool2d } from "@tsgrad/ndarray";
 * avgPool2d(arange(16).reshape([1, 1, 4, 4]), { kernelSize: 2 }).toArray(); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * ```
 * @category Convolution and pooling
 */
export function avgPool2d(x: NDArray, opts: AvgPool2dOptions): NDArray {
  const op = "avgPool2d";
  checkNDArray(op, x);
  const win = poolWindow(op, x.shape, opts, false);
  checkFloat(op, "input", x);
  return avgPool2dKernel(x, win, orDefault(opts.countIncludePad, true));
}

/**
 * Gradient of {@link avgPool2d} with respect to its input (its adjoint): each
 * `gradOutput` element divided by its window's divisor and added to every unpadded position of the window.
 *
 * @param gradOutput - gradient of the pooled output `(N, C, OH, OW)`
 * @param inputShape - the pooled input's shape `(N, C, H, W)`
 * @param opts - the pooling's `kernelSize`, `stride`, `padding`, `ceilMode`, `countIncludePad`
 * @returns the input gradient
 * @throws ShapeError when `gradOutput` is not the pooling's output shape
 * @example
 * ```ts
 * import { ones, avgPool2dGrad } from "@tsgrad/ndarray";
 * avgPool2dGrad(ones([1, 1, 1, 1]), [1, 1, 2, 2], { kernelSize: 2 }).toArray(); // [[[[0.25, 0.25], [0.25, 0.25]]]]
 * ```
 * @category Convolution and pooling
 */
export function avgPool2dGrad(gradOutput: NDArray, inputShape: readonly number[], opts: AvgPool2dOptions): NDArray {
  const op = "avgPool2dGrad";
  checkNDArray(op, gradOutput, "gradOutput");
  const shape = checkShape(op, inputShape);
  const win = poolWindow(op, shape, opts, false);
  checkFloat(op, "gradOutput", gradOutput);
  const expected = [shape[0]!, shape[1]!, win.oh, win.ow];
  if (gradOutput.ndim !== 4 || gradOutput.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(op, `gradOutput has shape ${fmtShape(gradOutput.shape)} but the pooling's output has shape ${fmtShape(expected)}`, {
      gradOutput: gradOutput.shape,
      expected,
    });
  }
  return avgPool2dGradKernel(gradOutput, win, shape, orDefault(opts.countIncludePad, true));
}
