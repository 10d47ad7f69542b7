import { allocate } from "../dtype.js";
import { contiguousStrides } from "../shape.js";
import { NDArray } from "../ndarray.js";
import { coalesce, forEachRow } from "./iter.js";
import { activeWasmKernels, wasmForced } from "./wasm/kernel-tier.js";
import { WASM_MIN_ELEMENTS, wasmUnary32 } from "./wasm/wasm-elementwise.js";

/** A contiguous row-major copy of any tensor, in its own dtype. @internal */
export function copyStrided(t: NDArray): NDArray {
  const n = t.size;
  const out = allocate(t.dtype, n);
  const src = t.storage;
  if (t.isContiguous) {
    out.set(src.subarray(t.offset, t.offset + n));
    return new NDArray(out, t.shape);
  }
  const plan = coalesce(t.shape, [t.strides, contiguousStrides(t.shape)]);
  if (t.dtype === "float32" && (n >= WASM_MIN_ELEMENTS || wasmForced())) {
    const kernels = activeWasmKernels();
    if (kernels !== undefined && wasmUnary32(kernels, "copy", plan, src as Float32Array, t.offset, out as Float32Array)) return new NDArray(out, t.shape);
  }
  forEachRow(plan, [t.offset, 0], (offs, len, inner) => {
    const s = inner[0]!;
    let i = offs[0]!;
    let o = offs[1]!;
    for (let j = 0; j < len; j++, i += s) out[o++] = src[i]!;
  });
  return new NDArray(out, t.shape);
}
