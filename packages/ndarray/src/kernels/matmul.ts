// The matmul kernel, JS reference tier: cache-blocked gemm and batch broadcasting. The public matmul
// (ops/linalg.ts) only checks its arguments; a faster tier may take the whole product (MatmulFastPaths).
import { type DType, type TypedArray, allocate, promoteTypes } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import { NDArray } from "../ndarray.js";
import { broadcastTo, contiguous, reshape } from "../views.js";
import { coalesce, forEachRow } from "./iter.js";
import { fmtShape } from "../internal.js";

/**
 * The product a faster kernel tier may compute instead of the JS gemm; kernels/dispatch.ts
 * decides per call.
 * @internal
 */
export interface MatmulFastPaths {
  /**
   * The batched product of `a` `(…, m, k)` and `b` `(…, k, n)`, whose batch axes broadcast to
   * `batch`, in `dtype` (the promoted dtype of the operands, which may differ from it).
   * @returns the `(…batch, m, n)` elements in a fresh array of `dtype`, or undefined to leave
   *   the product to the JS gemm
   */
  matmul(a: NDArray, b: NDArray, batch: readonly number[], m: number, k: number, n: number, dtype: DType): TypedArray | undefined;
}

/** Block sizes of the cache-blocked loop (elements): a KB×NB panel of B stays in L1/L2. */
const KB = 128;
const NB = 256;

/**
 * C += A·B for row-major blocks: A (m×k) at `ao`, B (k×n) at `bo`, C (m×n) at `co`.
 * i-k-j order so the innermost loop streams a row of B and a row of C; k and j are
 * blocked so the B panel stays in cache across rows of A.
 * @internal
 */
export function gemm(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    for (let p0 = 0; p0 < k; p0 += KB) {
      const p1 = Math.min(k, p0 + KB);
      for (let i = 0; i < m; i++) {
        const crow = co + i * n;
        const arow = ao + i * k;
        let p = p0;
        // Two rows of B per pass halves the loads and stores of C.
        for (; p + 1 < p1; p += 2) {
          const a0 = a[arow + p]!;
          const a1 = a[arow + p + 1]!;
          const b0 = bo + p * n;
          const b1 = b0 + n;
          for (let j = j0; j < j1; j++) c[crow + j] = c[crow + j]! + a0 * b[b0 + j]! + a1 * b[b1 + j]!;
        }
        for (; p < p1; p++) {
          const a0 = a[arow + p]!;
          const b0 = bo + p * n;
          for (let j = j0; j < j1; j++) c[crow + j] = c[crow + j]! + a0 * b[b0 + j]!;
        }
      }
    }
  }
}

/**
 * Matrix product with NumPy semantics: 1-D operands are promoted to a row (left) or
 * a column (right) and the added axis removed; leading batch axes broadcast.
 * @param fast - the fast paths to offer the product to (none: the JS gemm)
 * @internal
 */
export function matmulKernel(a: NDArray, b: NDArray, fast?: MatmulFastPaths): NDArray {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError("matmul", `both operands need at least one axis, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`, {
      a: a.shape,
      b: b.shape,
    });
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.ndim === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const m = a2.shape[a2.ndim - 2]!;
  const k = a2.shape[a2.ndim - 1]!;
  const k2 = b2.shape[b2.ndim - 2]!;
  const n = b2.shape[b2.ndim - 1]!;
  if (k !== k2) {
    throw new ShapeError(
      "matmul",
      `inner dimensions differ: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (${k} ≠ ${k2}); expected a (…, m, k) @ (…, k, n)`,
      { a: a.shape, b: b.shape },
    );
  }
  let batch: number[];
  try {
    batch = broadcastShapes("matmul", a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  } catch (e) {
    // Name the operands' full shapes, not just their batch axes.
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError("matmul", `the batch axes of shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} do not broadcast (${e.message.replace(/^matmul: /, "")})`, {
      a: a.shape,
      b: b.shape,
    });
  }
  let batches = 1;
  for (const d of batch) batches *= d;
  const shape = [...batch, m, n];
  if (a.ndim === 1) shape.splice(shape.length - 2, 1);
  if (b.ndim === 1) shape.splice(shape.length - 1, 1);
  const fastOut = fast?.matmul(a2, b2, batch, m, k, n, dtype);
  if (fastOut !== undefined) return new NDArray(fastOut, shape);
  const ac = broadcastTo(contiguous(a2.astype(dtype)), [...batch, m, k]);
  const bc = broadcastTo(contiguous(b2.astype(dtype)), [...batch, k, n]);
  const out = allocate(dtype, batches * m * n);
  if (batch.length === 0) {
    gemm(ac.storage, ac.offset, bc.storage, bc.offset, out, 0, m, k, n);
  } else {
    const cstrides = batch.map((_, i) => batch.slice(i + 1).reduce((x, y) => x * y, 1) * m * n);
    const plan = coalesce(batch, [ac.strides.slice(0, -2), bc.strides.slice(0, -2), cstrides]);
    forEachRow(plan, [ac.offset, bc.offset, 0], (len, ao, da, bo, db, co, dc) => {
      for (let t = 0; t < len; t++, ao += da, bo += db, co += dc) gemm(ac.storage, ao, bc.storage, bo, out, co, m, k, n);
    });
  }
  return new NDArray(out, shape);
}
