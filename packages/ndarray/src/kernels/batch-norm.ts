// The fused BatchNorm forward and backward kernels (channel axis 1), JS reference tier; a faster tier
// may run their passes over a float32 input (BatchNormFastPaths).
import { allocate } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { NDArray } from "../ndarray.js";
import { contiguous } from "../views.js";
import { fmtShape } from "../internal.js";

/**
 * BatchNorm kernels for the layout every framework uses: channel axis 1, statistics
 * over every other axis — `(N, C)`, `(N, C, L)`, NCHW. A contiguous input is viewed as
 * `(N, C, inner)`; each channel's elements are `inner`-long runs, one per sample, and the
 * passes walk the runs in memory order (`base` steps by `inner` while `ch` cycles through the channels).
 * Statistics are accumulated in float64 whatever the dtype (two passes), and the
 * backward recomputes x̂ from the saved mean and 1/σ instead of keeping a copy. The
 * per-element outputs (y, dx) are computed in the input's precision, as PyTorch does:
 * float32 arithmetic for float32 (each step rounded with Math.fround, so a faster tier's
 * passes, which do the same operations, agree to the bit), with the float64
 * mean split into two float32 so that x − μ stays accurate far from zero.
 * @internal
 */
function layout(op: string, x: NDArray, c: number): { n: number; inner: number } {
  if (x.ndim < 2 || x.shape[1] !== c) {
    throw new ShapeError(op, `expected an input of shape (N, ${c}, …), got ${fmtShape(x.shape)}`, { shape: x.shape });
  }
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  return { n: x.shape[0]!, inner };
}

/**
 * What {@link batchNormForward} keeps for {@link batchNormBackward}: per-channel float64 statistics.
 * @example
 * ```ts
 * import { type BatchNormSaved, batchNormForward, ndarray } from "@tsgrad/ndarray";
 * const { saved }: { saved: BatchNormSaved } = batchNormForward(ndarray([[1, 10], [3, 30]]), ndarray([1, 1]), ndarray([0, 0]), 0);
 * [Array.from(saved.mean), Array.from(saved.variance), Array.from(saved.invStd)]; // [[2, 20], [1, 100], [1, 0.1]]
 * ```
 * @category Normalization
 */
export interface BatchNormSaved {
  /** Per-channel batch mean (float64). */
  mean: Float64Array;
  /** Per-channel biased batch variance (float64). */
  variance: Float64Array;
  /** Per-channel 1/sqrt(variance + eps) (float64). */
  invStd: Float64Array;
}

type F = Float32Array | Float64Array;

/**
 * The passes of one BatchNorm forward or backward over a float32 input staged by a faster
 * tier, which do the same float32 operations as the JS passes here, so the results agree to
 * the bit. Per-channel arrays in and out are plain typed arrays.
 * @internal
 */
export interface BatchNormStage {
  /** Per-channel mean and biased variance (float64, two passes). */
  stats(mean: Float64Array, variance: Float64Array): void;
  /** `out = ((x − hi) − lo)·scale + shift` in float32. */
  normalize(hi: Float32Array, lo: Float32Array, scale: Float32Array, shift: Float32Array, out: Float32Array): void;
  /** Per-channel Σg and Σg·(x − mean) (float64) of the upstream gradient `g` from `offset`. */
  gradSums(g: Float32Array, offset: number, mean: Float64Array, sumG: Float64Array, sumGxc: Float64Array): void;
  /** `dx = scale·((count·g − sumG) − ((x − hi) − lo)·k1)` in float32, with the `g` staged by gradSums. */
  gradInput(count: number, hi: Float32Array, lo: Float32Array, scale: Float32Array, sumG: Float32Array, k1: Float32Array, dx: Float32Array): void;
}

/**
 * The passes a faster kernel tier may run instead of the JS ones; kernels/dispatch.ts decides per call.
 * @internal
 */
export interface BatchNormFastPaths {
  /**
   * Stages a float32 input (exactly its `n·c·inner` elements, viewed as `(n, c, inner)`) for
   * a faster tier's passes.
   * @returns the stage, or undefined to leave every pass to JS
   */
  batchNormStage(x: Float32Array, n: number, c: number, inner: number): BatchNormStage | undefined;
}

