import { ShapeError, ValueError, fmtShape } from "./errors.js";
import { type Shape, contiguousStrides, normalizeAxes, normalizeAxis, sizeOf } from "./shape.js";
import { NDArray } from "./ndarray.js";
import { copyStrided } from "./kernels/copy.js";
import { checkNDArray, describeArg } from "./check-ndarray.js";

/**
 * One axis of a {@link slice}: `[start, stop, step]` with Python semantics
 * (negative indices count from the end, `null` means "to the end"), a single
 * index (the axis is kept with size 1 — use {@link squeeze} to drop it), or
 * `null` for the whole axis.
 * @example
 * ```ts
 * import { type SliceRange, arange, slice } from "@tsgrad/ndarray";
 * const everyOtherColumn: SliceRange[] = [null, [0, null, 2]];
 * slice(arange(8).reshape([2, 4]), everyOtherColumn).toArray(); // [[0, 2], [4, 6]]
 * ```
 * @category Views
 */
export type SliceRange = null | number | readonly [start: number | null, stop?: number | null, step?: number];

/**
 * A contiguous tensor with the same elements: `t` itself when it is contiguous, otherwise a copy.
 *
 * @param t - the tensor
 * @returns a contiguous tensor
 * @example
 * ```ts
 * import { arange, contiguous } from "@tsgrad/ndarray";
 * const t = arange(6).reshape([2, 3]).transpose();
 * t.isContiguous;             // false
 * contiguous(t).isContiguous; // true
 * ```
 * @category Views
 */
export function contiguous(t: NDArray): NDArray {
  checkNDArray("contiguous", t);
  return t.isContiguous && t.offset === 0 && t.storage.length === t.size ? t : copyStrided(t);
}

/**
 * View strides for `newShape` over `t`, or undefined when no view exists. Walks the
 * old axes from the right in chunks that are contiguous with each other and maps
 * each chunk onto new axes of the same total size (PyTorch's rule).
 */
function viewStrides(t: NDArray, newShape: Shape): number[] | undefined {
  const out = new Array<number>(newShape.length);
  if (t.ndim === 0) return out.fill(1);
  const oldShape = t.shape;
  const oldStrides = t.strides;
  let v = newShape.length - 1;
  let chunkStride = oldStrides[t.ndim - 1]!;
  let oldCount = 1;
  let newCount = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    oldCount *= oldShape[d]!;
    const chunkEnds = d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== oldCount * chunkStride);
    if (!chunkEnds) continue;
    while (v >= 0 && (newCount < oldCount || newShape[v] === 1)) {
      out[v] = newCount * chunkStride;
      newCount *= newShape[v]!;
      v--;
    }
    if (newCount !== oldCount) return undefined;
    if (d > 0) {
      chunkStride = oldStrides[d - 1]!;
      oldCount = 1;
      newCount = 1;
    }
  }
  return v === -1 ? out : undefined;
}

/** Throws unless a target shape argument is an array (its sizes are checked by the caller). */
function checkShapeArg(op: string, shape: unknown): void {
  if (!Array.isArray(shape)) throw new ValueError(op, `shape must be an array of sizes, got ${describeArg(shape)}`, {});
}

/**
 * Gives `t` a new shape with the same elements in row-major order. A view when the
 * strides allow it (always for a contiguous tensor), a copy otherwise. One entry may
 * be `-1`, inferred from the others.
 *
 * @param t - the tensor
 * @param shape - the new shape
 * @returns the reshaped tensor
 * @throws ShapeError when the sizes differ
 * @example
 * ```ts
 * import { arange, reshape } from "@tsgrad/ndarray";
 * reshape(arange(6), [2, -1]).toArray(); // [[0, 1, 2], [3, 4, 5]]
 * ```
 * @category Views
 */
export function reshape(t: NDArray, shape: readonly number[]): NDArray {
  checkNDArray("reshape", t);
  const newShape = inferShape("reshape", t, shape);
  if (t.size === 0) return new NDArray(t.storage, newShape, contiguousStrides(newShape), t.offset);
  const strides = viewStrides(t, newShape);
  if (strides) return new NDArray(t.storage, newShape, strides, t.offset);
  const c = copyStrided(t);
  return new NDArray(c.storage, newShape);
}

