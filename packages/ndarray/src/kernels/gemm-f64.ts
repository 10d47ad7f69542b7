// The blocked float64 matrix product (JS reference tier); apart from matmul.ts, which handles
// batching and broadcasting and picks the kernel.
/**
 * `C += A·B` on float64 row-major blocks with leading dimensions, register-blocked 4×4.
 *
 * Why a float64-only twin of `gemm` (kernels/matmul.ts): a kernel that sees both
 * Float32Array and Float64Array is polymorphic and V8 compiles its loads generically;
 * on conv shapes (64×288 @ 288×196) the generic i-k-j loop ran at 0.5 GFLOP/s and this
 * one at 2–3 GFLOP/s. Callers convert float32 operands while they copy them anyway
 * (im2col, transposes), so every call here is monomorphic, and sums are accumulated
 * in float64.
 * @internal
 */

/** Depth of a panel (elements of k): a 4-row strip of A stays in L1 across a row of blocks. */
const KB = 256;
/** Width of a panel (elements of n): a KB×NB panel of B (128 KiB) stays in L2 across all rows. */
const NB = 64;

/**
 * The arguments of every float64 gemm (this JS kernel, its WebAssembly twin, the tier switch's
 * entry): `C[m×n] += A[m×k] · B[k×n]`, all row-major float64, A at `ao` with row stride `lda`,
 * B at `bo` with row stride `ldb`, C at `co` with row stride `ldc`.
 * @internal
 */
export type GemmF64Args = [
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ao: number,
  lda: number,
  b: Float64Array,
  bo: number,
  ldb: number,
  c: Float64Array,
  co: number,
  ldc: number,
];

/**
 * A float64 gemm taking {@link GemmF64Args}: `void` for the JS kernel, `boolean` (whether it ran)
 * for a faster tier's.
 * @internal
 */
export type GemmF64<R> = (...args: GemmF64Args) => R;

/**
 * `C[m×n] += A[m×k] · B[k×n]` as {@link GemmF64Args} describes, in panels of A's rows by blocks of 4×4.
 * @internal
 */
export const gemmF64: GemmF64<void> = (m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc) => {
  for (let p0 = 0; p0 < k; p0 += KB) {
    const kb = Math.min(KB, k - p0);
    for (let j0 = 0; j0 < n; j0 += NB) {
      const j1 = Math.min(n, j0 + NB);
      const j4 = j0 + ((j1 - j0) & ~3);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const ar = ao + i * lda + p0;
        for (let j = j0; j < j4; j += 4) block4x4(kb, a, ar, lda, b, bo + p0 * ldb + j, ldb, c, co + i * ldc + j, ldc);
        for (let j = j4; j < j1; j++) block4x1(kb, a, ar, lda, b, bo + p0 * ldb + j, ldb, c, co + i * ldc + j, ldc);
      }
      for (; i < m; i++) {
        const ar = ao + i * lda + p0;
        for (let j = j0; j < j4; j += 4) block1x4(kb, a, ar, b, bo + p0 * ldb + j, ldb, c, co + i * ldc + j);
        for (let j = j4; j < j1; j++) block1x1(kb, a, ar, b, bo + p0 * ldb + j, ldb, c, co + i * ldc + j);
      }
    }
  }
};

/**
 * A four-row register block of {@link gemmF64} (4×4 or 4×1 of C): C's block at `cr` (row stride
 * `ldc`) += A's four rows at `ar` (row stride `lda`) · B's columns at `bc` (row stride `ldb`), over `k` steps.
 */
type Block = (k: number, a: Float64Array, ar: number, lda: number, b: Float64Array, bc: number, ldb: number, c: Float64Array, cr: number, ldc: number) => void;

const block4x4: Block = (k, a, ar, lda, b, bc, ldb, c, cr, ldc) => {
  const a0 = ar;
  const a1 = a0 + lda;
  const a2 = a1 + lda;
  const a3 = a2 + lda;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let bp = bc;
  for (let p = 0; p < k; p++, bp += ldb) {
    const b0 = b[bp]!, b1 = b[bp + 1]!, b2 = b[bp + 2]!, b3 = b[bp + 3]!;
    const x0 = a[a0 + p]!, x1 = a[a1 + p]!, x2 = a[a2 + p]!, x3 = a[a3 + p]!;
    c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
    c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
    c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
    c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
  }
  let r = cr;
  c[r] = c[r]! + c00; c[r + 1] = c[r + 1]! + c01; c[r + 2] = c[r + 2]! + c02; c[r + 3] = c[r + 3]! + c03;
  r += ldc;
  c[r] = c[r]! + c10; c[r + 1] = c[r + 1]! + c11; c[r + 2] = c[r + 2]! + c12; c[r + 3] = c[r + 3]! + c13;
  r += ldc;
  c[r] = c[r]! + c20; c[r + 1] = c[r + 1]! + c21; c[r + 2] = c[r + 2]! + c22; c[r + 3] = c[r + 3]! + c23;
  r += ldc;
  c[r] = c[r]! + c30; c[r + 1] = c[r + 1]! + c31; c[r + 2] = c[r + 2]! + c32; c[r + 3] = c[r + 3]! + c33;
};

const block4x1: Block = (k, a, ar, lda, b, bc, ldb, c, cr, ldc) => {
  const a1 = ar + lda;
  const a2 = a1 + lda;
  const a3 = a2 + lda;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let bp = bc;
  for (let p = 0; p < k; p++, bp += ldb) {
    const bv = b[bp]!;
    s0 += a[ar + p]! * bv;
    s1 += a[a1 + p]! * bv;
    s2 += a[a2 + p]! * bv;
    s3 += a[a3 + p]! * bv;
  }
  c[cr] = c[cr]! + s0;
  c[cr + ldc] = c[cr + ldc]! + s1;
  c[cr + 2 * ldc] = c[cr + 2 * ldc]! + s2;
  c[cr + 3 * ldc] = c[cr + 3 * ldc]! + s3;
};

function block1x4(k: number, a: Float64Array, ar: number, b: Float64Array, bc: number, ldb: number, c: Float64Array, cr: number): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let bp = bc;
  for (let p = 0; p < k; p++, bp += ldb) {
    const x = a[ar + p]!;
    s0 += x * b[bp]!;
    s1 += x * b[bp + 1]!;
    s2 += x * b[bp + 2]!;
    s3 += x * b[bp + 3]!;
  }
  c[cr] = c[cr]! + s0;
  c[cr + 1] = c[cr + 1]! + s1;
  c[cr + 2] = c[cr + 2]! + s2;
  c[cr + 3] = c[cr + 3]! + s3;
}

function block1x1(k: number, a: Float64Array, ar: number, b: Float64Array, bc: number, ldb: number, c: Float64Array, cr: number): void {
  let s = 0;
  let bp = bc;
  for (let p = 0; p < k; p++, bp += ldb) s += a[ar + p]! * b[bp]!;
  c[cr] = c[cr]! + s;
}
