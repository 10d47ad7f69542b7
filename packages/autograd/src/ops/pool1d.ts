// maxPool1d and avgPool1d: PyTorch's 1-D pooling as composites — the 2-D pooling primitives over a
// height-1 image — so values, indices and gradients of every order come from the 2-D kernels.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { avgPool2d } from "../primitives/avg-pool2d.js";
import { maxPool2dWithIndices } from "../primitives/max-pool2d.js";
import { reshape } from "../primitives/reshape.js";
import { size1d } from "./conv1d.js";
import { type OptionKeys, checkBoolean, checkOptions, fmtShape, underName } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link avgPool1d} (PyTorch's `F.avg_pool1d` arguments).
 * @example
 * ```ts
 * import { type AvgPool1dOptions, avgPool1d, ones } from "tsgrad";
 * const opts: AvgPool1dOptions = { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false };
 * avgPool1d(ones([1, 1, 4]), opts).toArray(); // [[[1, 1, 1, 1]]]: padded zeros do not count
 * ```
 * @category Composite ops
 */
export interface AvgPool1dOptions {
  /** Size of the window. */
  kernelSize: number;
  /** Step of the window (default: `kernelSize`, non-overlapping windows). */
  stride?: number;
  /** Zero padding on each side, at most half the kernel (default 0). */
  padding?: number;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
  /** Count padded zeros in each window's divisor (PyTorch's `count_include_pad`; default true). */
  countIncludePad?: boolean;
}

/**
 * Options of {@link maxPool1d} and {@link maxPool1dWithIndices} (PyTorch's `F.max_pool1d` arguments).
 * @example
 * ```ts
 * import { type MaxPool1dOptions, maxPool1d, arange } from "tsgrad";
 * const opts: MaxPool1dOptions = { kernelSize: 2, stride: 1 };
 * maxPool1d(arange(4).reshape([1, 1, 4]), opts).toArray(); // [[[1, 2, 3]]]
 * ```
 * @category Composite ops
 */
export interface MaxPool1dOptions {
  /** Size of the window. */
  kernelSize: number;
  /** Step of the window (default: `kernelSize`, non-overlapping windows). */
  stride?: number;
  /** Implicit −∞ padding on each side, at most half the kernel (default 0). */
  padding?: number;
  /** Spacing between window taps (default 1). */
  dilation?: number;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
}

const AVG_POOL1D_KEYS: OptionKeys<AvgPool1dOptions> = { kernelSize: true, stride: true, padding: true, ceilMode: true, countIncludePad: true };
const MAX_POOL1D_KEYS: OptionKeys<MaxPool1dOptions> = { kernelSize: true, stride: true, padding: true, dilation: true, ceilMode: true };

interface Pool1dInput {
  x4: Tensor;
  unbatched: boolean;
  shape: readonly number[];
}

function pool1dInput(op: string, x: Operand): Pool1dInput {
  const v = asTensor(x, undefined, op);
  if (v.ndim !== 2 && v.ndim !== 3) {
    throw new T.ShapeError(op, `expected input (N, C, L) or (C, L), got ${fmtShape(v.shape)}`, { shape: v.shape });
  }
  const unbatched = v.ndim === 2;
  const [n, c, l] = unbatched ? [1, v.shape[0]!, v.shape[1]!] : (v.shape as [number, number, number]);
  return { x4: reshape(v, [n, c, 1, l]), unbatched, shape: v.shape };
}

function pool1dOutput(y: Tensor, unbatched: boolean): Tensor {
  return reshape(y, unbatched ? [y.shape[1]!, y.shape[3]!] : [y.shape[0]!, y.shape[1]!, y.shape[3]!]);
}

/**
 * The window options, checked against the input's length with 1-D messages: only the names
 * `known`, padding at most half the kernel, and PyTorch's output length (with `ceilMode`, a last
 * window must start inside the input or the left padding) at least 1.
 */
function options<O extends MaxPool1dOptions | AvgPool1dOptions>(
  op: string,
  opts: O,
  known: OptionKeys<O>,
  input: Pool1dInput,
): { kernel: number; stride: number; padding: number; dilation: number } {
  if (opts === null || typeof opts !== "object") throw new T.ValueError(op, "options with a kernelSize are required", {});
  checkOptions(op, opts, known);
  // the booleans are checked here, so that their errors name op and not the 2-D pooling under it
  for (const name of ["ceilMode", "countIncludePad"] as const) {
    const value = (opts as { ceilMode?: unknown; countIncludePad?: unknown })[name];
    if (value !== undefined) checkBoolean(op, "options", name, value);
  }
  const kernel = size1d(op, "kernelSize", opts.kernelSize, 0, 1);
  const stride = size1d(op, "stride", opts.stride, kernel, 1);
  const padding = size1d(op, "padding", opts.padding, 0, 0);
  const dilation = "dilation" in opts ? size1d(op, "dilation", opts.dilation, 1, 1) : 1;
  if (padding > Math.floor(kernel / 2)) {
    throw new T.ValueError(op, `padding ${padding} must be at most half the kernel size ${kernel}`, { padding, kernelSize: kernel });
  }
  const length = input.x4.shape[3]!;
  const span = length + 2 * padding - dilation * (kernel - 1) - 1;
  let out = Math.floor((span + (opts.ceilMode === true ? stride - 1 : 0)) / stride) + 1;
  if (opts.ceilMode === true && (out - 1) * stride >= length + padding) out--;
  if (span < 0 || out < 1) {
    throw new T.ShapeError(
      op,
      `input of shape ${fmtShape(input.shape)} is too short for a window of ${kernel} with padding ${padding} and dilation ${dilation}: the output would be empty`,
      { shape: input.shape, kernelSize: kernel },
    );
  }
  return { kernel, stride, padding, dilation };
}

/**
 * {@link maxPool1d} that also returns where each maximum is (PyTorch's `return_indices=True`):
 * int32 positions along L in the unpadded input.
 *
 * @param x - input `(N, C, L)` or `(C, L)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`
 * @returns the pooled `values` (a Tensor) and their `indices` (an int32 NDArray), both `(N, C, L_out)` (or `(C, L_out)`)
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options
 * @example
 * ```ts
 * import { tensor, maxPool1dWithIndices } from "tsgrad";
 * maxPool1dWithIndices(tensor([[[1, 9, 3, 4]]]), { kernelSize: 2 }).indices.toArray(); // [[[1, 3]]]
 * ```
 * @category Composite ops
 */
export function maxPool1dWithIndices(
  x: Operand,
  opts: MaxPool1dOptions,
): {
  /** The pooled maxima, differentiable. */
  values: Tensor;
  /** Where each maximum came from: int32 position along L. */
  indices: T.NDArray;
} {
  return underName("maxPool1d", () => {
    const op = "maxPool1d";
    const input = pool1dInput(op, x);
    const { x4, unbatched } = input;
    const { kernel, stride, padding, dilation } = options(op, opts, MAX_POOL1D_KEYS, input);
    const { values, indices } = maxPool2dWithIndices(x4, {
      kernelSize: [1, kernel],
      stride: [1, stride],
      padding: [0, padding],
      dilation: [1, dilation],
      ceilMode: opts.ceilMode === true,
    });
    // A height-1 plane's flat index h·L + l is l itself.
    const out = pool1dOutput(values, unbatched);
    return { values: out, indices: T.reshape(indices, out.shape) };
  });
}

/**
 * 1-D max pooling with PyTorch's `F.max_pool1d` semantics: the largest value of each
 * window, padding acting as −∞; the gradient goes to each window's argmax. Composite: the
 * 2-D {@link maxPool2d} over a height-1 image.
 *
 * @param x - input `(N, C, L)` or `(C, L)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`
 * @returns `(N, C, L_out)` (or `(C, L_out)`)
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options
 * @example
 * ```ts
 * import { tensor, maxPool1d } from "tsgrad";
 * maxPool1d(tensor([[[1, 9, 3, 4, 7]]]), { kernelSize: 2 }).toArray(); // [[[9, 4]]]
 * ```
 * @category Composite ops
 */
export function maxPool1d(x: Operand, opts: MaxPool1dOptions): Tensor {
  return underName("maxPool1d", () => {
    return maxPool1dWithIndices(x, opts).values;
  });
}

/**
 * 1-D average pooling with PyTorch's `F.avg_pool1d` semantics (defaults `ceilMode: false`,
 * `countIncludePad: true`): the mean of each window. Composite: the 2-D {@link avgPool2d}
 * over a height-1 image.
 *
 * @param x - input `(N, C, L)` or `(C, L)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `ceilMode`, `countIncludePad`
 * @returns `(N, C, L_out)` (or `(C, L_out)`)
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options
 * @example
 * ```ts
 * import { tensor, avgPool1d } from "tsgrad";
 * avgPool1d(tensor([[[1, 3, 5, 7]]]), { kernelSize: 2 }).toArray(); // [[[2, 6]]]
 * ```
 * @category Composite ops
 */
export function avgPool1d(x: Operand, opts: AvgPool1dOptions): Tensor {
  return underName("avgPool1d", () => {
    const op = "avgPool1d";
    const input = pool1dInput(op, x);
    const { x4, unbatched } = input;
    const { kernel, stride, padding } = options(op, opts, AVG_POOL1D_KEYS, input);
    const y = avgPool2d(x4, {
      kernelSize: [1, kernel],
      stride: [1, stride],
      padding: [0, padding],
      ceilMode: opts.ceilMode === true,
      countIncludePad: opts.countIncludePad !== false,
    });
    return pool1dOutput(y, unbatched);
  });
}
