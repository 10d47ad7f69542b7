// Direct (loop-by-loop) convolution and pooling, written from the definitions, as oracles for
// conv*.test.ts and pool*.test.ts. Slow and obvious on purpose: no im2col, no gemm.
import { type DType, Generator, NDArray, permute, slice, ndarray } from "@tsgrad/ndarray";

/** A dense float64 array in row-major order with its shape. */
export interface Dense {
  shape: number[];
  data: Float64Array;
}

export type PadSpec = number | [number, number] | "same" | "valid";

/** Geometry of one convolution or pooling case, as the tests generate it. */
export interface ConvCase {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  kh: number;
  kw: number;
  stride: [number, number];
  padding: PadSpec;
  dilation: [number, number];
  groups: number;
}

/** Padding per side [top, bottom, left, right] for a spec, from the definitions PyTorch documents. */
export function pads(padding: PadSpec, kh: number, kw: number, dilation: [number, number]): [number, number, number, number] {
  if (padding === "valid") return [0, 0, 0, 0];
  if (padding === "same") {
    const th = dilation[0] * (kh - 1);
    const tw = dilation[1] * (kw - 1);
    return [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  }
  const [ph, pw] = typeof padding === "number" ? [padding, padding] : padding;
  return [ph, ph, pw, pw];
}

/** Output spatial size, or 0 when the window does not fit. */
export function outSize(size: number, k: number, stride: number, padBefore: number, padAfter: number, dilation: number, ceilMode = false): number {
  const span = size + padBefore + padAfter - dilation * (k - 1) - 1;
  if (span < 0) return 0;
  // PyTorch's pooling_output_shape: round up with ceil_mode, but drop a last window that
  // would start past the input and its leading padding.
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + padBefore) out--;
  return out;
}

/** Random normal values from a seed. */
export function randomDense(shape: number[], seed: number): Dense {
  const g = new Generator(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = g.normal();
  return { shape, data };
}

/** How a test lays out an input in memory; every layout holds the same logical values. */
export type Layout = "contiguous" | "permuted" | "strided";

/**
 * An NDArray with the values of `d` in the given layout: contiguous; channels-last storage
 * permuted to NCHW (non-contiguous strides); or every other row and an offset column of a
 * larger buffer (a strided, offset view).
 */
export function toNDArray(d: Dense, layout: Layout = "contiguous", dtype: DType = "float64"): NDArray {
  const [N, C, H, W] = d.shape as [number, number, number, number];
  const at = (n: number, c: number, h: number, w: number): number => d.data[((n * C + c) * H + h) * W + w]!;
  if (layout === "contiguous" || d.shape.length !== 4) return ndarray(d.data, { shape: d.shape, dtype });
  if (layout === "permuted") {
    const nhwc = new Float64Array(d.data.length);
    let k = 0;
    for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) nhwc[k++] = at(n, c, h, w);
    return permute(ndarray(nhwc, { shape: [N, H, W, C], dtype }), [0, 3, 1, 2]);
  }
  const big = new Float64Array(N * C * 2 * H * (W + 1)).fill(Number.NaN);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) big[((n * C + c) * 2 * H + 2 * h) * (W + 1) + w + 1] = at(n, c, h, w);
  return slice(ndarray(big, { shape: [N, C, 2 * H, W + 1], dtype }), [null, null, [0, null, 2], [1, null]]);
}

/** The elements of an NDArray as a dense float64 array. */
export function fromNDArray(t: NDArray): Dense {
  return { shape: [...t.shape], data: Float64Array.from(t.toTypedArray()) };
}

/** `y[n, o, p, q] = b[o] + Σ_{c in group, i, j} w[o, c, i, j] · x[n, c, p·s + i·d − pad, q·s + j·d − pad]`. */
export function refConv2d(x: Dense, w: Dense, b: Dense | null, cs: ConvCase): Dense {
  const { n: N, c: C, h: H, w: W, o: O, kh, kw, stride, dilation, groups } = cs;
  const [pt, pb, pl, pr] = pads(cs.padding, kh, kw, dilation);
  const OH = outSize(H, kh, stride[0], pt, pb, dilation[0]);
  const OW = outSize(W, kw, stride[1], pl, pr, dilation[1]);
  const Cg = C / groups;
  const Og = O / groups;
  const out = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let p = 0; p < OH; p++)
        for (let q = 0; q < OW; q++) {
          let s = b ? b.data[o]! : 0;
          for (let c = 0; c < Cg; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const ih = p * stride[0] + i * dilation[0] - pt;
                const iw = q * stride[1] + j * dilation[1] - pl;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                s += w.data[((o * Cg + c) * kh + i) * kw + j]! * x.data[((n * C + g * Cg + c) * H + ih) * W + iw]!;
              }
          out[((n * O + o) * OH + p) * OW + q] = s;
        }
    }
  return { shape: [N, O, OH, OW], data: out };
}

/**
 * Transposed convolution by its definition as a scatter: every input element
 * `x[n, ci, p, q]` adds `x · w[ci, co, i, j]` at output `(p·s + i·d − pad, q·s + j·d − pad)`.
 * Weight `(C_in, C_out/groups, kh, kw)`.
 */
