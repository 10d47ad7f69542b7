// The WebAssembly BatchNorm passes (assembly/batch-norm.ts) for a contiguous float32 input
// viewed as (n, c, inner). Operands are copied into the kernels' memory after the workspace:
// per-channel float64 arrays first (16-byte aligned), then the float32 blocks. Each function
// returns false when the memory cannot grow enough, and the caller runs the TypeScript kernel.
import type { WasmKernels } from "./kernel-tier.js";

/** Where the operands of one call live in the kernels' memory. */
interface Layout {
  /** Byte address of the i-th per-channel float64 array. */
  vec(i: number): number;
  /** Byte address of the i-th float32 block of n·c·inner elements. */
  block(i: number): number;
}

function layout(kernels: WasmKernels, c: number, size: number, vectors: number, blocks: number): Layout | undefined {
  const base = Math.ceil(kernels.workspaceBytes / 16) * 16;
  const vecBytes = Math.ceil((c * 8) / 16) * 16;
  const blockBytes = Math.ceil((size * 4) / 16) * 16;
  const blocksAt = base + vectors * vecBytes;
  if (!kernels.reserve(blocksAt + blocks * blockBytes)) return undefined;
  return { vec: (i) => base + i * vecBytes, block: (i) => blocksAt + i * blockBytes };
}

/**
 * Forward: fills `mean`, `variance`, `invStd` (float64, c each) and `out` (float32).
 * @internal
 */
export function wasmBatchNormForward32(
  kernels: WasmKernels,
  x: Float32Array,
  n: number,
  c: number,
  inner: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  eps: number,
  out: Float32Array,
  mean: Float64Array,
  variance: Float64Array,
  invStd: Float64Array,
): boolean {
  const size = n * c * inner;
  const at = layout(kernels, c, size, 4, 2);
  if (at === undefined) return false;
  const [meanAt, varAt, scaleAt, shiftAt] = [at.vec(0), at.vec(1), at.vec(2), at.vec(3)];
  const [xAt, yAt] = [at.block(0), at.block(1)];
  kernels.f32.set(x, xAt / 4);
  kernels.exports.bnMeanVar32(xAt, n, c, inner, meanAt, varAt);
  const f64 = kernels.f64;
  mean.set(f64.subarray(meanAt / 8, meanAt / 8 + c));
  variance.set(f64.subarray(varAt / 8, varAt / 8 + c));
  for (let ch = 0; ch < c; ch++) {
    invStd[ch] = 1 / Math.sqrt(variance[ch]! + eps);
    f64[scaleAt / 8 + ch] = invStd[ch]! * gamma[ch]!;
    f64[shiftAt / 8 + ch] = beta[ch]!;
  }
  kernels.exports.bnNormalize32(xAt, yAt, n, c, inner, meanAt, scaleAt, shiftAt);
  out.set(kernels.f32.subarray(yAt / 4, yAt / 4 + size));
  return true;
}

/**
 * Backward: fills `dx` (float32) and `sumG`, `sumGxHat` (float64, c each).
 * @internal
 */
export function wasmBatchNormBackward32(
  kernels: WasmKernels,
  x: Float32Array,
  g: Float32Array,
  n: number,
  c: number,
  inner: number,
  gamma: ArrayLike<number>,
  mean: Float64Array,
  invStd: Float64Array,
  dx: Float32Array,
  sumG: Float64Array,
  sumGxHat: Float64Array,
): boolean {
  const size = n * c * inner;
  const count = n * inner;
  const at = layout(kernels, c, size, 5, 3);
  if (at === undefined) return false;
  const [meanAt, sumGAt, sumGxAt, scaleAt, k1At] = [at.vec(0), at.vec(1), at.vec(2), at.vec(3), at.vec(4)];
  const [xAt, gAt, dxAt] = [at.block(0), at.block(1), at.block(2)];
  const f32 = kernels.f32;
  f32.set(x, xAt / 4);
  f32.set(g, gAt / 4);
  kernels.f64.set(mean, meanAt / 8);
  kernels.exports.bnGradSums32(xAt, gAt, n, c, inner, meanAt, sumGAt, sumGxAt);
  const f64 = kernels.f64;
  for (let ch = 0; ch < c; ch++) {
    const is = invStd[ch]!;
    sumG[ch] = f64[sumGAt / 8 + ch]!;
    sumGxHat[ch] = f64[sumGxAt / 8 + ch]! * is;
    f64[scaleAt / 8 + ch] = (gamma[ch]! * is) / count;
    f64[k1At / 8 + ch] = sumGxHat[ch]! * is;
  }
  kernels.exports.bnGradInput32(xAt, gAt, dxAt, n, c, inner, count, meanAt, scaleAt, sumGAt, k1At);
  dx.set(f32.subarray(dxAt / 4, dxAt / 4 + size));
  return true;
}