/** Σx and then Σ(x − μ)² per channel into `mean` (divided) and `variance` (divided), in float64. */
function statsJs(src: F, off: number, n: number, c: number, inner: number, mean: Float64Array, variance: Float64Array): void {
  const count = n * inner;
  const size = count * c;
  if (inner === 1) {
    // (N, C): walk each row with per-channel accumulators (a channel is a column).
    for (let i = 0, base = off; i < n; i++, base += c) {
      for (let ch = 0; ch < c; ch++) mean[ch] = mean[ch]! + src[base + ch]!;
    }
    for (let ch = 0; ch < c; ch++) mean[ch] = mean[ch]! / count;
    for (let i = 0, base = off; i < n; i++, base += c) {
      for (let ch = 0; ch < c; ch++) {
        const d = src[base + ch]! - mean[ch]!;
        variance[ch] = variance[ch]! + d * d;
      }
    }
  } else {
    // Walk memory in order (sample, channel, inner) with per-channel accumulators.
    for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
      let s = 0;
      for (let k = off + base, end = k + inner; k < end; k++) s += src[k]!;
      mean[ch] = mean[ch]! + s;
    }
    for (let ch = 0; ch < c; ch++) mean[ch] = mean[ch]! / count;
    for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
      const m = mean[ch]!;
      let ss = 0;
      for (let k = off + base, end = k + inner; k < end; k++) {
        const d = src[k]! - m;
        ss += d * d;
      }
      variance[ch] = variance[ch]! + ss;
    }
  }
  for (let ch = 0; ch < c; ch++) variance[ch] = variance[ch]! / count;
}

/** Σg and Σg·(x − μ) per channel into `sumG` and `sumGxc`, in float64. */
function gradSumsJs(src: F, xo: number, gd: F, go: number, n: number, c: number, inner: number, mean: Float64Array, sumG: Float64Array, sumGxc: Float64Array): void {
  const size = n * c * inner;
  if (inner === 1) {
    for (let i = 0, xb = xo, gb = go; i < n; i++, xb += c, gb += c) {
      for (let ch = 0; ch < c; ch++) {
        const gv = gd[gb + ch]!;
        sumG[ch] = sumG[ch]! + gv;
        sumGxc[ch] = sumGxc[ch]! + gv * (src[xb + ch]! - mean[ch]!);
      }
    }
    return;
  }
  for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
    const m = mean[ch]!;
    let a = 0;
    let b = 0;
    for (let k = base, end = base + inner; k < end; k++) {
      const gv = gd[go + k]!;
      a += gv;
      b += gv * (src[xo + k]! - m);
    }
    sumG[ch] = sumG[ch]! + a;
    sumGxc[ch] = sumGxc[ch]! + b;
  }
}

/** The float64 mean split into float32 `hi + lo` (x − hi − lo in float32 keeps x − μ accurate). */
function splitMean(mean: Float64Array): { hi: Float32Array; lo: Float32Array } {
  const hi = Float32Array.from(mean);
  const lo = allocate("float32", mean.length, "batchNorm");
  for (let ch = 0; ch < mean.length; ch++) lo[ch] = mean[ch]! - hi[ch]!;
  return { hi, lo };
}

/**
 * `y = γ·(x − μ)/sqrt(σ² + eps) + β` per channel in three passes (mean, variance, output).
 * @param fast - the fast paths to offer a float32 input's passes to (none: the JS passes)
 * @internal
 */
export function batchNormForwardKernel(
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  eps: number,
  fast?: BatchNormFastPaths,
): { y: NDArray; saved: BatchNormSaved } {
  const c = gamma.size;
  const { n, inner } = layout("fusedBatchNorm", x, c);
  const size = x.size;
  const xs = contiguous(x);
  const src = xs.storage as F;
  const off = xs.offset;
  const g = contiguous(gamma).storage;
  const b = contiguous(beta).storage;
  const mean = allocate("float64", c, "batchNorm");
  const variance = allocate("float64", c, "batchNorm");
  const invStd = allocate("float64", c, "batchNorm");
  const out = allocate(x.dtype, x.size) as F;
  const result = { y: new NDArray(out, x.shape), saved: { mean, variance, invStd } };
  const stage = x.dtype === "float32" ? fast?.batchNormStage((src as Float32Array).subarray(off, off + x.size), n, c, inner) : undefined;
  if (stage) stage.stats(mean, variance);
  else statsJs(src, off, n, c, inner, mean, variance);
  for (let ch = 0; ch < c; ch++) invStd[ch] = 1 / Math.sqrt(variance[ch]! + eps);
  if (x.dtype !== "float32") {
    for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
      const m = mean[ch]!, scale = invStd[ch]! * g[ch]!, shift = b[ch]!;
      for (let k = base, end = base + inner; k < end; k++) out[k] = (src[off + k]! - m) * scale + shift;
    }
    return result;
  }
  const { hi, lo } = splitMean(mean);
  const scale = allocate("float32", c, "batchNorm");
  const shift = Float32Array.from(b);
  for (let ch = 0; ch < c; ch++) scale[ch] = invStd[ch]! * g[ch]!;
  if (stage) {
    stage.normalize(hi, lo, scale, shift, out as Float32Array);
    return result;
  }
  const f = Math.fround;
  for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
    const mh = hi[ch]!, ml = lo[ch]!, s = scale[ch]!, t = shift[ch]!;
    for (let k = base, end = base + inner; k < end; k++) out[k] = f(f(f(f(src[off + k]! - mh) - ml) * s) + t);
  }
  return result;
}

