// The float64 gemm on the WebAssembly tier (C += A·B on row-strided blocks), the twin of
// kernels/gemm-f64.ts that the convolution kernels use; ../dispatch.ts decides when it runs.
import type { GemmF64Args } from "../gemm-f64.js";
import type { WasmKernels } from "./wasm-kernels.js";

/** Rounds an element index up to a 16-byte boundary (float64). */
function align2(elements: number): number {
  return Math.ceil(elements / 2) * 2;
}

/**
 * `C += A·B` in the WebAssembly kernels: the three row-strided blocks are copied in as
 * the storage ranges they span, and C's rows are copied back.
 * The arguments of the JS `gemmF64` (kernels/gemm-f64.ts) after the kernels.
 * @returns false when the memory cannot grow enough (the caller runs JS)
 * @internal
 */
export function wasmGemmF64(kernels: WasmKernels, ...[m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc]: GemmF64Args): boolean {
  const aLen = (m - 1) * lda + k;
  const bLen = (k - 1) * ldb + n;
  const cLen = (m - 1) * ldc + n;
  const aAt = align2(kernels.workspaceBytes / 8);
  const bAt = align2(aAt + aLen);
  const cAt = align2(bAt + bLen);
  if (!kernels.reserve((cAt + cLen) * 8)) return false;
  const mem = kernels.f64;
  mem.set(a.subarray(ao, ao + aLen), aAt);
  mem.set(b.subarray(bo, bo + bLen), bAt);
  mem.set(c.subarray(co, co + cLen), cAt);
  kernels.exports.dgemm(m, n, k, aAt * 8, lda, 1, bAt * 8, ldb, 1, cAt * 8, ldc, 1, 0);
  if (ldc === n) {
    c.set(mem.subarray(cAt, cAt + m * n), co);
  } else {
    for (let i = 0; i < m; i++) c.set(mem.subarray(cAt + i * ldc, cAt + i * ldc + n), co + i * ldc);
  }
  return true;
}
