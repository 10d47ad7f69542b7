// The strided-to-contiguous copy kernel. It returns a bare typed array (never an NDArray)
// so the NDArray class can call it without this module importing the class.
import { type TypedArray, allocate } from "../dtype.js";
import { contiguousStrides } from "../shape.js";
import type { NDArray } from "../ndarray.js";
import { coalesce, forEachRow } from "./iter.js";
import { activeWasmKernels, wasmForced } from "./wasm/kernel-tier.js";
import { WASM_MIN_ELEMENTS, wasmUnary32 } from "./wasm/wasm-elementwise.js";

/**
 * The elements of any tensor in row-major order, copied into a fresh typed array of its dtype.
 * @param t - the tensor (any strides and offset)
 * @returns a new typed array of length `t.size`
 * @internal
 */
export function copyStrided(t: NDArray): TypedArray {
  const n = t.size;
  const out = allocate(t.dtype, n);
  const src = t.storage;
  if (t.isContiguous) {
    out.set(src.subarray(t.offset, t.offset + n));
    return out;
  }
  const plan = coalesce(t.shape, [t.strides, contiguousStrides(t.shape)]);
  if (t.dtype === "float32" && (n >= WASM_MIN_ELEMENTS || wasmForced())) {
    const kernels = activeWasmKernels();
    if (kernels !== undefined && wasmUnary32(kernels, "copy", plan, src as Float32Array, t.offset, out as Float32Array)) return out;
  }
  forEachRow(plan, [t.offset, 0], (offs, len, inner) => {
    const s = inner[0]!;
    let i = offs[0]!;
    let o = offs[1]!;
    for (let j = 0; j < len; j++, i += s) out[o++] = src[i]!;
  });
  return out;
}
