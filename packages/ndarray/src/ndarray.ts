// The NDArray class: storage, shape, strides and offset, plus method forms of the views. It sits above layout.ts,
// the copy/cast kernels and the tier switch (which import it as a type only), so no runtime import leads back here.
import { type DType, type TypedArray, checkDType, dtypeOfArray } from "./dtype.js";
import { ValueError } from "./errors.js";
import { type Shape, checkShape, contiguousStrides, sizeOf } from "./shape.js";
import { formatNDArray } from "./format.js";
import {
  type Layout,
  type SliceRange,
  broadcastLayout,
  expandLayout,
  flattenShape,
  inferShape,
  narrowLayout,
  permuteLayout,
  sliceLayout,
  squeezeLayout,
  transposeAxes,
  unsqueezeLayout,
  viewStrides,
} from "./layout.js";
import { copyStrided } from "./kernels/copy.js";
import { castElements } from "./kernels/cast.js";
import { dispatch } from "./kernels/dispatch.js";
import { describeValue, fmtShape, showValue } from "./internal.js";

/** The strides given to the NDArray constructor: one integer per axis. */
function checkStrides(strides: unknown, ndim: number): number[] {
  if (!Array.isArray(strides) || strides.length !== ndim || !strides.every((s) => Number.isSafeInteger(s))) {
    throw new ValueError("NDArray", `strides must be an array of ${ndim} integers (one per axis), got ${showValue(strides)}`, { strides: showValue(strides) });
  }
  return strides.slice() as number[];
}

/** Refuses an offset that is not an integer ≥ 0, or a layout that addresses an index outside the storage. */
function checkExtent(length: number, shape: readonly number[], strides: readonly number[], offset: unknown): void {
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0) {
    throw new ValueError("NDArray", `offset must be an integer ≥ 0, got ${showValue(offset)}`, { offset: showValue(offset) });
  }
  if (shape.includes(0)) return; // no element addressed
  let lo = offset;
  let hi = offset;
  for (let i = 0; i < shape.length; i++) {
    const reach = strides[i]! * (shape[i]! - 1);
    if (reach < 0) lo += reach;
    else hi += reach;
  }
  if (lo < 0 || hi >= length) {
    throw new ValueError(
      "NDArray",
      `shape ${fmtShape(shape)}, strides ${fmtShape(strides)} and offset ${offset} address indices ${lo} to ${hi}, outside a storage of ${length} elements`,
      { shape: shape.slice(), strides: strides.slice(), offset, length },
    );
  }
}

/** The most elements {@link NDArray.toArray} converts to nested JavaScript arrays (2²⁶). @internal */
export const MAX_NESTED_ELEMENTS = 2 ** 26;

/**
 * Nested JavaScript arrays of numbers, as returned by {@link NDArray.toArray} and
 * accepted by `ndarray()`. A scalar is a plain number.
 * @example
 * ```ts
 * import { type NestedArray, ndarray } from "@tsgrad/ndarray";
 * const rows: NestedArray = [[1, 2], [3, 4]];
 * ndarray(rows).toArray(); // [[1, 2], [3, 4]]
 * ```
 * @category NDArray
 */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array: an immutable shape, strides and offset over a typed
 * storage. Views ({@link reshape}, {@link transpose}, {@link slice}, …) share the
 * storage and never copy; kernels return new tensors. NDArrays are garbage
 * collected like any JavaScript object: there is nothing to dispose.
 *
 * Construct NDArrays with `ndarray()`, `zeros()`, `randn()` and friends
 * rather than with `new`.
 *
 * @example
 * ```ts
 * import { ndarray } from "@tsgrad/ndarray";
 * const t = ndarray([[1, 2, 3], [4, 5, 6]]);
 * t.shape;          // [2, 3]
 * t.transpose().toArray(); // [[1, 4], [2, 5], [3, 6]]
 * ```
 * @category NDArray
 */
export class NDArray {
  /** The typed storage (possibly shared with other views). */
  readonly storage: TypedArray;
  /** Size of each axis. */
  readonly shape: Shape;
  /** Elements to step in `storage` per unit step along each axis (0 for broadcast axes). */
  readonly strides: readonly number[];
  /** Index in `storage` of the element at index (0, …, 0). */
  readonly offset: number;
  /** Element type. */
  readonly dtype: DType;

