import { allocate } from "../dtype.js";
import { ShapeError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { contiguous } from "../views.js";
import { activeWasmKernels } from "./wasm/kernel-tier.js";
import { wasmBatchNormBackward32, wasmBatchNormForward32 } from "./wasm/wasm-batch-norm.js";

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
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const invStd = new Float64Array(c);
  const out = allocate(x.dtype, x.size);
  const kernels = x.dtype === "float32" ? activeWasmKernels() : undefined;
  if (kernels !== undefined) {
    const xv = (src as Float32Array).subarray(off, off + x.size);
    if (wasmBatchNormForward32(kernels, xv, n, c, inner, g, b, eps, out as Float32Array, mean, variance, invStd)) {
      return { y: new Tensor(out, x.shape), saved: { mean, variance, invStd } };
    }
  }
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
    const scale = new Float64Array(c);
    for (let ch = 0; ch < c; ch++) {
      variance[ch] = variance[ch]! / count;
      invStd[ch] = 1 / Math.sqrt(variance[ch]! + eps);
      scale[ch] = invStd[ch]! * g[ch]!;
    }
    for (let i = 0, base = 0; i < n; i++, base += c) {
      for (let ch = 0; ch < c; ch++) out[base + ch] = (src[off + base + ch]! - mean[ch]!) * scale[ch]! + b[ch]!;
    }
    return { y: new Tensor(out, x.shape), saved: { mean, variance, invStd } };
  }
  // Walk memory in order (sample, channel, inner) with per-channel accumulators, so
  // every pass reads the input once, front to back.
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const base = off + (i * c + ch) * inner;
      let s = 0;
      for (let k = 0; k < inner; k++) s += src[base + k]!;
      mean[ch]! += s;
    }
  }
  for (let ch = 0; ch < c; ch++) mean[ch] = mean[ch]! / count;
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
  for (let ch = 0; ch < c; ch++) {
    variance[ch] = variance[ch]! / count;
    invStd[ch] = 1 / Math.sqrt(variance[ch]! + eps);
  }
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
  const mean = saved.mean;
  const invStd = saved.invStd;
  const kernels = x.dtype === "float32" && gradOutput.dtype === "float32" ? activeWasmKernels() : undefined;
  const done =
    kernels !== undefined &&
    wasmBatchNormBackward32(
      kernels,
      (src as Float32Array).subarray(xo, xo + x.size),
      (gd as Float32Array).subarray(go, go + x.size),
      n,
      c,
      inner,
      gm,
      mean,
      invStd,
      dx as Float32Array,
      sumG,
      sumGxHat,
    );
  if (!done) {
    // Σg and Σg·(x − μ) per channel, walking memory in order; 1/σ applied once per channel.
    if (inner === 1) {
      for (let i = 0, xb = xo, gb = go; i < n; i++, xb += c, gb += c) {
        for (let ch = 0; ch < c; ch++) {
          const gv = gd[gb + ch]!;
          sumG[ch] = sumG[ch]! + gv;
          sumGxHat[ch] = sumGxHat[ch]! + gv * (src[xb + ch]! - mean[ch]!);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        for (let ch = 0; ch < c; ch++) {
          const m = mean[ch]!;
          const base = (i * c + ch) * inner;
          let a = 0;
          let b = 0;
          for (let k = 0; k < inner; k++) {
            const gv = gd[go + base + k]!;
            a += gv;
            b += gv * (src[xo + base + k]! - m);
          }
          sumG[ch] = sumG[ch]! + a;
          sumGxHat[ch] = sumGxHat[ch]! + b;
        }
      }
    }
    const scale = new Float64Array(c);
    const k1 = new Float64Array(c);
    for (let ch = 0; ch < c; ch++) {
      sumGxHat[ch] = sumGxHat[ch]! * invStd[ch]!;
      scale[ch] = (gm[ch]! * invStd[ch]!) / count;
      k1[ch] = sumGxHat[ch]! * invStd[ch]!;
    }
    // dx = γ/(N·σ) · (N·g − Σg − (x − μ)·Σg·x̂/σ)
    if (inner === 1) {
      for (let i = 0, xb = xo, gb = go, ob = 0; i < n; i++, xb += c, gb += c, ob += c) {
        for (let ch = 0; ch < c; ch++) {
          dx[ob + ch] = scale[ch]! * (count * gd[gb + ch]! - sumG[ch]! - (src[xb + ch]! - mean[ch]!) * k1[ch]!);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        for (let ch = 0; ch < c; ch++) {
          const m = mean[ch]!;
          const s = scale[ch]!;
          const sg = sumG[ch]!;
          const kk = k1[ch]!;
          const base = (i * c + ch) * inner;
          for (let k = 0; k < inner; k++) dx[base + k] = s * (count * gd[go + base + k]! - sg - (src[xo + base + k]! - m) * kk);
        }
      }
    }
  }
  dgamma.set(sumGxHat);
  dbeta.set(sumG);
  return { dx: new Tensor(dx, x.shape), dgamma: new Tensor(dgamma, gamma.shape), dbeta: new Tensor(dbeta, gamma.shape) };
}
