// The public 2-D convolution ops (conv2d, its two gradients, im2col, col2im): geometry checks, then the kernels with the tier switch.
import { type DType, promoteTypes } from "../dtype.js";
import { ShapeError, ValueError } from "../errors.js";
import { checkShape } from "../shape.js";
import type { NDArray } from "../ndarray.js";
import { checkNDArray } from "../check-ndarray.js";
import { col2imKernel, conv2dInputGradKernel, conv2dKernel, conv2dWeightGradKernel, im2colKernel } from "../kernels/conv.js";
import { dispatch } from "../kernels/dispatch.js";
import { type Size2d, type Window2d, checkFloat, checkRank4, pair, resolveWindow } from "../kernels/window2d.js";
import { CONV2D_KEYS, IM2COL_KEYS, checkInteger, checkOptions, fmtShape, orDefault } from "../internal.js";

/**
 * Options of {@link conv2d} and its gradients (PyTorch's `F.conv2d` arguments).
 * @example
 * ```ts
 * import { type Conv2dOptions, conv2d, ones } from "@tsgrad/ndarray";
 * const opts: Conv2dOptions = { stride: 2, padding: 1 };
 * conv2d(ones([1, 3, 8, 8]), ones([4, 3, 3, 3]), null, opts).shape; // [1, 4, 4, 4]
 * ```
 * @category Convolution and pooling
 */
export interface Conv2dOptions {
  /** Step of the window along (height, width) (default 1). */
  stride?: Size2d;
  /**
   * Zeros added on each side (default 0); `"valid"` for none, `"same"` for an output
   * of the input's size (stride 1 only; an odd total pads one more at the bottom/right).
   */
  padding?: Size2d | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2d;
  /** Number of channel groups: input and output channels split into `groups` independent convolutions (default 1). */
  groups?: number;
}

/**
 * Options of {@link im2col} and {@link col2im} (PyTorch's `unfold` / `fold`).
 * @example
 * ```ts
 * import { type Im2colOptions, arange, im2col } from "@tsgrad/ndarray";
 * const opts: Im2colOptions = { kernelSize: 2 };
 * im2col(arange(9).reshape([1, 1, 3, 3]), opts).shape; // [1, 4, 4]: (N, C·kh·kw, windows)
 * ```
 * @category Convolution and pooling
 */
export interface Im2colOptions {
  /** Size of the window. */
  kernelSize: Size2d;
  /** Step of the window (default 1). */
  stride?: Size2d;
  /** Zeros added on each side (default 0). */
  padding?: Size2d;
  /** Spacing between window taps (default 1). */
  dilation?: Size2d;
}

/** The window and group count of a convolution of `inputShape` by `weightShape`. @internal */
export function convGeometry(op: string, inputShape: readonly number[], weightShape: readonly number[], opts: Conv2dOptions): { win: Window2d; groups: number } {
  opts = checkOptions(op, opts, CONV2D_KEYS);
  checkRank4(op, "input", inputShape, "(N, C, H, W)");
  checkRank4(op, "weight", weightShape, "(O, C/groups, kh, kw)");
  const groups = checkInteger(op, "options", "groups", orDefault(opts.groups, 1), 1);
  const [, C] = inputShape as [number, number];
  const [O, Cw, kh, kw] = weightShape as [number, number, number, number];
  if (C % groups !== 0 || O % groups !== 0) {
    throw new ValueError(
      op,
      `groups ${groups} must divide both the input channels (${C}, input shape ${fmtShape(inputShape)}) and the output channels (${O}, weight shape ${fmtShape(weightShape)})`,
      { groups, input: inputShape, weight: weightShape },
    );
  }
  if (Cw * groups !== C) {
    throw new ShapeError(
      op,
      `input of shape ${fmtShape(inputShape)} has ${C} channels but weight of shape ${fmtShape(weightShape)} expects ${Cw}·groups = ${Cw * groups} (groups ${groups})`,
      { input: inputShape, weight: weightShape, groups },
    );
  }
  if (kh < 1 || kw < 1) {
    throw new ShapeError(op, `weight of shape ${fmtShape(weightShape)} has an empty kernel; kh and kw must be ≥ 1`, { weight: weightShape });
  }
  return { win: resolveWindow(op, inputShape, [kh, kw], opts.stride, opts.padding, opts.dilation), groups };
}

function checkGradOutput(op: string, gradOutput: NDArray, expected: readonly number[]): void {
  checkFloat(op, "gradOutput", gradOutput);
  if (gradOutput.ndim !== 4 || gradOutput.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(op, `gradOutput has shape ${fmtShape(gradOutput.shape)} but the convolution's output has shape ${fmtShape(expected)}`, {
      gradOutput: gradOutput.shape,
      expected,
    });
  }
}

