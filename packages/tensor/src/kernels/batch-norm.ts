import { allocate } from "../dtype.js";
import { ShapeError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { contiguous } from "../views.js";

/**
 * BatchNorm kernels for the layout every framework uses: channel axis 1, statistics
 * over every other axis — `(N, C)`, `(N, C, L)`, NCHW. A contiguous input is viewed as
 * `(N, C, inner)`; each channel's elements are `inner`-long runs, one per sample.
 * Statistics are accumulated in float64 whatever the dtype (two passes), and the
 * backward recomputes x̂ from the saved mean and 1/σ instead of keeping a copy.
 * @internal
 */
function layout(op: string, x: Tensor, c: number): { n: number; inner: number } {
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
 * import { type BatchNormSaved, batchNormForward, tensor } from "@tsgrad/tensor";
 * const { saved }: { saved: BatchNormSaved } = batchNormForward(tensor([[1, 10], [3, 30]]), tensor([1, 1]), tensor([0, 0]), 0);
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

/**
 * `y = γ·(x − μ)/sqrt(σ² + eps) + β` per channel in three passes (mean, variance, output).
 * @internal
 */
export function batchNormForwardKernel(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): { y: Tensor; saved: BatchNormSaved } {
  const c = gamma.size;
  const { n, inner } = layout("fusedBatchNorm", x, c);
  const xs = contiguous(x);
  const src = xs.storage;
  const off = xs.offset;
  const g = contiguous(gamma).storage;
  const b = contiguous(beta).storage;
  const count = n * inner;
  // Walk memory in order (sample, channel, inner) with per-channel accumulators, so a
  // (N, C) input is read row by row rather than with a stride of C.
  const mean = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const base = off + (i * c + ch) * inner;
      let s = 0;
      for (let k = 0; k < inner; k++) s += src[base + k]!;
      mean[ch]! += s;
    }
  }
  for (let ch = 0; ch < c; ch++) mean[ch] = mean[ch]! / count;
  const variance = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const base = off + (i * c + ch) * inner;
      const m = mean[ch]!;
      let ss = 0;
      for (let k = 0; k < inner; k++) {
        const d = src[base + k]! - m;
        ss += d * d;
      }
      variance[ch]! += ss;
    }
  }
  const invStd = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    variance[ch] = variance[ch]! / count;
    invStd[ch] = 1 / Math.sqrt(variance[ch]! + eps);
  }
  const out = allocate(x.dtype, x.size);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const m = mean[ch]!;
      const scale = invStd[ch]! * g[ch]!;
      const shift = b[ch]!;
      const base = (i * c + ch) * inner;
      for (let k = 0; k < inner; k++) out[base + k] = (src[off + base + k]! - m) * scale + shift;
    }
  }
  return { y: new Tensor(out, x.shape), saved: { mean, variance, invStd } };
}

/**
 * The closed-form BatchNorm backward in two passes: per channel Σg and Σg·x̂, then
 * `dx = γ/(N·σ) · (N·g − Σg − x̂·Σg·x̂)`; also `dγ = Σg·x̂` and `dβ = Σg`.
 * @internal
 */
export function batchNormBackwardKernel(
  x: Tensor,
  gradOutput: Tensor,
  gamma: Tensor,
  saved: BatchNormSaved,
): { dx: Tensor; dgamma: Tensor; dbeta: Tensor } {
  const c = gamma.size;
  const { n, inner } = layout("fusedBatchNorm", x, c);
  const xs = contiguous(x);
  const gs = contiguous(gradOutput);
  const src = xs.storage;
  const xo = xs.offset;
  const gd = gs.storage;
  const go = gs.offset;
  const gm = contiguous(gamma).storage;
  const count = n * inner;
  const dgamma = allocate(gamma.dtype, c);
  const dbeta = allocate(gamma.dtype, c);
  const dx = allocate(x.dtype, x.size);
  const sumG = new Float64Array(c);
  const sumGxHat = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const m = saved.mean[ch]!;
      const is = saved.invStd[ch]!;
      const base = (i * c + ch) * inner;
      let a = 0;
      let b = 0;
      for (let k = 0; k < inner; k++) {
        const gv = gd[go + base + k]!;
        a += gv;
        b += gv * (src[xo + base + k]! - m) * is;
      }
      sumG[ch]! += a;
      sumGxHat[ch]! += b;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const m = saved.mean[ch]!;
      const is = saved.invStd[ch]!;
      const scale = (gm[ch]! * is) / count;
      const sg = sumG[ch]!;
      const sgx = sumGxHat[ch]!;
      const base = (i * c + ch) * inner;
      for (let k = 0; k < inner; k++) {
        const xHat = (src[xo + base + k]! - m) * is;
        dx[base + k] = scale * (count * gd[go + base + k]! - sg - xHat * sgx);
      }
    }
  }
  dgamma.set(sumGxHat);
  dbeta.set(sumG);
  return { dx: new Tensor(dx, x.shape), dgamma: new Tensor(dgamma, gamma.shape), dbeta: new Tensor(dbeta, gamma.shape) };
}