function inferShape(op: string, t: NDArray, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new ValueError(op, `shape must be an array, got ${String(shape)}`, { shape });
  let infer = -1;
  let known = 1;
  const out = shape.slice();
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d === -1) {
      if (infer >= 0) throw new ValueError(op, `only one size may be -1 in ${fmtShape(shape)}`, { shape });
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(op, `shape ${fmtShape(shape)} has a size ${d}; sizes must be non-negative integers or -1`, { shape });
    } else known *= d;
  }
  if (infer >= 0) {
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(op, `cannot reshape a tensor of shape ${fmtShape(t.shape)} (${t.size} elements) into ${fmtShape(shape)}`, {
        from: t.shape,
        to: shape,
      });
    }
    out[infer] = t.size / known;
  } else if (known !== t.size) {
    throw new ShapeError(op, `cannot reshape a tensor of shape ${fmtShape(t.shape)} (${t.size} elements) into ${fmtShape(shape)} (${known} elements)`, {
      from: t.shape,
      to: shape,
    });
  }
  return out;
}

/**
 * Swaps two axes (by default the last two). A view.
 *
 * @param t - the tensor
 * @param dim0 - first axis (default -2; for a 1-D tensor the call is the identity)
 * @param dim1 - second axis (default -1)
 * @returns a view with the two axes swapped
 * @example
 * ```ts
 * import { ndarray, transpose } from "@tsgrad/ndarray";
 * transpose(ndarray([[1, 2, 3]])).shape; // [3, 1]
 * ```
 * @category Views
 */
export function transpose(t: NDArray, dim0 = -2, dim1 = -1): NDArray {
  checkNDArray("transpose", t);
  if (t.ndim < 2 && dim0 === -2 && dim1 === -1) return t;
  const a = normalizeAxis("transpose", dim0, t.ndim);
  const b = normalizeAxis("transpose", dim1, t.ndim);
  const axes = Array.from({ length: t.ndim }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return permute(t, axes);
}

/**
 * Reorders the axes: output axis `i` is input axis `axes[i]`. A view.
 *
 * @param t - the tensor
 * @param axes - a permutation of `0 … ndim-1` (negative axes allowed)
 * @returns a view with permuted axes
 * @throws AxisError when `axes` is not a permutation
 * @example
 * ```ts
 * import { zeros, permute } from "@tsgrad/ndarray";
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 * @category Views
 */
export function permute(t: NDArray, axes: readonly number[]): NDArray {
  checkNDArray("permute", t);
  if (!Array.isArray(axes) || axes.length !== t.ndim) {
    throw new ValueError("permute", `expected ${t.ndim} axes for a tensor of shape ${fmtShape(t.shape)}, got ${JSON.stringify(axes)}`, {
      axes,
      shape: t.shape,
    });
  }
  const norm = normalizeAxes("permute", axes, t.ndim);
  if (norm.length !== t.ndim) throw new ValueError("permute", `axes ${JSON.stringify(axes)} are not a permutation`, { axes });
  const ax = axes.map((a) => normalizeAxis("permute", a, t.ndim));
  return new NDArray(
    t.storage,
    ax.map((a) => t.shape[a]!),
    ax.map((a) => t.strides[a]!),
    t.offset,
  );
}

/**
 * Broadcasts `t` to `shape` under NumPy's rules without copying: broadcast axes get stride 0.
 *
 * @param t - the tensor
 * @param shape - the target shape
 * @returns a view of shape `shape`
 * @throws ShapeError when `t` does not broadcast to `shape`
 * @example
 * ```ts
 * import { ndarray, broadcastTo } from "@tsgrad/ndarray";
 * broadcastTo(ndarray([1, 2, 3]), [2, 3]).toArray(); // [[1, 2, 3], [1, 2, 3]]
 * ```
 * @category Views
 */
export function broadcastTo(t: NDArray, shape: readonly number[]): NDArray {
  checkNDArray("broadcastTo", t);
  return broadcastView("broadcastTo", t, shape);
}

function broadcastView(op: string, t: NDArray, shape: readonly number[]): NDArray {
  checkShapeArg(op, shape);
  const r = shape.length;
  if (r < t.ndim) {
    throw new ShapeError(op, `cannot broadcast shape ${fmtShape(t.shape)} to ${fmtShape(shape)}: the target has fewer axes`, {
      from: t.shape,
      to: shape,
    });
  }
  const strides = new Array<number>(r).fill(0);
  for (let i = 0; i < r; i++) {
    const j = i - (r - t.ndim);
    const target = shape[i]!;
    if (!Number.isInteger(target) || target < 0) {
      throw new ValueError(op, `target shape ${fmtShape(shape)} has a size ${target}`, { to: shape });
    }
    if (j < 0) continue;
    const d = t.shape[j]!;
    if (d === target) strides[i] = t.strides[j]!;
    else if (d === 1) strides[i] = 0;
    else {
      throw new ShapeError(op, `cannot broadcast shape ${fmtShape(t.shape)} to ${fmtShape(shape)}: size ${d} at axis ${j} is neither ${target} nor 1`, {
        from: t.shape,
        to: shape,
      });
    }
  }
  return new NDArray(t.storage, shape.slice(), strides, t.offset);
}

/**
 * PyTorch's `expand`: {@link broadcastTo} where `-1` keeps the existing size of an axis.
 *
 * @param t - the tensor
 * @param shape - the target shape; `-1` keeps a size
 * @returns a view
 * @example
 * ```ts
 * import { zeros, expand } from "@tsgrad/ndarray";
 * expand(zeros([3, 1]), [-1, 4]).shape; // [3, 4]
 * ```
 * @category Views
 */
export function expand(t: NDArray, shape: readonly number[]): NDArray {
  checkNDArray("expand", t);
  checkShapeArg("expand", shape);
  const target = shape.map((d, i) => {
    const j = i - (shape.length - t.ndim);
    return d === -1 && j >= 0 ? t.shape[j]! : d;
  });
  return broadcastView("expand", t, target);
}

/**
 * Drops axes of size 1: the given ones (each must have size 1), or all of them.
 *
 * @param t - the tensor
 * @param axis - axis or axes to drop; all size-1 axes when omitted
 * @returns a view
 * @throws ShapeError when a given axis does not have size 1
 * @example
 * ```ts
 * import { zeros, squeeze } from "@tsgrad/ndarray";
 * squeeze(zeros([1, 3, 1])).shape;    // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // [3, 1]
 * ```
 * @category Views
 */
export function squeeze(t: NDArray, axis?: number | readonly number[]): NDArray {
  checkNDArray("squeeze", t);
  let drop: number[];
  if (axis === undefined) drop = t.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    drop = normalizeAxes("squeeze", axis, t.ndim);
    for (const a of drop) {
      if (t.shape[a] !== 1) {
        throw new ShapeError("squeeze", `axis ${a} of shape ${fmtShape(t.shape)} has size ${t.shape[a]}, not 1`, {
          shape: t.shape,
          axis,
        });
      }
    }
  }
  const keep = t.shape.map((_, i) => i).filter((i) => !drop.includes(i));
  return new NDArray(
    t.storage,
    keep.map((i) => t.shape[i]!),
    keep.map((i) => t.strides[i]!),
    t.offset,
  );
}

