// View arithmetic on plain shape/strides/offset records (reshape, permute, slice, …). Kept apart
// from the NDArray class and knowing nothing of it, so the class's view methods can use it without an import cycle.
import { ShapeError, ValueError } from "./errors.js";
import { type Shape, checkRank, sizeOf } from "./shape.js";
import { checkSafeSize, describeValue, fmtShape, normalizeAxes, normalizeAxis, showValue } from "./internal.js";

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

/** Where a view's elements sit in its storage: size per axis, step per axis and first index. @internal */
export interface Layout {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * View strides for `newShape` over `t`, or undefined when no view exists. Walks the
 * old axes from the right in chunks that are contiguous with each other and maps
 * each chunk onto new axes of the same total size (PyTorch's rule).
 * @param t - the layout being reshaped
 * @param newShape - the target shape (same number of elements)
 * @returns the strides of the view, or undefined when reshaping needs a copy
 * @internal
 */
export function viewStrides(t: Layout, newShape: Shape): number[] | undefined {
  const out = new Array<number>(newShape.length);
  const ndim = t.shape.length;
  if (ndim === 0) return out.fill(1);
  const oldShape = t.shape;
  const oldStrides = t.strides;
  let v = newShape.length - 1;
  let chunkStride = oldStrides[ndim - 1]!;
  let oldCount = 1;
  let newCount = 1;
  for (let d = ndim - 1; d >= 0; d--) {
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
  if (!Array.isArray(shape)) throw new ValueError(op, `shape must be an array of sizes, got ${describeValue(shape)}`, {});
}

/**
 * Validates a reshape target against the current shape and fills in its `-1` entry.
 * @param op - the operation named in errors
 * @param from - the current shape
 * @param shape - the requested shape; one entry may be -1
 * @returns the complete new shape
 * @throws ValueError for a malformed shape, ShapeError when the sizes differ
 * @internal
 */
export function inferShape(op: string, from: Shape, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new ValueError(op, `shape must be an array, got ${describeValue(shape)}`, { shape: describeValue(shape) });
  checkRank(op, shape.length);
  const size = sizeOf(from);
  let infer = -1;
  let known = 1;
  const out = shape.slice();
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d === -1) {
      if (infer >= 0) throw new ValueError(op, `only one size may be -1 in ${fmtShape(shape)}`, { shape });
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(op, `shape ${fmtShape(shape)} has a size ${showValue(d)}; sizes must be non-negative integers or -1`, { shape });
    } else known *= d;
  }
  if (infer >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(op, `cannot reshape a tensor of shape ${fmtShape(from)} (${size} elements) into ${fmtShape(shape)}`, {
        from,
        to: shape,
      });
    }
    out[infer] = size / known;
  } else if (known === 0 && size === 0) {
    checkSafeSize(op, out);
  } else if (known !== size) {
    throw new ShapeError(op, `cannot reshape a tensor of shape ${fmtShape(from)} (${size} elements) into ${fmtShape(shape)} (${known} elements)`, {
      from,
      to: shape,
    });
  }
  return out;
}

/**
 * The axis order that swaps axes `dim0` and `dim1` of a rank-`ndim` tensor.
 * @param ndim - the rank
 * @param dim0 - first axis (negative counts from the end)
 * @param dim1 - second axis
 * @returns a permutation of `0 … ndim-1`
 * @throws AxisError when an axis is out of range
 * @internal
 */
