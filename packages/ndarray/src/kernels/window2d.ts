// The geometry of 2-D sliding windows (kernel, stride, padding, dilation, output sizes) and its
// checks, shared by the convolution and pooling kernels.
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import type { NDArray } from "../ndarray.js";
import { checkIntPair, fmtShape, showValue } from "../internal.js";

/**
 * A size along the two spatial axes (height, width): one number for both, or a
 * `[height, width]` pair.
 * @example
 * ```ts
 * import { type Size2d, maxPool2d, ones } from "@tsgrad/ndarray";
 * const square: Size2d = 2;
 * const tall: Size2d = [2, 1];
 * maxPool2d(ones([1, 1, 4, 4]), { kernelSize: square }).shape; // [1, 1, 2, 2]
 * maxPool2d(ones([1, 1, 4, 4]), { kernelSize: tall }).shape;   // [1, 1, 2, 4]
 * ```
 * @category Convolution and pooling
 */
export type Size2d = number | readonly [number, number];

/**
 * A sliding window resolved against an input of spatial size `h × w`: kernel size,
 * stride, padding per side, dilation, and the output size it yields. Shared by the
 * convolution and pooling kernels.
 * @internal
 */
export interface Window2d {
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  dilationH: number;
  dilationW: number;
  h: number;
  w: number;
  oh: number;
  ow: number;
}

/** Padding as given by a user: symmetric sizes, or PyTorch's "same" / "valid". @internal */
export type Padding2d = Size2d | "same" | "valid";

/** Validates a {@link Size2d} option: integers ≥ `min`. @internal */
export function pair(op: string, name: string, value: Size2d | undefined, fallback: readonly [number, number], min: number): [number, number] {
  return value === undefined ? [fallback[0], fallback[1]] : checkIntPair(op, "options", name, value, min);
}

/**
 * Positions of a window of `span` elements stepping by `stride` over `size` padded by
 * `before`/`after`: whole windows only, or with `ceilMode` also a last partial window, as
 * long as it starts inside the input or the leading padding (PyTorch's rule).
 */
function outputSize(size: number, before: number, after: number, span: number, stride: number, ceilMode: boolean): number {
  const room = size + before + after - span;
  let out = (ceilMode ? Math.ceil(room / stride) : Math.floor(room / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= size + before) out--;
  return out;
}

/**
 * Resolves a window against a 4-D input shape `(N, C, H, W)`; throws when the output
 * would be empty. `same` pads so that the output has the input's size (stride 1 only);
 * an odd total puts the extra row/column at the bottom/right, as PyTorch does. With
 * `ceilMode` (pooling) the last window may run past the padded input.
 * @internal
 */
export function resolveWindow(
  op: string,
  inputShape: readonly number[],
  kernel: readonly [number, number],
  strideOpt: Size2d | undefined,
  paddingOpt: Padding2d | undefined,
  dilationOpt: Size2d | undefined,
  ceilMode = false,
): Window2d {
  const [kh, kw] = kernel;
  const [strideH, strideW] = pair(op, "stride", strideOpt, [1, 1], 1);
  const [dilationH, dilationW] = pair(op, "dilation", dilationOpt, [1, 1], 1);
  let padTop: number, padBottom: number, padLeft: number, padRight: number;
  if (paddingOpt === "same") {
    if (strideH !== 1 || strideW !== 1) {
      throw new ValueError(op, `padding "same" needs stride 1, got stride ${showValue(strideOpt)}`, { stride: strideOpt });
    }
    const totalH = dilationH * (kh - 1);
    const totalW = dilationW * (kw - 1);
    padTop = Math.floor(totalH / 2);
    padBottom = totalH - padTop;
    padLeft = Math.floor(totalW / 2);
    padRight = totalW - padLeft;
  } else if (paddingOpt === "valid") {
    padTop = padBottom = padLeft = padRight = 0;
  } else {
    [padTop, padLeft] = pair(op, "padding", paddingOpt, [0, 0], 0);
    padBottom = padTop;
    padRight = padLeft;
  }
  const h = inputShape[2]!;
  const w = inputShape[3]!;
  const oh = outputSize(h, padTop, padBottom, dilationH * (kh - 1) + 1, strideH, ceilMode);
  const ow = outputSize(w, padLeft, padRight, dilationW * (kw - 1) + 1, strideW, ceilMode);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      op,
      `input of shape ${fmtShape(inputShape)} is too small for a ${kh}×${kw} window with padding [${padTop}, ${padLeft}] and dilation [${dilationH}, ${dilationW}]: the output would be ${oh}×${ow}`,
      { input: inputShape, kernel: [kh, kw], padding: [padTop, padLeft], dilation: [dilationH, dilationW] },
    );
  }
  return { kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW, h, w, oh, ow };
}

/** Throws unless `t` has rank 4 (`what` names the operand in the message). @internal */
export function checkRank4(op: string, what: string, t: NDArray | readonly number[], layout: string): void {
  const shape = Array.isArray(t) ? (t as readonly number[]) : (t as NDArray).shape;
  if (shape.length !== 4) {
    throw new ShapeError(op, `${what} must have rank 4 ${layout}, got shape ${fmtShape(shape)}`, { [what]: shape });
  }
}

/** Throws unless `t` holds floats. @internal */
export function checkFloat(op: string, what: string, t: NDArray): void {
  if (t.dtype === "int32") throw new DTypeError(op, `${what} must be float32 or float64, got int32`, { dtype: t.dtype });
}

/**
 * The range `[lo, hi)` of output positions `o` whose input position `o·stride + offset`
 * lies in `[0, size)`: the unpadded part of one kernel tap's row. @internal
 */
export function validRange(offset: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = offset >= 0 ? 0 : Math.min(outSize, Math.ceil(-offset / stride));
  const hi = offset > size - 1 ? lo : Math.max(lo, Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1));
  return [lo, hi];
}