/**
 * 2-D convolution (cross-correlation, as in every deep-learning framework) of an NCHW
 * input with PyTorch's `F.conv2d` semantics:
 * `y[n, o, p, q] = bias[o] + Σ_{c, i, j} weight[o, c, i, j] · x[n, g·C/G + c, p·s + i·d − pad, q·s + j·d − pad]`
 * where `g` is the group of output channel `o`. Computed per sample as im2col and a
 * float64 matrix product.
 *
 * @param x - input `(N, C, H, W)`
 * @param weight - filters `(O, C/groups, kh, kw)`
 * @param bias - optional per-output-channel bias `(O)`
 * @param opts - `stride`, `padding`, `dilation`, `groups`
 * @returns `(N, O, OH, OW)` with `OH = ⌊(H + 2·pad − d·(kh − 1) − 1) / s⌋ + 1`
 * @throws ShapeError for wrong ranks, a channel mismatch or an empty output; ValueError for bad options; DTypeError for int32
 * @example
 * ```ts
 * import { ndarray, ones, conv2d } from "@tsgrad/ndarray";
 * const x = ndarray([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
 * conv2d(x, ones([1, 1, 2, 2])).toArray(); // [[[[12, 16], [24, 28]]]]
 * ```
 * @category Convolution and pooling
 */
export function conv2d(x: NDArray, weight: NDArray, bias?: NDArray | null, opts: Conv2dOptions = {}): NDArray {
  const op = "conv2d";
  checkNDArray(op, x);
  checkNDArray(op, weight, "weight");
  const { win, groups } = convGeometry(op, x.shape, weight.shape, opts);
  checkFloat(op, "input", x);
  checkFloat(op, "weight", weight);
  let dtype: DType = promoteTypes(x.dtype, weight.dtype);
  if (bias !== undefined && bias !== null) {
    checkNDArray(op, bias, "bias");
    checkFloat(op, "bias", bias);
    if (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0]) {
      throw new ShapeError(op, `bias must have shape [${weight.shape[0]}] (one per output channel of weight ${fmtShape(weight.shape)}), got ${fmtShape(bias.shape)}`, {
        bias: bias.shape,
        weight: weight.shape,
      });
    }
    dtype = promoteTypes(dtype, bias.dtype);
  }
  return conv2dKernel(x, weight, bias ?? null, win, groups, dtype, dispatch);
}

/**
 * Gradient of {@link conv2d} with respect to its input: the transposed convolution of
 * `gradOutput` by `weight`, back to `inputShape`. Linear in both arguments; it is the
 * adjoint of `x ↦ conv2d(x, weight)`.
 *
 * @param gradOutput - gradient of the convolution's output `(N, O, OH, OW)`
 * @param weight - the convolution's filters `(O, C/groups, kh, kw)`
 * @param inputShape - the convolution's input shape `(N, C, H, W)` (fixes `H`, `W` when the stride left a remainder)
 * @param opts - the convolution's `stride`, `padding`, `dilation`, `groups`
 * @returns the input gradient, of `inputShape`
 * @throws ShapeError when `gradOutput` is not the convolution's output shape
 * @example
 * ```ts
 * import { ones, conv2dInputGrad } from "@tsgrad/ndarray";
 * conv2dInputGrad(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), [1, 1, 3, 3]).toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 * @category Convolution and pooling
 */
export function conv2dInputGrad(gradOutput: NDArray, weight: NDArray, inputShape: readonly number[], opts: Conv2dOptions = {}): NDArray {
  const op = "conv2dInputGrad";
  checkNDArray(op, gradOutput, "gradOutput");
  checkNDArray(op, weight, "weight");
  const shape = checkShape(op, inputShape);
  const { win, groups } = convGeometry(op, shape, weight.shape, opts);
  checkFloat(op, "weight", weight);
  checkGradOutput(op, gradOutput, [shape[0]!, weight.shape[0]!, win.oh, win.ow]);
  return conv2dInputGradKernel(gradOutput, weight, shape, win, groups, promoteTypes(gradOutput.dtype, weight.dtype), dispatch);
}

/**
 * Gradient of {@link conv2d} with respect to its weight: for each filter tap, the
 * correlation of the input with `gradOutput`, summed over the batch. Linear in both
 * arguments.
 *
 * @param x - the convolution's input `(N, C, H, W)`
 * @param gradOutput - gradient of the convolution's output `(N, O, OH, OW)`
 * @param weightShape - the filters' shape `(O, C/groups, kh, kw)`
 * @param opts - the convolution's `stride`, `padding`, `dilation`, `groups`
 * @returns the weight gradient, of `weightShape`
 * @throws ShapeError when `gradOutput` is not the convolution's output shape
 * @example
 * ```ts
 * import { ndarray, ones, conv2dWeightGrad } from "@tsgrad/ndarray";
 * const x = ndarray([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
 * conv2dWeightGrad(x, ones([1, 1, 2, 2]), [1, 1, 2, 2]).toArray(); // [[[[12, 16], [24, 28]]]]
 * ```
 * @category Convolution and pooling
 */
