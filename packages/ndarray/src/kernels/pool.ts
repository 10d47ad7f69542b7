// 2-D pooling kernels (max with indices, average, their gradients); the option checking and
// public forms are in ops/pool.ts.
/**
 * Pooling kernels on NCHW tensors, one `(n, c)` plane at a time. Max pooling records
 * the argmax of every window as a flat index `h·W + w` into its input plane (as
 * PyTorch's `return_indices`), so its gradient is a scatter and its second
 * derivative a gather with the same indices.
 * @internal
 */
import { allocate } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { contiguous } from "../views.js";
import type { Window2d } from "./window2d.js";

/**
 * Max over each window; padding never wins (it acts as −∞). NaN propagates. Ties
 * keep the first position in row-major window order.
 * @internal
 */
export function maxPool2dKernel(x: NDArray, win: Window2d): { values: NDArray; indices: NDArray } {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const { oh: OH, ow: OW, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = win;
  const values = allocate(x.dtype, N * C * OH * OW);
  const indices = allocate("int32", N * C * OH * OW, "maxPool2d");
  const src = x.storage;
  let k = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sn + c * sc;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = oh * strideH - padTop;
        for (let ow = 0; ow < OW; ow++, k++) {
          const w0 = ow * strideW - padLeft;
          let best = -Infinity;
          let arg = -1;
          for (let i = 0; i < kh; i++) {
            const ih = h0 + i * dilationH;
            if (ih < 0 || ih >= H) continue;
            for (let j = 0; j < kw; j++) {
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
  }
  const shape = [N, C, OH, OW];
  return { values: new NDArray(values, shape), indices: new NDArray(indices, shape) };
}

/**
 * `out[n, c, p] = x[n, c, indices[n, c, p]]` with indices flat in each `H × W` plane.
 * @internal
 */
export function gatherPlanesKernel(x: NDArray, indices: NDArray): NDArray {
  const [N, C, , W] = x.shape as [number, number, number, number];
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const idx = contiguous(indices).storage as Int32Array;
  const per = indices.size / (N * C);
  const out = allocate(x.dtype, indices.size);
  const src = x.storage;
  let k = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sn + c * sc;
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
 * Mean over each window, padding counted as zeros in the divisor (PyTorch's default
 * `count_include_pad=True`) or not.
 * @internal
 */
export function avgPool2dKernel(x: NDArray, win: Window2d, countIncludePad: boolean): NDArray {
  const [N, C] = x.shape as [number, number];
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const { oh: OH, ow: OW, kh, kw, strideH, strideW, padTop, padLeft, h: H, w: W } = win;
  const out = allocate(x.dtype, N * C * OH * OW);
  const src = x.storage;
  let k = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sn + c * sc;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = oh * strideH - padTop;
        const i0 = Math.max(0, h0);
        const i1 = Math.min(H, h0 + kh);
        for (let ow = 0; ow < OW; ow++, k++) {
          const w0 = ow * strideW - padLeft;
          const j0 = Math.max(0, w0);
          const j1 = Math.min(W, w0 + kw);
          let s = 0;
          for (let ih = i0; ih < i1; ih++) {
            let q = base + ih * sh + j0 * sw;
            for (let iw = j0; iw < j1; iw++, q += sw) s += src[q]!;
          }
          out[k] = s / divisor(win, h0, w0, countIncludePad);
        }
      }
    }
  }
  return new NDArray(out, [N, C, OH, OW]);
}

/**
 * The adjoint of {@link avgPool2dKernel}: each `g[n, c, oh, ow]` divided by its window's
 * divisor and added to every unpadded position of its window in zeros of `inputShape`.
 * @internal
 */
export function avgPool2dGradKernel(g: NDArray, win: Window2d, inputShape: readonly number[], countIncludePad: boolean): NDArray {
  const [N, C, H, W] = inputShape as [number, number, number, number];
  const [gn, gc, gh, gw] = g.strides as [number, number, number, number];
  const { oh: OH, ow: OW, kh, kw, strideH, strideW, padTop, padLeft } = win;
  const out = allocate(g.dtype, N * C * H * W);
  const src = g.storage;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const gBase = g.offset + n * gn + c * gc;
      const base = (n * C + c) * H * W;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = oh * strideH - padTop;
        const i0 = Math.max(0, h0);
        const i1 = Math.min(H, h0 + kh);
        for (let ow = 0; ow < OW; ow++) {
          const w0 = ow * strideW - padLeft;
          const v = src[gBase + oh * gh + ow * gw]! / divisor(win, h0, w0, countIncludePad);
          const j0 = Math.max(0, w0);
          const j1 = Math.min(W, w0 + kw);
          for (let ih = i0; ih < i1; ih++) {
            const row = base + ih * W;
            for (let iw = j0; iw < j1; iw++) out[row + iw] = out[row + iw]! + v;
          }
        }
      }
    }
  }
  return new NDArray(out, inputShape.slice());
}
