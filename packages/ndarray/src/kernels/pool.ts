// 2-D pooling kernels (max with indices, average, their gradients); the option checking and
// public forms are in ops/pool.ts.
/**
 * Pooling kernels on NCHW tensors, one `(n, c)` plane at a time. Max pooling records
 * the argmax of every window as a flat index `h·W + w` into its input plane (as
 * PyTorch's `return_indices`), so its gradient is a scatter and its second
 * derivative a gather with the same indices.
 * @internal
 */
import { type TypedArray, allocate } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { contiguous } from "../views.js";
import type { Window2d } from "./window2d.js";

/** The storage offset of every `(n, c)` plane of an NCHW tensor, in row-major `(n, c)` order. */
function planeOffsets(x: NDArray): number[] {
  const [N, C] = x.shape as [number, number];
  const [sn, sc] = x.strides as [number, number];
  const offsets: number[] = [];
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) offsets.push(x.offset + n * sn + c * sc);
  return offsets;
}

/**
 * Max over each window; padding never wins (it acts as −∞). NaN propagates. Ties
 * keep the first position in row-major window order.
 * @internal
 */
export function maxPool2dKernel(x: NDArray, win: Window2d): { values: NDArray; indices: NDArray } {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [, , sh, sw] = x.strides as [number, number, number, number];
  const { oh: OH, ow: OW, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = win;
  const values = allocate(x.dtype, N * C * OH * OW);
  const indices = allocate("int32", N * C * OH * OW, "maxPool2d");
  const src = x.storage;
  let k = 0;
  for (const base of planeOffsets(x)) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * strideH - padTop;
      // Only the taps inside the plane, in the same order: a window far larger than the
      // input (huge padding) costs its overlap with the input, not its size.
      const i0 = firstTap(h0, dilationH, kh);
      const i1 = endTap(h0, dilationH, kh, H);
      for (let ow = 0; ow < OW; ow++, k++) {
        const w0 = ow * strideW - padLeft;
        let best = -Infinity;
        let arg = -1;
        const j0 = firstTap(w0, dilationW, kw);
        const j1 = endTap(w0, dilationW, kw, W);
        for (let i = i0; i < i1; i++) {
          const ih = h0 + i * dilationH;
          if (ih < 0 || ih >= H) continue;
          for (let j = j0; j < j1; j++) {
            const iw = w0 + j * dilationW;
            if (iw < 0 || iw >= W) continue;
            const v = src[base + ih * sh + iw * sw]!;
            // NOTE: `v !== v` lets NaN win, so a NaN in the window reaches the output and its gradient.
            if (arg < 0 || v > best || v !== v) {
              best = v;
              arg = ih * W + iw;
              if (v !== v) break;
            }
          }
          if (best !== best) break;
        }
        values[k] = best;
        indices[k] = arg;
      }
    }
  }
  const shape = [N, C, OH, OW];
  return { values: new NDArray(values, shape), indices: new NDArray(indices, shape) };
}

/** The first tap `t` in [0, k) of a window at `start` (step `dilation`) with `start + t·dilation ≥ 0`. */
function firstTap(start: number, dilation: number, k: number): number {
  return start >= 0 ? 0 : Math.min(k, Math.ceil(-start / dilation));
}

/** One past the last tap `t` in [0, k) of a window at `start` (step `dilation`) with `start + t·dilation < size`. */
function endTap(start: number, dilation: number, k: number, size: number): number {
  return start >= size ? 0 : Math.min(k, Math.floor((size - 1 - start) / dilation) + 1);
}

/**
 * `out[n, c, p] = x[n, c, indices[n, c, p]]` with indices flat in each `H × W` plane.
 * @internal
 */
export function gatherPlanesKernel(x: NDArray, indices: NDArray): NDArray {
  const [N, C, , W] = x.shape as [number, number, number, number];
  const [, , sh, sw] = x.strides as [number, number, number, number];
  const idx = contiguous(indices).storage as Int32Array;
  const per = indices.size / (N * C);
  const out = allocate(x.dtype, indices.size);
  const src = x.storage;
  let k = 0;
  for (const base of planeOffsets(x)) {
    for (let p = 0; p < per; p++, k++) {
      const flat = idx[k]!;
      // A window made only of padding (possible with large dilations) has index -1 and value −∞.
      if (flat < 0) {
        out[k] = -Infinity;
        continue;
      }
      const ih = Math.floor(flat / W);
      out[k] = src[base + ih * sh + (flat - ih * W) * sw]!;
    }
  }
  return new NDArray(out, indices.shape);
}

/**
 * Zeros of `inputShape` with `src[n, c, p]` added at `[n, c, indices[n, c, p]]`: the
 * adjoint of {@link gatherPlanesKernel}.
 * @internal
 */
export function scatterAddPlanesKernel(src: NDArray, indices: NDArray, inputShape: readonly number[]): NDArray {
  const [N, C, H, W] = inputShape as [number, number, number, number];
  const idx = contiguous(indices).storage as Int32Array;
  const s = contiguous(src).storage;
  const per = indices.size / (N * C);
  const out = allocate(src.dtype, N * C * H * W);
  const plane = H * W;
  let k = 0;
  for (let nc = 0; nc < N * C; nc++) {
    const base = nc * plane;
    for (let p = 0; p < per; p++, k++) {
      const i = idx[k]!;
      if (i < 0) continue;
      const d = base + i;
      out[d] = out[d]! + s[k]!;
    }
  }
  return new NDArray(out, inputShape.slice());
}

