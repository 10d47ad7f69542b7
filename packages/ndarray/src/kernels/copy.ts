// The strided-to-contiguous copy kernel, JS reference tier. It returns a bare typed array (never an NDArray)
// so the NDArray class can call it without this module importing the class.
import { type TypedArray, allocate } from "../dtype.js";
import { contiguousStrides } from "../shape.js";
import type { NDArray } from "../ndarray.js";
import { type IterPlan, coalesce, forEachRow } from "./iter.js";

/**
 * The copy loop a faster kernel tier may run instead of the JS one; kernels/dispatch.ts
 * decides per call.
 * @internal
 */
export interface CopyFastPaths {
  /**
   * Copies `src` from `offset` over `plan` (operands src, out; out contiguous) into `out`.
   * @returns false to leave the copy to the JS loop
   */
  copy(plan: IterPlan, src: TypedArray, offset: number, out: TypedArray): boolean;
}

/**
 * The elements of any tensor in row-major order, copied into a fresh typed array of its dtype.
 * @param t - the tensor (any strides and offset)
 * @param fast - the fast paths to offer the strided copy to (none: the JS loop)
 * @returns a new typed array of length `t.size`
 * @internal
 */
export function copyStrided(t: NDArray, fast?: CopyFastPaths): TypedArray {
  const n = t.size;
  const out = allocate(t.dtype, n);
  const src = t.storage;
  if (t.isContiguous) {
    out.set(src.subarray(t.offset, t.offset + n));
    return out;
  }
  const plan = coalesce(t.shape, [t.strides, contiguousStrides(t.shape)]);
  if (fast !== undefined && fast.copy(plan, src, t.offset, out)) return out;
  forEachRow(plan, [t.offset, 0], (len, i, s, o) => {
    for (let j = 0; j < len; j++, i += s) out[o++] = src[i]!;
  });
  return out;
}