export function conv2dWeightGrad(x: NDArray, gradOutput: NDArray, weightShape: readonly number[], opts: Conv2dOptions = {}): NDArray {
  const op = "conv2dWeightGrad";
  checkNDArray(op, x);
  checkNDArray(op, gradOutput, "gradOutput");
  const shape = checkShape(op, weightShape);
  const { win, groups } = convGeometry(op, x.shape, shape, opts);
  checkFloat(op, "input", x);
  checkGradOutput(op, gradOutput, [x.shape[0]!, shape[0]!, win.oh, win.ow]);
  return conv2dWeightGradKernel(x, gradOutput, shape, win, groups, promoteTypes(x.dtype, gradOutput.dtype), dispatch);
}

function im2colWindow(op: string, inputShape: readonly number[], opts: Im2colOptions): Window2d {
  if (opts === null || typeof opts !== "object") throw new ValueError(op, "options with a kernelSize are required", {});
  checkOptions(op, opts, IM2COL_KEYS);
  const kernel = pair(op, "kernelSize", opts.kernelSize, [0, 0], 1);
  return resolveWindow(op, inputShape, kernel, opts.stride, pair(op, "padding", opts.padding, [0, 0], 0), opts.dilation);
}

/**
 * Extracts sliding windows as columns (PyTorch's `F.unfold`): row `(c, i, j)` holds
 * channel `c` at window tap `(i, j)` for every window position, padding read as 0.
 *
 * @param x - input `(N, C, H, W)`
 * @param opts - `kernelSize`, `stride`, `padding`, `dilation`
 * @returns `(N, C·kh·kw, OH·OW)`
 * @throws ShapeError for a wrong rank or an empty output
 * @example
 * ```ts
 * import { arange, im2col } from "@tsgrad/ndarray";
 * im2col(arange(4).reshape([1, 1, 2, 2]), { kernelSize: [1, 2] }).toArray(); // [[[0, 2], [1, 3]]]
 * ```
 * @category Convolution and pooling
 */
export function im2col(x: NDArray, opts: Im2colOptions): NDArray {
  const op = "im2col";
  checkNDArray(op, x);
  checkRank4(op, "input", x, "(N, C, H, W)");
  return im2colKernel(x, im2colWindow(op, x.shape, opts));
}

/**
 * Sums columns back into an image (PyTorch's `F.fold`), the adjoint of {@link im2col}:
 * every column entry is added at the position it was read from; overlapping windows
 * accumulate and padding positions are dropped.
 *
 * @param cols - columns `(N, C·kh·kw, OH·OW)`
 * @param outputSize - the image's spatial size `[H, W]`
 * @param opts - `kernelSize`, `stride`, `padding`, `dilation`
 * @returns `(N, C, H, W)`
 * @throws ShapeError when `cols` does not fit the window and `outputSize`
 * @example
 * ```ts
 * import { ones, col2im } from "@tsgrad/ndarray";
 * col2im(ones([1, 4, 4]), [3, 3], { kernelSize: 2 }).toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 * @category Convolution and pooling
 */
export function col2im(cols: NDArray, outputSize: Size2d, opts: Im2colOptions): NDArray {
  const op = "col2im";
  checkNDArray(op, cols, "cols");
  if (cols.ndim !== 3) throw new ShapeError(op, `columns must have rank 3 (N, C·kh·kw, L), got shape ${fmtShape(cols.shape)}`, { cols: cols.shape });
  const [H, W] = pair(op, "outputSize", outputSize, [0, 0], 1);
  const [N, CK, L] = cols.shape as [number, number, number];
  const [kh, kw] = pair(op, "kernelSize", opts?.kernelSize, [0, 0], 1);
  if (CK % (kh * kw) !== 0) {
    throw new ShapeError(op, `columns of shape ${fmtShape(cols.shape)}: axis 1 (${CK}) must be a multiple of kh·kw = ${kh * kw}`, { cols: cols.shape });
  }
  const C = CK / (kh * kw);
  const win = im2colWindow(op, [N, C, H, W], opts);
  if (L !== win.oh * win.ow) {
    throw new ShapeError(op, `columns of shape ${fmtShape(cols.shape)} have ${L} windows but a ${H}×${W} image gives ${win.oh}×${win.ow} = ${win.oh * win.ow}`, {
      cols: cols.shape,
      outputSize: [H, W],
    });
  }
  return col2imKernel(cols, C, win);
}
