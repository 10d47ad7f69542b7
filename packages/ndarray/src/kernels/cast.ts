// The dtype-conversion kernel behind NDArray.astype, JS reference tier. It returns a bare typed array
// (never an NDArray) so the class can call it without this module importing the class.
import { type DType, type TypedArray, allocate } from "../dtype.js";
import type { NDArray } from "../ndarray.js";
import { type CopyFastPaths, copyStrided } from "./copy.js";

/**
 * The elements of `t` in row-major order converted to `dtype` (float → int32 truncates
 * toward zero), in a fresh typed array. The caller checks `dtype` and wraps the result.
 * @param t - the tensor
 * @param dtype - the target dtype
 * @param fast - the fast paths to offer the strided copy to (none: the JS loop)
 * @returns a new typed array of length `t.size`
 * @internal
 */
export function castElements(t: NDArray, dtype: DType, fast?: CopyFastPaths): TypedArray {
  const src = copyStrided(t, fast);
  const out = allocate(dtype, src.length);
  if (dtype === "int32") {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]!);
  } else {
    out.set(src);
  }
  return out;
}
