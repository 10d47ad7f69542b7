// The batched matmul on the WebAssembly tier: operands staged from their views (strides kept,
// any dtype converted while copied) and one sgemm/dgemm call per product; ../dispatch.ts decides when.
import { type TypedArray, allocate } from "../../dtype.js";
import type { NDArray } from "../../ndarray.js";
import { coalesce, forEachRow } from "../iter.js";
import type { WasmKernels } from "./wasm-kernels.js";

/** How an operand gets into the kernels' memory. */
interface StagePlan {
  /** `span`: copy storage[lo, lo+length) as is (one memcpy, strides kept); `gather`: strided copy into a dense block. */
  kind: "span" | "gather";
  /** First storage index copied (span only). */
  lo: number;
  /** Elements written into memory. */
  length: number;
}

/**
 * A raw copy of the storage range a view spans is one typed-array `set` (a memcpy, with
 * the dtype conversion for free) and keeps the view's strides, so transposed and
 * broadcast operands need no contiguous copy first. Past this much slack (span over
 * distinct elements) a strided gather into a dense block copies less.
 */
const SPAN_SLACK = 2;

function planStage(t: NDArray): StagePlan {
  let lo = t.offset;
  let hi = t.offset;
  let distinct = 1;
  for (let i = 0; i < t.ndim; i++) {
    const d = t.shape[i]!;
    const s = t.strides[i]!;
    if (s === 0) continue;
    distinct *= d;
    if (s > 0) hi += s * (d - 1);
    else lo += s * (d - 1);
  }
  const span = hi - lo + 1;
  if (span <= SPAN_SLACK * distinct + 64) return { kind: "span", lo, length: span };
  return { kind: "gather", lo, length: distinct };
}

/**
 * Copies `t` into `mem` at element `at` as planned and returns the element index of
 * t's element (0, …, 0) there and the strides to address it.
 */
function stage(t: NDArray, plan: StagePlan, mem: Float32Array | Float64Array, at: number): { base: number; strides: number[] } {
  if (plan.kind === "span") {
    mem.set(t.storage.subarray(plan.lo, plan.lo + plan.length), at);
    return { base: at + t.offset - plan.lo, strides: t.strides.slice() };
  }
  // Dense over the non-broadcast axes; broadcast axes keep stride 0 and are stored once.
  const strides = new Array<number>(t.ndim).fill(0);
  const shape = t.shape.map((d, i) => (t.strides[i] === 0 ? 1 : d));
  let step = 1;
  for (let i = t.ndim - 1; i >= 0; i--) {
    if (t.strides[i] === 0) continue;
    strides[i] = step;
    step *= t.shape[i]!;
  }
  const src = t.storage;
  forEachRow(coalesce(shape, [t.strides, strides]), [t.offset, at], (len, i, s, o, d) => {
    for (let j = 0; j < len; j++, i += s, o += d) mem[o] = src[i]!;
  });
  return { base: at, strides };
}

/** Rounds an element index up to a 16-byte boundary. */
function align(elements: number, bytesPerElement: number): number {
  const q = 16 / bytesPerElement;
  return Math.ceil(elements / q) * q;
}

/**
 * The batched product `a @ b` on the WebAssembly tier: `a` is `(…batch, m, k)` and `b`
 * `(…batch, k, n)`, both already broadcast to the same batch shape, in any dtype
 * (converted while staged). Returns the `(…batch, m, n)` elements in a fresh array
 * of `dtype`, or `undefined` when the memory cannot grow enough (the caller runs JS).
 * @internal
 */
export function wasmMatmul(
  kernels: WasmKernels,
  a: NDArray,
  b: NDArray,
  batch: readonly number[],
  m: number,
  k: number,
  n: number,
  dtype: "float32" | "float64",
): TypedArray | undefined {
  const es = dtype === "float32" ? 4 : 8;
  const planA = planStage(a);
  const planB = planStage(b);
  let batches = 1;
  for (const d of batch) batches *= d;
  const aAt = align(kernels.workspaceBytes / es, es);
  const bAt = align(aAt + planA.length, es);
  const cAt = align(bAt + planB.length, es);
  const total = batches * m * n;
  if (!kernels.reserve((cAt + total) * es)) return undefined;
  const mem = dtype === "float32" ? kernels.f32 : kernels.f64;
  const sa = stage(a, planA, mem, aAt);
  const sb = stage(b, planB, mem, bAt);
  const gemm = dtype === "float32" ? kernels.exports.sgemm : kernels.exports.dgemm;
  const r = batch.length;
  const ars = sa.strides[r]!;
  const acs = sa.strides[r + 1]!;
  const brs = sb.strides[r]!;
  const bcs = sb.strides[r + 1]!;
  const work = 0;
  if (r === 0) {
    gemm(m, n, k, sa.base * es, ars, acs, sb.base * es, brs, bcs, cAt * es, n, 0, work);
  } else {
    const cStrides = new Array<number>(r);
    let step = m * n;
    for (let i = r - 1; i >= 0; i--) {
      cStrides[i] = step;
      step *= batch[i]!;
    }
    const plan = coalesce(batch, [sa.strides.slice(0, r), sb.strides.slice(0, r), cStrides]);
    forEachRow(plan, [sa.base, sb.base, cAt], (len, ao, da, bo, db, co, dc) => {
      for (let t = 0; t < len; t++, ao += da, bo += db, co += dc) gemm(m, n, k, ao * es, ars, acs, bo * es, brs, bcs, co * es, n, 0, work);
    });
  }
  const out = allocate(dtype, total);
  out.set(mem.subarray(cAt, cAt + total));
  return out;
}
