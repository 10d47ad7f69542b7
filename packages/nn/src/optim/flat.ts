// Flat Float32/Float64 views of parameters and optimizer state, the form the optimizers' update
// loops run on; shared by every optimizer.
import { NDArray } from "@tsgrad/ndarray";
import { allocate } from "@tsgrad/ndarray/internal";

// Optimizer updates run as one loop per parameter over flat typed arrays: a chain of
// NDArray ops would allocate a fresh array per op, and fresh memory is the dominant cost
// here (bench-notes.md). The same loop writes either into new arrays (a first step, or
// storage something else may still read) or over the optimizer's own (Optimizer.step).

/** A float typed array (parameters and their state are float32 or float64). @internal */
export type FloatArray = Float32Array | Float64Array;

/** The elements of a float NDArray in row-major order: a view of its storage when contiguous, else a copy. @internal */
export function flat(t: NDArray): FloatArray {
  const data = t.isContiguous ? t.storage.subarray(t.offset, t.offset + t.size) : t.toTypedArray();
  return data as FloatArray;
}

/** A new array for `like.size` elements of `like`'s dtype, from the checked allocator. @internal */
export function empty(like: NDArray): FloatArray {
  return allocate(like.dtype === "float64" ? "float64" : "float32", like.size);
}

/** Wraps an array filled by an update as an NDArray of `like`'s shape. @internal */
export function shaped(data: FloatArray, like: NDArray): NDArray {
  return new NDArray(data, like.shape);
}

/** The flat elements of a state NDArray, or null when the state has none. @internal */
export function flatState(state: Record<string, NDArray | number> | undefined, name: string): FloatArray | null {
  const t = state?.[name];
  return t instanceof NDArray ? flat(t) : null;
}
