// The one checked allocator: every buffer whose size comes from user data (kernels, file decoders,
// data loaders, optimizers, writers) is allocated here, so a huge size is a typed error before it is tried.
import type { DType, TypedArrayFor } from "./dtype.js";
import { ValueError } from "./errors.js";

/**
 * The most elements one array (or one scratch buffer of a kernel) may hold: 2³¹ − 1, so every
 * flat index fits an int32. Larger requests are a ValueError naming the op, before any memory
 * is asked for.
 * @example
 * ```ts
 * import { MAX_ELEMENTS } from "@tsgrad/ndarray";
 * MAX_ELEMENTS; // 2147483647
 * ```
 * @category NDArray
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * Allocates a zero-filled typed array for `dtype`: the one allocator of every kernel. A length
 * that is not a non-negative integer, or above {@link MAX_ELEMENTS}, is a ValueError naming
 * `op` before anything is tried; so is the engine refusing the memory (its bare RangeError
 * would name no op and no size).
 * @internal
 */
export function allocate<D extends DType>(dtype: D, length: number, op = "allocate"): TypedArrayFor<D> {
  if (!Number.isInteger(length) || length < 0 || length > MAX_ELEMENTS) {
    throw new ValueError(op, `cannot allocate ${length} elements of ${dtype}: more than the maximum of ${MAX_ELEMENTS} elements in one array`, {
      length,
      dtype,
      max: MAX_ELEMENTS,
    });
  }
  try {
    switch (dtype) {
      case "float32":
        return new Float32Array(length) as TypedArrayFor<D>;
      case "float64":
        return new Float64Array(length) as TypedArrayFor<D>;
      default:
        return new Int32Array(length) as TypedArrayFor<D>;
    }
  } catch (e) {
    if (e instanceof RangeError) {
      throw new ValueError(op, `cannot allocate ${length} elements of ${dtype}: out of memory (${e.message})`, { length, dtype });
    }
    throw e;
  }
}

/**
 * Allocates a zero-filled byte array (file contents, serialised models): the byte form of
 * {@link allocate}. A length that is not a non-negative safe integer, or one the engine refuses,
 * is a ValueError naming `op` (never a bare RangeError).
 * @internal
 */
export function allocateBytes(length: number, op = "allocate"): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new ValueError(op, `cannot allocate ${length} bytes: not a non-negative integer`, { length });
  }
  try {
    return new Uint8Array(length);
  } catch (e) {
    if (e instanceof RangeError) throw new ValueError(op, `cannot allocate ${length} bytes: out of memory (${e.message})`, { length });
    throw e;
  }
}
