// The 2-D convolution kernels (im2col, col2im and the three products), JS reference tier; a faster
// tier may take their float64 gemms (ConvFastPaths).
/**
 * Convolution kernels on NCHW tensors: im2col/col2im per sample into float64 scratch,
 * and the three products of a 2-D convolution (forward, input gradient, weight
 * gradient) as float64 gemms over those columns. One sample at a time keeps the
 * column buffer small (it stays in cache and is reused) instead of materialising
 * `N · C·kh·kw · OH·OW` values.
 *
 * Column layout (PyTorch's `unfold`): row `(c, i, j)` = channel `c`, kernel tap
 * `(i, j)`; column `p = oh·OW + ow`.
 * @internal
 */
import { type DType, type TypedArray, allocate } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { type GemmF64, gemmF64 } from "./gemm-f64.js";
import { type Window2d, validRange } from "./window2d.js";

/**
 * The float64 gemm a faster kernel tier may run instead of {@link gemmF64}; kernels/dispatch.ts
 * decides per call.
 * @internal
 */
export interface ConvFastPaths {
  /**
   * `C[m×n] += A[m×k] · B[k×n]` on float64 row-major blocks with leading dimensions (the
   * arguments of {@link gemmF64}); returns false to leave the product to gemmF64.
   */
  gemmF64: GemmF64<boolean>;
}

/** {@link gemmF64}, offered to `fast` first. */
function tieredGemm(fast: ConvFastPaths | undefined): GemmF64<void> {
  if (fast === undefined) return gemmF64;
  return (...args) => {
    if (!fast.gemmF64(...args)) gemmF64(...args);
  };
}

/**
 * Writes the columns of one sample into `dst` (float64, `C·kh·kw` rows of `OH·OW`)
 * from `src` at `base` with channel/row/column strides `sc`, `sh`, `sw`. Padding reads as 0.
 * @internal
 */
export function im2colSample(
  src: TypedArray,
  base: number,
  sc: number,
  sh: number,
  sw: number,
  channels: number,
  win: Window2d,
  dst: Float64Array,
): void {
  const { kh, kw, oh: OH, ow: OW, strideH, strideW } = win;
  const P = OH * OW;
  const step = strideW * sw;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const cBase = base + c * sc;
    for (let i = 0; i < kh; i++) {
      const hOff = i * win.dilationH - win.padTop;
      const [hLo, hHi] = validRange(hOff, strideH, win.h, OH);
      for (let j = 0; j < kw; j++, row += P) {
        const wOff = j * win.dilationW - win.padLeft;
        const [wLo, wHi] = validRange(wOff, strideW, win.w, OW);
        if (hLo > 0) dst.fill(0, row, row + hLo * OW);
        for (let oh = hLo; oh < hHi; oh++) {
          const d = row + oh * OW;
          let s = cBase + (oh * strideH + hOff) * sh + (wLo * strideW + wOff) * sw;
          for (let ow = 0; ow < wLo; ow++) dst[d + ow] = 0;
          for (let ow = wLo; ow < wHi; ow++, s += step) dst[d + ow] = src[s]!;
          for (let ow = wHi; ow < OW; ow++) dst[d + ow] = 0;
        }
        if (hHi < OH) dst.fill(0, row + hHi * OW, row + P);
      }
    }
  }
}

/**
 * The adjoint of {@link im2colSample}: adds every column entry of `src` (float64) into
 * the contiguous `C × H × W` sample at `dst[base…]`; entries that fall on padding are
 * dropped, overlapping windows accumulate.
 * @internal
 */
export function col2imSample(src: Float64Array, channels: number, win: Window2d, dst: Float64Array, base: number): void {
  const { kh, kw, oh: OH, ow: OW, strideH, strideW, h: H, w: W } = win;
  const P = OH * OW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const cBase = base + c * H * W;
    for (let i = 0; i < kh; i++) {
      const hOff = i * win.dilationH - win.padTop;
      const [hLo, hHi] = validRange(hOff, strideH, H, OH);
      for (let j = 0; j < kw; j++, row += P) {
        const wOff = j * win.dilationW - win.padLeft;
        const [wLo, wHi] = validRange(wOff, strideW, W, OW);
        for (let oh = hLo; oh < hHi; oh++) {
          const s = row + oh * OW;
          let d = cBase + (oh * strideH + hOff) * W + wLo * strideW + wOff;
          for (let ow = wLo; ow < wHi; ow++, d += strideW) dst[d] = dst[d]! + src[s + ow]!;
        }
      }
    }
  }
}