/**
 * The divisor of the window starting at (h0, w0): its positions inside the padded input
 * (`countIncludePad`, PyTorch's default: `kh·kw` except for a `ceilMode` window running
 * past the padding), or inside the input only.
 */
function divisor(win: Window2d, h0: number, w0: number, countIncludePad: boolean): number {
  const { kh, kw, h: H, w: W, padBottom, padRight } = win;
  if (countIncludePad) return (Math.min(h0 + kh, H + padBottom) - h0) * (Math.min(w0 + kw, W + padRight) - w0);
  return (Math.min(H, h0 + kh) - Math.max(0, h0)) * (Math.min(W, w0 + kw) - Math.max(0, w0));
}

/**
 * The windows of an average pool, alike in every plane, with the padding clipped off: output row
 * `oh` covers input rows `[i0[oh], i1[oh])`, output column `ow` input columns `[j0[ow], j1[ow])`, and
 * window `oh·OW + ow` divides by `divisors[oh·OW + ow]` (see {@link divisor}).
 */
function avgWindows(win: Window2d, countIncludePad: boolean): { i0: Int32Array; i1: Int32Array; j0: Int32Array; j1: Int32Array; divisors: Float64Array } {
  const { oh: OH, ow: OW, kh, kw, strideH, strideW, padTop, padLeft, h: H, w: W } = win;
  const [i0, i1] = [allocate("int32", OH, "avgPool2d"), allocate("int32", OH, "avgPool2d")];
  const [j0, j1] = [allocate("int32", OW, "avgPool2d"), allocate("int32", OW, "avgPool2d")];
  const divisors = allocate("float64", OH * OW, "avgPool2d");
  for (let ow = 0; ow < OW; ow++) {
    const w0 = ow * strideW - padLeft;
    j0[ow] = Math.max(0, w0);
    j1[ow] = Math.min(W, w0 + kw);
  }
  for (let oh = 0, p = 0; oh < OH; oh++) {
    const h0 = oh * strideH - padTop;
    i0[oh] = Math.max(0, h0);
    i1[oh] = Math.min(H, h0 + kh);
    for (let ow = 0; ow < OW; ow++, p++) divisors[p] = divisor(win, h0, ow * strideW - padLeft, countIncludePad);
  }
  return { i0, i1, j0, j1, divisors };
}

/**
 * Mean over each window, padding counted as zeros in the divisor (PyTorch's default
 * `count_include_pad=True`) or not.
 * @internal
 */
export function avgPool2dKernel(x: NDArray, win: Window2d, countIncludePad: boolean): NDArray {
  const shape = [...x.shape.slice(0, 2), win.oh, win.ow];
  const out = allocate(x.dtype, shape.reduce((a, b) => a * b, 1));
  avgPoolLoops(x, win, countIncludePad, out, false);
  return new NDArray(out, shape);
}

/**
 * The adjoint of {@link avgPool2dKernel}: each `g[n, c, oh, ow]` divided by its window's
 * divisor and added to every unpadded position of its window in zeros of `inputShape`.
 * @internal
 */
export function avgPool2dGradKernel(g: NDArray, win: Window2d, inputShape: readonly number[], countIncludePad: boolean): NDArray {
  const out = allocate(g.dtype, inputShape.reduce((a, b) => a * b, 1));
  avgPoolLoops(g, win, countIncludePad, out, true);
  return new NDArray(out, inputShape.slice());
}

/**
 * The loop nest of average pooling and of its adjoint, over every plane's windows (see
 * {@link avgWindows}). Forward: each window of the input `x` summed into its cell of `out`
 * (`N·C·OH·OW`, contiguous). `adjoint`: each cell of the gradient `x` (`N, C, OH, OW`) divided by
 * its window's divisor and added over that window of `out` (`N·C·H·W`, contiguous, zeros).
 */
function avgPoolLoops(x: NDArray, win: Window2d, countIncludePad: boolean, out: TypedArray, adjoint: boolean): void {
  const { oh: OH, ow: OW, h: H, w: W } = win;
  const [, , sh, sw] = x.strides as [number, number, number, number];
  const { i0, i1, j0, j1, divisors } = avgWindows(win, countIncludePad);
  const src = x.storage;
  let k = 0;
  let plane = 0;
  for (const base of planeOffsets(x)) {
    for (let oh = 0, p = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, p++, k++) {
        const ih0 = i0[oh]!, ih1 = i1[oh]!, iw0 = j0[ow]!, iw1 = j1[ow]!;
        if (adjoint) {
          const v = src[base + oh * sh + ow * sw]! / divisors[p]!;
          for (let ih = ih0; ih < ih1; ih++) {
            for (let d = plane + ih * W + iw0, end = d + iw1 - iw0; d < end; d++) out[d] = out[d]! + v;
          }
        } else {
          let s = 0;
          for (let ih = ih0; ih < ih1; ih++) {
            for (let q = base + ih * sh + iw0 * sw, t = iw0; t < iw1; t++, q += sw) s += src[q]!;
          }
          out[k] = s / divisors[p]!;
        }
      }
    }
    plane += H * W;
  }
}