/**
 * Inserts an axis of size 1 at `axis` (negative counts from the end of the result).
 *
 * @param t - the tensor
 * @param axis - position of the new axis in the result, in `[-ndim-1, ndim]`
 * @returns a view
 * @example
 * ```ts
 * import { zeros, unsqueeze } from "@tsgrad/ndarray";
 * unsqueeze(zeros([3]), 0).shape;  // [1, 3]
 * unsqueeze(zeros([3]), -1).shape; // [3, 1]
 * ```
 * @category Views
 */
export function unsqueeze(t: NDArray, axis: number): NDArray {
  checkNDArray("unsqueeze", t);
  const a = normalizeAxis("unsqueeze", axis, t.ndim + 1);
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  shape.splice(a, 0, 1);
  strides.splice(a, 0, a < t.ndim ? t.strides[a]! * t.shape[a]! : 1);
  return new NDArray(t.storage, shape, strides, t.offset);
}

/**
 * Selects a sub-tensor with Python slicing semantics, one {@link SliceRange} per
 * leading axis (missing trailing axes are kept whole). Steps may be negative. A view.
 *
 * @param t - the tensor
 * @param ranges - per axis: `[start, stop, step]`, an index (kept as size 1), or `null`
 * @returns a view
 * @throws ValueError for a zero step or an index out of range
 * @example
 * ```ts
 * import { arange, slice } from "@tsgrad/ndarray";
 * const t = arange(12).reshape([3, 4]);
 * slice(t, [[0, 3, 2], [1, null]]).toArray(); // [[1, 2, 3], [9, 10, 11]]
 * slice(arange(5), [[null, null, -1]]).toArray(); // [4, 3, 2, 1, 0]
 * ```
 * @category Views
 */