/** The elements of `t` as a contiguous float64 array (no copy when it already is one). @internal */
export function float64Contiguous(t: NDArray): Float64Array {
  if (t.dtype === "float64" && t.isContiguous && t.offset === 0 && t.storage.length === t.size) return t.storage as Float64Array;
  const out = allocate("float64", t.size, "conv2d");
  if (t.isContiguous) {
    out.set(t.storage.subarray(t.offset, t.offset + t.size));
    return out;
  }
  const shape = t.shape;
  const idx = new Array<number>(shape.length).fill(0);
  let off = t.offset;
  for (let k = 0; k < out.length; k++) {
    out[k] = t.storage[off]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      off += t.strides[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= t.strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Copies sample `n` of a rank-4 tensor into `dst` (contiguous float64). Returns the
 * array and offset to read it from: the tensor's own storage when it is contiguous
 * float64, so nothing is copied.
 * @internal
 */
function sampleF64(t: NDArray, n: number, dst: Float64Array): [Float64Array, number] {
  const len = dst.length;
  if (t.isContiguous) {
    const start = t.offset + n * len;
    if (t.dtype === "float64") return [t.storage as Float64Array, start];
    dst.set(t.storage.subarray(start, start + len));
    return [dst, 0];
  }
  const [, s1, s2, s3] = t.strides as [number, number, number, number];
  const [, d1, d2, d3] = t.shape as [number, number, number, number];
  const src = t.storage;
  let k = 0;
  const b0 = t.offset + n * t.strides[0]!;
  for (let a = 0; a < d1; a++) {
    for (let b = 0; b < d2; b++) {
      let s = b0 + a * s1 + b * s2;
      for (let c = 0; c < d3; c++, s += s3) dst[k++] = src[s]!;
    }
  }
  return [dst, 0];
}

/** Output storage for `n` samples of `len` floats, and where sample `i` is computed before it is stored. */
class SampleSink {
  readonly out: TypedArray;
  private readonly scratch: Float64Array | null;
  private readonly len: number;
  constructor(dtype: DType, n: number, len: number) {
    this.len = len;
    this.out = allocate(dtype, n * len);
    this.scratch = dtype === "float64" ? null : allocate("float64", len, "conv2d");
  }
  /** The float64 array and offset where sample `i` is accumulated (zero-filled). */
  target(i: number): [Float64Array, number] {
    if (this.scratch === null) return [this.out as Float64Array, i * this.len];
    this.scratch.fill(0);
    return [this.scratch, 0];
  }
  /** Stores sample `i` after it was computed at {@link SampleSink.target}. */
  commit(i: number): void {
    if (this.scratch !== null) this.out.set(this.scratch, i * this.len);
  }
}

/**
 * Columns of every sample, `(N, C·kh·kw, OH·OW)` (PyTorch's `unfold`).
 * @internal
 */
export function im2colKernel(x: NDArray, win: Window2d): NDArray {
  const [N, C] = x.shape as [number, number];
  const CK = C * win.kh * win.kw;
  const P = win.oh * win.ow;
  const sink = new SampleSink(x.dtype, N, CK * P);
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  for (let n = 0; n < N; n++) {
    const [dst, off] = sink.target(n);
    const cols = off === 0 && dst.length === CK * P ? dst : dst.subarray(off, off + CK * P);
    im2colSample(x.storage, x.offset + n * sn, sc, sh, sw, C, win, cols);
    sink.commit(n);
  }
  return new NDArray(sink.out, [N, CK, P]);
}

/**
 * Sums columns `(N, C·kh·kw, OH·OW)` back into `(N, C, H, W)` (PyTorch's `fold`), the
 * adjoint of {@link im2colKernel}.
 * @internal
 */
export function col2imKernel(cols: NDArray, channels: number, win: Window2d): NDArray {
  const N = cols.shape[0]!;
  const CK = channels * win.kh * win.kw;
  const P = win.oh * win.ow;
  const HW = win.h * win.w;
  const sink = new SampleSink(cols.dtype, N, channels * HW);
  const colBuf = allocate("float64", CK * P, "col2im");
  for (let n = 0; n < N; n++) {
    const [src, so] = sampleF64(cols.reshape([N, CK, P, 1]), n, colBuf);
    const [dst, off] = sink.target(n);
    col2imSample(so === 0 && src.length === CK * P ? src : src.subarray(so, so + CK * P), channels, win, dst, off);
    sink.commit(n);
  }
  return new NDArray(sink.out, [N, channels, win.h, win.w]);
}

/**
 * The sizes of one group's product, shared by the three convolution kernels: `Og` output
 * channels, `CKg` rows of its columns (its `C/G` input channels times the kernel taps) and
 * `P` output positions.
 */
function groupSizes(C: number, O: number, groups: number, win: Window2d): { Og: number; CKg: number; P: number } {
  return { Og: O / groups, CKg: (C / groups) * win.kh * win.kw, P: win.oh * win.ow };
}

/**
 * Forward convolution: `y[n, o] = bias[o] + Σ_{c,i,j} w[o, c, i, j] · x[n, g·C/G + c, …]`
 * as, per sample and group, `W_g (O/G × C/G·kh·kw) @ cols_g`.
 * @param fast - the fast paths to offer the gemms to (none: gemmF64)
 * @internal
 */
export function conv2dKernel(x: NDArray, weight: NDArray, bias: NDArray | null, win: Window2d, groups: number, dtype: DType, fast?: ConvFastPaths): NDArray {
  const [N, C] = x.shape as [number, number];
  const O = weight.shape[0]!;
  const { Og, CKg, P } = groupSizes(C, O, groups, win);
  const w = float64Contiguous(weight);
  const b = bias === null ? null : float64Contiguous(bias);
  const cols = allocate("float64", C * win.kh * win.kw * P, "conv2d");
  const sink = new SampleSink(dtype, N, O * P);
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const gemm = tieredGemm(fast);
  for (let n = 0; n < N; n++) {
    im2colSample(x.storage, x.offset + n * sn, sc, sh, sw, C, win, cols);
    const [y, yo] = sink.target(n);
    if (b !== null) for (let o = 0; o < O; o++) y.fill(b[o]!, yo + o * P, yo + (o + 1) * P);
    for (let g = 0; g < groups; g++) gemm(Og, P, CKg, w, g * Og * CKg, CKg, cols, g * CKg * P, P, y, yo + g * Og * P, P);
    sink.commit(n);
  }
  return new NDArray(sink.out, [N, O, win.oh, win.ow]);
}

/**
 * Gradient of a convolution with respect to its input (a transposed convolution):
 * per sample and group `dcols_g = W_gᵀ @ g_g`, then col2im.
 * @param fast - the fast paths to offer the gemms to (none: gemmF64)
 * @internal
 */
export function conv2dInputGradKernel(
  gradOutput: NDArray,
  weight: NDArray,
  inputShape: readonly number[],
  win: Window2d,
  groups: number,
  dtype: DType,
  fast?: ConvFastPaths,
): NDArray {
  const [N, C] = inputShape as [number, number];
  const O = weight.shape[0]!;
  const { Og, CKg, P } = groupSizes(C, O, groups, win);
  const w = float64Contiguous(weight);
  // wT[g][ck][o] = w[g·Og + o][ck]: each group's block transposed, so the gemm reads rows.
  const wT = allocate("float64", O * CKg, "conv2dInputGrad");
  for (let g = 0; g < groups; g++) {
    for (let o = 0; o < Og; o++) {
      const src = (g * Og + o) * CKg;
      const dst = g * CKg * Og + o;
      for (let ck = 0; ck < CKg; ck++) wT[dst + ck * Og] = w[src + ck]!;
    }
  }
  const gBuf = allocate("float64", O * P, "conv2dInputGrad");
  const dcols = allocate("float64", C * win.kh * win.kw * P, "conv2dInputGrad");
  const sink = new SampleSink(dtype, N, C * win.h * win.w);
  const gemm = tieredGemm(fast);
  for (let n = 0; n < N; n++) {
    const [gs, go] = sampleF64(gradOutput, n, gBuf);
    dcols.fill(0);
    for (let g = 0; g < groups; g++) gemm(CKg, P, Og, wT, g * CKg * Og, Og, gs, go + g * Og * P, P, dcols, g * CKg * P, P);
    const [dx, dxo] = sink.target(n);
    col2imSample(dcols, C, win, dx, dxo);
    sink.commit(n);
  }
  return new NDArray(sink.out, [N, C, win.h, win.w]);
}

/**
 * Gradient of a convolution with respect to its weight: per sample and group
 * `dWᵀ_g += cols_g @ g_gᵀ`, summed over the batch.
 * @param fast - the fast paths to offer the gemms to (none: gemmF64)
 * @internal
 */
export function conv2dWeightGradKernel(
  x: NDArray,
  gradOutput: NDArray,
  weightShape: readonly number[],
  win: Window2d,
  groups: number,
  dtype: DType,
  fast?: ConvFastPaths,
): NDArray {
  const [N, C] = x.shape as [number, number];
  const O = weightShape[0]!;
  const { Og, CKg, P } = groupSizes(C, O, groups, win);
  const cols = allocate("float64", C * win.kh * win.kw * P, "conv2dWeightGrad");
  const gT = allocate("float64", P * O, "conv2dWeightGrad");
  const dWT = allocate("float64", CKg * O, "conv2dWeightGrad");
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const [gn, gc, gh, gw] = gradOutput.strides as [number, number, number, number];
  const OW = win.ow;
  const gsrc = gradOutput.storage;
  const gemm = tieredGemm(fast);
  for (let n = 0; n < N; n++) {
    im2colSample(x.storage, x.offset + n * sn, sc, sh, sw, C, win, cols);
    // gT[p][o] = g[n, o, p]
    for (let o = 0; o < O; o++) {
      const base = gradOutput.offset + n * gn + o * gc;
      for (let oh = 0, p = 0; oh < win.oh; oh++) {
        let s = base + oh * gh;
        for (let ow = 0; ow < OW; ow++, p++, s += gw) gT[p * O + o] = gsrc[s]!;
      }
    }
    for (let g = 0; g < groups; g++) gemm(CKg, Og, P, cols, g * CKg * P, P, gT, g * Og, O, dWT, g * Og, O);
  }
  const out = allocate(dtype, O * CKg);
  for (let o = 0; o < O; o++) for (let ck = 0; ck < CKg; ck++) out[o * CKg + ck] = dWT[ck * O + o]!;
  return new NDArray(out, weightShape.slice());
}
