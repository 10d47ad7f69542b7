// The WebAssembly BatchNorm passes (assembly/batch-norm.ts) for a contiguous float32 input
// viewed as (n, c, inner). A stage copies the input into the kernels' memory once; its passes
// then read it there. Memory after the workspace: eight per-channel slots of c float64
// (16-byte aligned), then three float32 blocks of the input's size (x, g, output).
import type { BatchNormStage } from "../batch-norm.js";
import type { WasmKernels } from "./wasm-kernels.js";

const SLOTS = 8;

/**
 * Stages `x` (exactly the input's elements) for the BatchNorm passes; undefined when
 * the memory cannot grow enough (the caller runs the TypeScript kernel).
 * @internal
 */
export function wasmBatchNormStage(kernels: WasmKernels, x: Float32Array, n: number, c: number, inner: number): BatchNormStage | undefined {
  const size = n * c * inner;
  const base = Math.ceil(kernels.workspaceBytes / 16) * 16;
  const slotBytes = Math.ceil((c * 8) / 16) * 16;
  const blockBytes = Math.ceil((size * 4) / 16) * 16;
  const xAt = base + SLOTS * slotBytes;
  const gAt = xAt + blockBytes;
  const outAt = gAt + blockBytes;
  if (!kernels.reserve(outAt + blockBytes)) return undefined;
  kernels.f32.set(x, xAt / 4);
  const slot = (i: number): number => base + i * slotBytes;
  // Views are taken per call: a reserve() elsewhere may have replaced the memory's buffer.
  const put = (i: number, v: Float32Array | Float64Array): void => {
    if (v instanceof Float64Array) kernels.f64.set(v, slot(i) / 8);
    else kernels.f32.set(v, slot(i) / 4);
  };
  const get = (i: number, into: Float64Array): void => {
    into.set(kernels.f64.subarray(slot(i) / 8, slot(i) / 8 + c));
  };
  const k = kernels.exports;
  return {
    stats(mean, variance) {
      k.bnMeanVar32(xAt, n, c, inner, slot(0), slot(1));
      get(0, mean);
      get(1, variance);
    },
    normalize(hi, lo, scale, shift, out) {
      [hi, lo, scale, shift].forEach((v, i) => put(i, v));
      k.bnNormalize32(xAt, outAt, n, c, inner, slot(0), slot(1), slot(2), slot(3));
      out.set(kernels.f32.subarray(outAt / 4, outAt / 4 + size));
    },
    gradSums(g, offset, mean, sumG, sumGxc) {
      kernels.f32.set(g.subarray(offset, offset + size), gAt / 4);
      put(0, mean);
      k.bnGradSums32(xAt, gAt, n, c, inner, slot(0), slot(1), slot(2));
      get(1, sumG);
      get(2, sumGxc);
    },
    gradInput(count, hi, lo, scale, sumG, k1, dx) {
      [hi, lo, scale, sumG, k1].forEach((v, i) => put(i, v));
      k.bnGradInput32(xAt, gAt, outAt, n, c, inner, count, slot(0), slot(1), slot(2), slot(3), slot(4));
      dx.set(kernels.f32.subarray(outAt / 4, outAt / 4 + size));
    },
  };
}