  /**
   * Wraps a storage with a shape, strides and offset. Low level: no copy. The dtype is the
   * storage's; every index the shape, strides and offset address must lie inside the storage
   * (a ValueError naming `NDArray` otherwise: storage too short, a non-integer or negative
   * offset, non-integer strides).
   *
   * @param storage - typed array holding the elements
   * @param shape - size of each axis
   * @param strides - step per axis (defaults to row-major)
   * @param offset - index of the first element (defaults to 0)
   */
  constructor(storage: TypedArray, shape: Shape, strides?: readonly number[], offset = 0) {
    const dtype = dtypeOfArray(storage);
    if (dtype === undefined) throw new ValueError("NDArray", `storage must be a Float32Array, Float64Array or Int32Array, got ${describeValue(storage)}`);
    const dims = checkShape("NDArray", shape);
    const steps = strides === undefined ? contiguousStrides(dims) : checkStrides(strides, dims.length);
    checkExtent(storage.length, dims, steps, offset);
    this.storage = storage;
    this.shape = Object.freeze(dims);
    this.strides = Object.freeze(steps);
    this.offset = offset;
    this.dtype = dtype;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of axes (0 for a scalar). */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether the elements lie in row-major order without gaps from `offset` on. */
  get isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i]!;
      if (d !== 1 && this.strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /**
   * The elements as nested arrays (a number for a scalar). At most 2²⁶ elements: nested
   * JavaScript arrays cost ~8 bytes and more per number on the JS heap, and a larger
   * conversion would exhaust it and abort the process; larger arrays are a ValueError
   * (read them with {@link NDArray.toTypedArray}).
   * @returns nested arrays mirroring the shape
   * @example
   * ```ts
   * import { arange } from "@tsgrad/ndarray";
   * arange(4).reshape([2, 2]).toArray(); // [[0, 1], [2, 3]]
   * ```
   */
  toArray(): NestedArray {
    if (this.size > MAX_NESTED_ELEMENTS) {
      throw new ValueError(
        "toArray",
        `${this.size} elements (shape ${fmtShape(this.shape)}) are too many for nested JavaScript arrays (at most ${MAX_NESTED_ELEMENTS}, about 0.5 GB of JS heap); read them with toTypedArray() or a slice`,
        { shape: this.shape, size: this.size, max: MAX_NESTED_ELEMENTS },
      );
    }
    const flat = this.toTypedArray();
    if (this.ndim === 0) return flat[0]!;
    let pos = 0;
    const build = (axis: number): NestedArray[] => {
      const n = this.shape[axis]!;
      const out: NestedArray[] = new Array(n);
      if (axis === this.ndim - 1) {
        for (let i = 0; i < n; i++) out[i] = flat[pos++]!;
      } else {
        for (let i = 0; i < n; i++) out[i] = build(axis + 1);
      }
      return out;
    };
    return build(0);
  }

  /**
   * A contiguous row-major copy of the elements in a new typed array of the tensor's dtype.
   * @returns a fresh typed array of length `size`
   * @example
   * ```ts
   * import { ndarray } from "@tsgrad/ndarray";
   * ndarray([[1, 2], [3, 4]]).transpose().toTypedArray(); // Float32Array [1, 3, 2, 4]
   * ```
   */
  toTypedArray(): TypedArray {
    return copyStrided(this, dispatch);
  }

  /**
   * The value of a one-element tensor as a number.
   * @returns the single element
   * @throws ValueError when the tensor has more or fewer than one element
   * @example
   * ```ts
   * import { ndarray } from "@tsgrad/ndarray";
   * ndarray([[7]]).item(); // 7
   * ```
   */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError("item", `only a tensor with one element converts to a number; shape ${fmtShape(this.shape)} has ${this.size}`, {
        shape: this.shape,
      });
    }
    return this.storage[this.offset]!;
  }

  /**
   * Prints like PyTorch: `ndarray([[1., 2.], [3., 4.]])`, elided with `...` when large,
   * with the dtype named when it is not float32.
   * @returns the printed form
   */
  toString(): string {
    return formatNDArray(this);
  }

  /**
   * The same elements with a new dtype (a copy; `this` when the dtype is the same).
   * @param dtype - target dtype; float to int32 truncates toward zero
   * @returns the converted tensor
   * @example
   * ```ts
   * import { ndarray } from "@tsgrad/ndarray";
   * ndarray([1.7, -1.7]).astype("int32").toArray(); // [1, -1]
   * ```
   */
  astype(dtype: DType): NDArray {
    checkDType("astype", dtype);
    if (this.dtype === dtype) return this;
    return new NDArray(castElements(this, dtype, dispatch), this.shape);
  }

  /**
   * A contiguous tensor with the same elements: `this` when already contiguous, else a copy.
   * @returns a contiguous tensor
   */
  contiguous(): NDArray {
    return this.isContiguous && this.offset === 0 && this.storage.length === this.size ? this : new NDArray(copyStrided(this, dispatch), this.shape);
  }

  /** Method form of {@link reshape}. @param shape - new shape, one entry may be -1 @returns the reshaped tensor */
  reshape(shape: readonly number[]): NDArray {
    const newShape = inferShape("reshape", this.shape, shape);
    if (this.size === 0) return new NDArray(this.storage, newShape, contiguousStrides(newShape), this.offset);
    const strides = viewStrides(this, newShape);
    if (strides) return new NDArray(this.storage, newShape, strides, this.offset);
    return new NDArray(copyStrided(this, dispatch), newShape);
  }

  /** Method form of {@link transpose}. @param dim0 - first axis (default -2) @param dim1 - second axis (default -1) @returns a view */
  transpose(dim0 = -2, dim1 = -1): NDArray {
    if (this.ndim < 2 && dim0 === -2 && dim1 === -1) return this;
    return viewOf(this, permuteLayout(this, transposeAxes(this.ndim, dim0, dim1)));
  }

  /** Method form of {@link permute}. @param axes - the new order of the axes @returns a view */
  permute(axes: readonly number[]): NDArray {
    return viewOf(this, permuteLayout(this, axes));
  }

  /** Method form of {@link broadcastTo}. @param shape - target shape @returns a view */
  broadcastTo(shape: readonly number[]): NDArray {
    return viewOf(this, broadcastLayout("broadcastTo", this, shape));
  }

  /** Method form of {@link expand}. @param shape - target shape (-1 keeps a size) @returns a view */
  expand(shape: readonly number[]): NDArray {
    return viewOf(this, expandLayout(this, shape));
  }

  /** Method form of {@link squeeze}. @param axis - axes of size 1 to drop (default: all) @returns a view */
  squeeze(axis?: number | readonly number[]): NDArray {
    return viewOf(this, squeezeLayout(this, axis));
  }

  /** Method form of {@link unsqueeze}. @param axis - where the new axis goes @returns a view */
  unsqueeze(axis: number): NDArray {
    return viewOf(this, unsqueezeLayout(this, axis));
  }

  /** Method form of {@link slice}. @param ranges - one range per leading axis @returns a view */
  slice(ranges: readonly SliceRange[]): NDArray {
    return viewOf(this, sliceLayout(this, ranges));
  }

  /** Method form of {@link narrow}. @param axis - the axis @param start - first index @param length - count @returns a view */
  narrow(axis: number, start: number, length: number): NDArray {
    return viewOf(this, narrowLayout(this, axis, start, length));
  }

  /** Method form of {@link flatten}. @param startAxis - first axis to merge @param endAxis - last axis to merge @returns the flattened tensor */
  flatten(startAxis = 0, endAxis = -1): NDArray {
    if (this.ndim === 0) return this.reshape([1]);
    return this.reshape(flattenShape(this.shape, startAxis, endAxis));
  }
}

/** A view of `t`'s storage with another layout. */
function viewOf(t: NDArray, layout: Layout): NDArray {
  return new NDArray(t.storage, layout.shape, layout.strides, layout.offset);
}