export function slice(t: NDArray, ranges: readonly SliceRange[]): NDArray {
  checkNDArray("slice", t);
  if (!Array.isArray(ranges)) throw new ValueError("slice", `ranges must be an array with one range per leading axis, got ${describeArg(ranges)}`, {});
  if (ranges.length > t.ndim) {
    throw new ValueError("slice", `${ranges.length} ranges given for a tensor of shape ${fmtShape(t.shape)}`, {
      shape: t.shape,
      ranges,
    });
  }
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  let offset = t.offset;
  ranges.forEach((r, axis) => {
    const n = t.shape[axis]!;
    if (r === null) return;
    if (typeof r !== "number" && !Array.isArray(r)) {
      throw new ValueError("slice", `range ${axis} must be null, an index or [start, stop, step], got ${describeArg(r)}`, { axis });
    }
    if (typeof r === "number") {
      if (!Number.isInteger(r) || r < -n || r >= n) {
        throw new ValueError("slice", `index ${r} is out of range for axis ${axis} of size ${n}`, { shape: t.shape, axis, index: r });
      }
      const i = r < 0 ? r + n : r;
      offset += i * t.strides[axis]!;
      shape[axis] = 1;
      return;
    }
    const step = r[2] ?? 1;
    if (!Number.isInteger(step) || step === 0) {
      throw new ValueError("slice", `step must be a non-zero integer, got ${step} for axis ${axis}`, { axis, step });
    }
    for (const bound of [r[0], r[1]]) {
      if (bound !== null && bound !== undefined && !Number.isInteger(bound)) {
        throw new ValueError("slice", `start and stop must be integers or null, got ${String(bound)} for axis ${axis}`, { axis });
      }
    }
    const [start, stop, len] = sliceIndices(r[0] ?? null, r[1] ?? null, step, n);
    if (len > 0) offset += start * t.strides[axis]!;
    shape[axis] = len;
    strides[axis] = t.strides[axis]! * step;
    void stop;
  });
  return new NDArray(t.storage, shape, strides, offset);
}

/** Python's slice.indices + length. */
function sliceIndices(start: number | null, stop: number | null, step: number, n: number): [number, number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s: number;
  let e: number;
  if (step > 0) {
    s = start === null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
    e = stop === null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
    return [s, e, Math.max(0, Math.ceil((e - s) / step))];
  }
  s = start === null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
  e = stop === null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
  return [s, e, Math.max(0, Math.ceil((e - s) / step))];
}

/**
 * The `length` elements of `axis` starting at `start` (PyTorch's `narrow`). A view.
 *
 * @param t - the tensor
 * @param axis - the axis to narrow
 * @param start - first index (negative counts from the end)
 * @param length - number of elements kept
 * @returns a view
 * @throws ValueError when the range does not fit the axis
 * @example
 * ```ts
 * import { arange, narrow } from "@tsgrad/ndarray";
 * narrow(arange(10), 0, 2, 3).toArray(); // [2, 3, 4]
 * ```
 * @category Views
 */
export function narrow(t: NDArray, axis: number, start: number, length: number): NDArray {
  checkNDArray("narrow", t);
  const a = normalizeAxis("narrow", axis, t.ndim);
  const n = t.shape[a]!;
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n) {
    throw new ValueError("narrow", `start ${start} and length ${length} do not fit axis ${a} of size ${n} (shape ${fmtShape(t.shape)})`, {
      shape: t.shape,
      axis,
      start,
      length,
    });
  }
  const ranges: SliceRange[] = t.shape.map(() => null);
  ranges[a] = [s, s + length, 1];
  return slice(t, ranges);
}

/**
 * Merges axes `startAxis … endAxis` into one (all axes by default). A view when possible.
 *
 * @param t - the tensor
 * @param startAxis - first axis to merge (default 0)
 * @param endAxis - last axis to merge, inclusive (default -1)
 * @returns the flattened tensor
 * @example
 * ```ts
 * import { zeros, flatten } from "@tsgrad/ndarray";
 * flatten(zeros([2, 3, 4])).shape;    // [24]
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 * ```
 * @category Views
 */
export function flatten(t: NDArray, startAxis = 0, endAxis = -1): NDArray {
  checkNDArray("flatten", t);
  if (t.ndim === 0) return reshape(t, [1]);
  const s = normalizeAxis("flatten", startAxis, t.ndim);
  const e = normalizeAxis("flatten", endAxis, t.ndim);
  if (s > e) throw new ValueError("flatten", `startAxis ${startAxis} comes after endAxis ${endAxis}`, { startAxis, endAxis });
  const shape = [...t.shape.slice(0, s), sizeOf(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)];
  return reshape(t, shape);
}