/**
 * The closed-form BatchNorm backward in two passes: per channel Σg and Σg·x̂, then
 * `dx = γ/(N·σ) · (N·g − Σg − x̂·Σg·x̂)`; also `dγ = Σg·x̂` and `dβ = Σg`.
 * @param fast - the fast paths to offer a float32 input's passes to (none: the JS passes)
 * @internal
 */
export function batchNormBackwardKernel(
  x: NDArray,
  gradOutput: NDArray,
  gamma: NDArray,
  saved: BatchNormSaved,
  fast?: BatchNormFastPaths,
): { dx: NDArray; dgamma: NDArray; dbeta: NDArray } {
  const c = gamma.size;
  const { n, inner } = layout("fusedBatchNorm", x, c);
  const size = x.size;
  const xs = contiguous(x);
  const gs = contiguous(gradOutput);
  const src = xs.storage as F;
  const xo = xs.offset;
  const gd = gs.storage as F;
  const go = gs.offset;
  const gm = contiguous(gamma).storage;
  const count = n * inner;
  const dgamma = allocate(gamma.dtype, c);
  const dbeta = allocate(gamma.dtype, c);
  const dx = allocate(x.dtype, x.size) as F;
  const sumG = allocate("float64", c, "batchNormBackward");
  const sumGxHat = allocate("float64", c, "batchNormBackward");
  const { mean, invStd } = saved;
  const f32 = x.dtype === "float32" && gradOutput.dtype === "float32";
  const stage = f32 ? fast?.batchNormStage((src as Float32Array).subarray(xo, xo + x.size), n, c, inner) : undefined;
  if (stage) stage.gradSums(gd as Float32Array, go, mean, sumG, sumGxHat);
  else gradSumsJs(src, xo, gd, go, n, c, inner, mean, sumG, sumGxHat);
  // dx = γ/(N·σ) · (N·g − Σg − (x − μ)·Σg·x̂/σ), with Σg·x̂ = Σg·(x − μ)/σ.
  const scale = allocate("float64", c, "batchNormBackward");
  const k1 = allocate("float64", c, "batchNormBackward");
  for (let ch = 0; ch < c; ch++) {
    sumGxHat[ch] = sumGxHat[ch]! * invStd[ch]!;
    scale[ch] = (gm[ch]! * invStd[ch]!) / count;
    k1[ch] = sumGxHat[ch]! * invStd[ch]!;
  }
  dgamma.set(sumGxHat);
  dbeta.set(sumG);
  const result = { dx: new NDArray(dx, x.shape), dgamma: new NDArray(dgamma, gamma.shape), dbeta: new NDArray(dbeta, gamma.shape) };
  if (!f32) {
    for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
      const m = mean[ch]!, s = scale[ch]!, sg = sumG[ch]!, kk = k1[ch]!;
      for (let k = base, end = base + inner; k < end; k++) dx[k] = s * (count * gd[go + k]! - sg - (src[xo + k]! - m) * kk);
    }
    return result;
  }
  const { hi, lo } = splitMean(mean);
  const s32 = Float32Array.from(scale);
  const sg32 = Float32Array.from(sumG);
  const k32 = Float32Array.from(k1);
  const n32 = Math.fround(count);
  if (stage) {
    stage.gradInput(n32, hi, lo, s32, sg32, k32, dx as Float32Array);
    return result;
  }
  const f = Math.fround;
  for (let base = 0, ch = 0; base < size; base += inner, ch = ch === c - 1 ? 0 : ch + 1) {
    const mh = hi[ch]!, ml = lo[ch]!, s = s32[ch]!, sg = sg32[ch]!, kk = k32[ch]!;
    for (let k = base, end = base + inner; k < end; k++) {
      const bb = f(f(n32 * gd[go + k]!) - sg);
      const d = f(f(src[xo + k]! - mh) - ml);
      dx[k] = f(s * f(bb - f(d * kk)));
    }
  }
  return result;
}