export function transposeAxes(ndim: number, dim0: number, dim1: number): number[] {
  const a = normalizeAxis("transpose", dim0, ndim);
  const b = normalizeAxis("transpose", dim1, ndim);
  const axes = Array.from({ length: ndim }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return axes;
}

/**
 * The layout of {@link permute}: output axis `i` is input axis `axes[i]`.
 * @param t - the input layout
 * @param axes - a permutation of `0 … ndim-1` (negative axes allowed)
 * @returns the permuted layout
 * @throws ValueError or AxisError when `axes` is not a permutation
 * @internal
 */
export function permuteLayout(t: Layout, axes: readonly number[]): Layout {
  const ndim = t.shape.length;
  if (!Array.isArray(axes) || axes.length !== ndim) {
    throw new ValueError("permute", `expected ${ndim} axes for a tensor of shape ${fmtShape(t.shape)}, got ${showValue(axes)}`, {
      axes,
      shape: t.shape,
    });
  }
  const norm = normalizeAxes("permute", axes, ndim);
  if (norm.length !== ndim) throw new ValueError("permute", `axes ${showValue(axes)} are not a permutation`, { axes });
  const ax = axes.map((a) => normalizeAxis("permute", a, ndim));
  return { shape: ax.map((a) => t.shape[a]!), strides: ax.map((a) => t.strides[a]!), offset: t.offset };
}

/**
 * The layout of {@link broadcastTo} under NumPy's rules: broadcast axes get stride 0.
 * @param op - the operation named in errors
 * @param t - the input layout
 * @param shape - the target shape
 * @returns a layout of shape `shape`
 * @throws ShapeError when `t` does not broadcast to `shape`
 * @internal
 */
export function broadcastLayout(op: string, t: Layout, shape: readonly number[]): Layout {
  checkShapeArg(op, shape);
  checkRank(op, shape.length);
  const ndim = t.shape.length;
  const r = shape.length;
  if (r < ndim) {
    throw new ShapeError(op, `cannot broadcast shape ${fmtShape(t.shape)} to ${fmtShape(shape)}: the target has fewer axes`, {
      from: t.shape,
      to: shape,
    });
  }
  const strides = new Array<number>(r).fill(0);
  for (let i = 0; i < r; i++) {
    const j = i - (r - ndim);
    const target = shape[i]!;
    if (!Number.isInteger(target) || target < 0) {
      throw new ValueError(op, `target shape ${fmtShape(shape)} has a size ${showValue(target)}`, { to: shape });
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
  checkSafeSize(op, shape);
  return { shape: shape.slice(), strides, offset: t.offset };
}

/**
 * The layout of {@link expand}: {@link broadcastTo} where `-1` keeps the existing size of an axis.
 * @param t - the input layout
 * @param shape - the target shape; `-1` keeps a size
 * @returns the broadcast layout
 * @internal
 */
export function expandLayout(t: Layout, shape: readonly number[]): Layout {
  checkShapeArg("expand", shape);
  const target = shape.map((d, i) => {
    const j = i - (shape.length - t.shape.length);
    return d === -1 && j >= 0 ? t.shape[j]! : d;
  });
  return broadcastLayout("expand", t, target);
}

/**
 * The layout of {@link squeeze}: drops the given axes of size 1, or all of them.
 * @param t - the input layout
 * @param axis - axis or axes to drop; all size-1 axes when omitted
 * @returns the squeezed layout
 * @throws ShapeError when a given axis does not have size 1
 * @internal
 */
export function squeezeLayout(t: Layout, axis?: number | readonly number[]): Layout {
  let drop: number[];
  if (axis === undefined) drop = t.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    drop = normalizeAxes("squeeze", axis, t.shape.length);
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
  return { shape: keep.map((i) => t.shape[i]!), strides: keep.map((i) => t.strides[i]!), offset: t.offset };
}

/**
 * The layout of {@link unsqueeze}: a new axis of size 1 at `axis`.
 * @param t - the input layout
 * @param axis - position of the new axis in the result, in `[-ndim-1, ndim]`
 * @returns the layout with the extra axis
 * @internal
 */
export function unsqueezeLayout(t: Layout, axis: number): Layout {
  const ndim = t.shape.length;
  checkRank("unsqueeze", ndim + 1);
  const a = normalizeAxis("unsqueeze", axis, ndim + 1);
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  shape.splice(a, 0, 1);
  strides.splice(a, 0, a < ndim ? t.strides[a]! * t.shape[a]! : 1);
  return { shape, strides, offset: t.offset };
}

/**
 * The layout of {@link slice}: one {@link SliceRange} per leading axis, Python semantics.
 * @param t - the input layout
 * @param ranges - per axis: `[start, stop, step]`, an index (kept as size 1), or `null`
 * @returns the sliced layout
 * @throws ValueError for a zero step or an index out of range
 * @internal
 */
export function sliceLayout(t: Layout, ranges: readonly SliceRange[]): Layout {
  if (!Array.isArray(ranges)) throw new ValueError("slice", `ranges must be an array with one range per leading axis, got ${describeValue(ranges)}`, {});
  if (ranges.length > t.shape.length) {
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
      throw new ValueError("slice", `range ${axis} must be null, an index or [start, stop, step], got ${describeValue(r)}`, { axis });
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
    if (r.length > 3) {
      throw new ValueError("slice", `range ${axis} has ${r.length} elements ${showValue(r)}; expected [start, stop, step] (at most 3)`, { axis });
    }
    const step = r[2] ?? 1;
    if (!Number.isInteger(step) || step === 0) {
      throw new ValueError("slice", `step must be a non-zero integer, got ${showValue(step)} for axis ${axis}`, { axis, step: showValue(step) });
    }
    for (const bound of [r[0], r[1]]) {
      if (bound !== null && bound !== undefined && !Number.isInteger(bound)) {
        throw new ValueError("slice", `start and stop must be integers or null, got ${showValue(bound)} for axis ${axis}`, { axis });
      }
    }
    const [start, stop, len] = sliceIndices(r[0] ?? null, r[1] ?? null, step, n);
    if (len > 0) offset += start * t.strides[axis]!;
    shape[axis] = len;
    strides[axis] = t.strides[axis]! * step;
    void stop;
  });
  return { shape, strides, offset };
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
 * The layout of {@link narrow}: the `length` elements of `axis` starting at `start`.
 * @param t - the input layout
 * @param axis - the axis to narrow
 * @param start - first index (negative counts from the end)
 * @param length - number of elements kept
 * @returns the narrowed layout
 * @throws ValueError when the range does not fit the axis
 * @internal
 */
export function narrowLayout(t: Layout, axis: number, start: number, length: number): Layout {
  const a = normalizeAxis("narrow", axis, t.shape.length);
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
  return sliceLayout(t, ranges);
}

/**
 * The shape of {@link flatten} for a tensor of rank at least 1: axes `startAxis … endAxis` merged into one.
 * @param shape - the current shape (not a scalar)
 * @param startAxis - first axis to merge
 * @param endAxis - last axis to merge, inclusive
 * @returns the flattened shape
 * @throws ValueError when `startAxis` comes after `endAxis`
 * @internal
 */
export function flattenShape(shape: Shape, startAxis: number, endAxis: number): number[] {
  const s = normalizeAxis("flatten", startAxis, shape.length);
  const e = normalizeAxis("flatten", endAxis, shape.length);
  if (s > e) throw new ValueError("flatten", `startAxis ${startAxis} comes after endAxis ${endAxis}`, { startAxis, endAxis });
  return [...shape.slice(0, s), sizeOf(shape.slice(s, e + 1)), ...shape.slice(e + 1)];
}