export function refConvTranspose2d(
  x: Dense,
  w: Dense,
  b: Dense | null,
  opts: { stride: [number, number]; padding: [number, number]; outputPadding: [number, number]; dilation: [number, number]; groups: number },
): Dense {
  const [N, Cin, H, W] = x.shape as [number, number, number, number];
  const [, CoutG, kh, kw] = w.shape as [number, number, number, number];
  const { stride, padding, outputPadding, dilation, groups } = opts;
  const Cout = CoutG * groups;
  const CinG = Cin / groups;
  const OH = (H - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const OW = (W - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  const out = new Float64Array(N * Cout * OH * OW);
  // One input element at a time, in storage order: (n, ci, p, q) from its flat index.
  x.data.forEach((v, flat) => {
    const q = flat % W;
    const p = Math.floor(flat / W) % H;
    const ci = Math.floor(flat / (W * H)) % Cin;
    const n = Math.floor(flat / (W * H * Cin));
    const g = Math.floor(ci / CinG);
    for (let co = 0; co < CoutG; co++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const oh = p * stride[0] + i * dilation[0] - padding[0];
          const ow = q * stride[1] + j * dilation[1] - padding[1];
          if (oh < 0 || oh >= OH || ow < 0 || ow >= OW) continue;
          out[((n * Cout + g * CoutG + co) * OH + oh) * OW + ow]! += v * w.data[((ci * CoutG + co) * kh + i) * kw + j]!;
        }
  });
  if (b) for (let n = 0; n < N; n++) for (let co = 0; co < Cout; co++) for (let k = 0; k < OH * OW; k++) out[(n * Cout + co) * OH * OW + k]! += b.data[co]!;
  return { shape: [N, Cout, OH, OW], data: out };
}

/** Geometry of a pooling case. */
export interface PoolCase {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  /** PyTorch's ceil_mode (default false). */
  ceilMode?: boolean;
  /** PyTorch's count_include_pad (default true). */
  countIncludePad?: boolean;
}

/** Max pooling: values and the flat in-plane index of the first maximum of each window (NaN wins). */
export function refMaxPool2d(x: Dense, pc: PoolCase): { values: Dense; indices: Int32Array } {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const { kernel, stride, padding, dilation } = pc;
  const OH = outSize(H, kernel[0], stride[0], padding[0], padding[0], dilation[0], pc.ceilMode);
  const OW = outSize(W, kernel[1], stride[1], padding[1], padding[1], dilation[1], pc.ceilMode);
  const values = new Float64Array(N * C * OH * OW);
  const indices = new Int32Array(N * C * OH * OW);
  let k = 0;
  for (let nc = 0; nc < N * C; nc++)
    for (let p = 0; p < OH; p++)
      for (let q = 0; q < OW; q++, k++) {
        let best = -Infinity;
        let arg = -1;
        for (let i = 0; i < kernel[0]; i++)
          for (let j = 0; j < kernel[1]; j++) {
            const ih = p * stride[0] + i * dilation[0] - padding[0];
            const iw = q * stride[1] + j * dilation[1] - padding[1];
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            const v = x.data[nc * H * W + ih * W + iw]!;
            if (Number.isNaN(best)) continue;
            if (arg < 0 || v > best || Number.isNaN(v)) {
              best = v;
              arg = ih * W + iw;
            }
          }
        values[k] = best;
        indices[k] = arg;
      }
  return { values: { shape: [N, C, OH, OW], data: values }, indices };
}

/** Average pooling with zero padding counted in the divisor `kh·kw`. */
export function refAvgPool2d(x: Dense, pc: PoolCase): Dense {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const { kernel, stride, padding } = pc;
  const OH = outSize(H, kernel[0], stride[0], padding[0], padding[0], 1, pc.ceilMode);
  const OW = outSize(W, kernel[1], stride[1], padding[1], padding[1], 1, pc.ceilMode);
  const includePad = pc.countIncludePad ?? true;
  const out = new Float64Array(N * C * OH * OW);
  let k = 0;
  for (let nc = 0; nc < N * C; nc++)
    for (let p = 0; p < OH; p++)
      for (let q = 0; q < OW; q++, k++) {
        let s = 0;
        let count = 0;
        for (let i = 0; i < kernel[0]; i++)
          for (let j = 0; j < kernel[1]; j++) {
            const ih = p * stride[0] + i - padding[0];
            const iw = q * stride[1] + j - padding[1];
            const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
            if (inside) s += x.data[nc * H * W + ih * W + iw]!;
            // The divisor counts the taps inside the padded input (or inside the input only);
            // a ceil-mode window's taps past the padding never count.
            if (includePad ? ih < H + padding[0] && iw < W + padding[1] : inside) count++;
          }
        out[k] = s / count;
      }
  return { shape: [N, C, OH, OW], data: out };
}

/** im2col (PyTorch's unfold): row (c, i, j), column p·OW + q, zeros on padding. */
export function refIm2col(x: Dense, kernel: [number, number], stride: [number, number], padding: [number, number], dilation: [number, number]): Dense {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const OH = outSize(H, kernel[0], stride[0], padding[0], padding[0], dilation[0]);
  const OW = outSize(W, kernel[1], stride[1], padding[1], padding[1], dilation[1]);
  const K = C * kernel[0] * kernel[1];
  const out = new Float64Array(N * K * OH * OW);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < kernel[0]; i++)
        for (let j = 0; j < kernel[1]; j++) {
          const row = (c * kernel[0] + i) * kernel[1] + j;
          for (let p = 0; p < OH; p++)
            for (let q = 0; q < OW; q++) {
              const ih = p * stride[0] + i * dilation[0] - padding[0];
              const iw = q * stride[1] + j * dilation[1] - padding[1];
              const v = ih >= 0 && ih < H && iw >= 0 && iw < W ? x.data[((n * C + c) * H + ih) * W + iw]! : 0;
              out[(n * K + row) * OH * OW + p * OW + q] = v;
            }
        }
  return { shape: [N, K, OH * OW], data: out };
}

/** Largest |a − b| relative to max(1, |b|) (equal infinities match; NaN counts as Infinity), shapes asserted equal by the caller. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (a[i] === b[i]) continue;
    const e = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (Number.isNaN(e)) return Infinity;
    if (e > worst) worst = e;
  }
  return worst;
}
