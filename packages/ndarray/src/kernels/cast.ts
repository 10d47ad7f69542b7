import { type DType, allocate, checkDType } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { copyStrided } from "./copy.js";

/**
 * The elements of `t` converted to `dtype` (float → int32 truncates toward zero);
 * returns `t` itself when the dtype already matches.
 * @internal
 */
export function cast(t: NDArray, dtype: DType): NDArray {
  checkDType("astype", dtype);
  if (t.dtype === dtype) return t;
  const src = copyStrided(t).storage;
  const out = allocate(dtype, src.length);
  if (dtype === "int32") {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]!);
  } else {
    out.set(src);
  }
  return new NDArray(out, t.shape);
}
