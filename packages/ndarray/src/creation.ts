// Creation of NDArrays: ndarray() from nested arrays or typed arrays, and zeros, ones, full,
// arange, linspace, eye and the *Like forms; apart from random.ts's seeded draws.
import { type DType, type TypedArray, allocate, checkDType, dtypeOfArray } from "./dtype.js";
import { ShapeError, ValueError } from "./errors.js";
import { checkRank, checkShape, sizeOf } from "./shape.js";
import { type NestedArray, NDArray } from "./ndarray.js";
import { checkNDArray } from "./check-ndarray.js";
import { CREATION_KEYS, NDARRAY_KEYS, checkInteger, checkNumber, checkOptions, fmtShape, showValue } from "./internal.js";

/**
 * Options of the creation functions.
 * @example
 * ```ts
 * import { type CreationOptions, ones } from "@tsgrad/ndarray";
 * const opts: CreationOptions = { dtype: "int32" };
 * ones([3], opts).toArray(); // [1, 1, 1]
 * ```
 * @category Creation
 */
export interface CreationOptions {
  /** Element type; `"float32"` unless said otherwise. */
  dtype?: DType;
}

/**
 * Options of {@link ndarray}.
 * @example
 * ```ts
 * import { type NDArrayOptions, ndarray } from "@tsgrad/ndarray";
 * const opts: NDArrayOptions = { shape: [2, 2], dtype: "float64" };
 * ndarray([1, 2, 3, 4], opts).toArray(); // [[1, 2], [3, 4]]
 * ```
 * @category Creation
 */
export interface NDArrayOptions extends CreationOptions {
  /** Shape for flat data (a typed array or a flat list); defaults to the nesting of the data. */
  shape?: readonly number[];
}

/**
 * Creates a tensor from nested arrays, a flat typed array or a number. The data is
 * copied. Nested data is float32 unless `dtype` says otherwise; a typed array keeps
 * its own dtype unless `dtype` says otherwise.
 *
 * @param data - nested arrays of numbers (rectangular), a typed array, or a number (a scalar)
 * @param opts - `dtype`, and `shape` to give flat data a shape
 * @param op - the name errors give (the creating function that called this one)
 * @returns a new contiguous tensor
 * @throws ValueError for ragged arrays or non-numbers; ShapeError when `shape` does not fit the data
 * @example
 * ```ts
 * import { ndarray } from "@tsgrad/ndarray";
 * ndarray([[1, 2], [3, 4]]).shape;                              // [2, 2]
 * ndarray(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype; // "float64"
 * ndarray(3).ndim;                                              // 0
 * ```
 * @category Creation
 */
export function ndarray(data: NestedArray | TypedArray | readonly NestedArray[], opts: NDArrayOptions = {}, op = "ndarray"): NDArray {
  if (typeof op !== "string") op = "ndarray";
  opts = checkOptions(op, opts, NDARRAY_KEYS);
  const typedDType = dtypeOfArray(data);
  const dtype = checkDType(op, opts.dtype ?? typedDType ?? "float32");
  let flat: TypedArray;
  let shape: number[];
  if (typedDType !== undefined) {
    const src = data as TypedArray;
    flat = allocate(dtype, src.length, op);
    if (dtype === "int32" && typedDType !== "int32") for (let i = 0; i < src.length; i++) flat[i] = toInt32(op, src[i]!, i);
    else flat.set(src);
    shape = [src.length];
  } else if (typeof data === "number") {
    flat = allocate(dtype, 1, op);
    flat[0] = dtype === "int32" ? toInt32(op, data, 0) : data;
    shape = [];
  } else if (Array.isArray(data)) {
    shape = nestedShape(op, data);
    flat = allocate(dtype, sizeOf(shape), op);
    let pos = 0;
    const walk = (node: NestedArray, depth: number): void => {
      if (depth === shape.length) {
        if (typeof node !== "number") {
          throw new ValueError(
            op,
            Array.isArray(node)
              ? `ragged nested array: expected a number at depth ${depth}, found an array of ${node.length}`
              : `nested data must hold numbers, found ${typeof node}`,
            { expectedShape: shape },
          );
        }
        flat[pos] = dtype === "int32" ? toInt32(op, node, pos) : node;
        pos++;
        return;
      }
      const arr = node as NestedArray[];
      if (!Array.isArray(arr) || arr.length !== shape[depth]) {
        throw new ValueError(op, `ragged nested array: expected ${shape[depth]} elements at depth ${depth}, found ${Array.isArray(arr) ? arr.length : "a number"}`, {
          expectedShape: shape,
        });
      }
      for (const child of arr) walk(child, depth + 1);
    };
    walk(data as NestedArray, 0);
  } else {
    throw new ValueError(op, `data must be a number, nested arrays of numbers or a typed array, got ${typeof data}`, {});
  }
  if (opts.shape !== undefined) {
    const target = checkShape(op, opts.shape);
    if (sizeOf(target) !== flat.length) {
      throw new ShapeError(op, `shape ${fmtShape(target)} needs ${sizeOf(target)} elements but the data has ${flat.length}`, {
        shape: target,
        length: flat.length,
      });
    }
    shape = target;
  }
  return new NDArray(flat, shape);
}

/**
 * A number as int32, truncated toward zero; NaN, ±Infinity and values outside the int32
 * range are refused (the typed array would silently store 0 or a wrapped-around value).
 */
function toInt32(op: string, v: number, position: number): number {
  const t = Math.trunc(v);
  if (!(t >= -2147483648 && t <= 2147483647)) {
    throw new ValueError(op, `value ${v} (at flat position ${position}) does not fit int32; expected a finite number in [-2^31, 2^31)`, {
      value: v,
      position,
    });
  }
  return t;
}

/**
 * Refuses an int32 sequence from `first` to `last` (a monotone run) that leaves the int32 range:
 * the typed array would wrap each value around silently.
 */
function checkInt32Range(op: string, first: number, last: number): void {
  const lo = Math.trunc(Math.min(first, last));
  const hi = Math.trunc(Math.max(first, last));
  if (lo < -2147483648 || hi > 2147483647) {
    throw new ValueError(op, `the values from ${first} to ${last} do not fit int32 ([-2^31, 2^31 - 1]); use dtype "float64"`, { first, last });
  }
}

function nestedShape(op: string, data: readonly NestedArray[]): number[] {
  const shape: number[] = [];
  let node: NestedArray | readonly NestedArray[] = data;
  while (Array.isArray(node)) {
    shape.push(node.length);
    checkRank(op, shape.length);
    if (node.length === 0) break;
    node = node[0] as NestedArray;
  }
  if (!Array.isArray(node) && typeof node !== "number") {
    throw new ValueError(op, `nested data must hold numbers, found ${typeof node}`, {});
  }
  return shape;
}

/**
 * A tensor filled with `value`.
 *
 * @param shape - the shape
 * @param value - the fill value
 * @param opts - dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { full } from "@tsgrad/ndarray";
 * full([2], 7).toArray(); // [7, 7]
 * ```
 * @category Creation
 */
export function full(shape: readonly number[], value: number, opts: CreationOptions = {}): NDArray {
  return filled("full", shape, value, checkOptions("full", opts, CREATION_KEYS));
}

/** `full` under the name of the calling op, for its error messages. */
function filled(op: string, shape: readonly number[], value: number, opts: CreationOptions): NDArray {
  const s = checkShape(op, shape);
  const dtype = checkDType(op, opts.dtype ?? "float32");
  if (typeof value !== "number") throw new ValueError(op, `the fill value must be a number, got ${typeof value}`, { value: String(value) });
  const out = allocate(dtype, sizeOf(s), op);
  if (value !== 0) out.fill(dtype === "int32" ? toInt32(op, value, 0) : value);
  return new NDArray(out, s);
}

/**
 * A tensor of zeros.
 *
 * @param shape - the shape
 * @param opts - dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { zeros } from "@tsgrad/ndarray";
 * zeros([2, 3]).toArray(); // [[0, 0, 0], [0, 0, 0]]
 * ```
 * @category Creation
 */
export function zeros(shape: readonly number[], opts: CreationOptions = {}): NDArray {
  return filled("zeros", shape, 0, checkOptions("zeros", opts, CREATION_KEYS));
}

/**
 * A tensor of ones.
 *
 * @param shape - the shape
 * @param opts - dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { ones } from "@tsgrad/ndarray";
 * ones([3], { dtype: "int32" }).toArray(); // [1, 1, 1]
 * ```
 * @category Creation
 */
export function ones(shape: readonly number[], opts: CreationOptions = {}): NDArray {
  return filled("ones", shape, 1, checkOptions("ones", opts, CREATION_KEYS));
}

/**
 * Zeros with the shape (and, unless given, the dtype) of `t`.
 * @param t - the model tensor
 * @param opts - dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { ones, zerosLike } from "@tsgrad/ndarray";
 * zerosLike(ones([2])).toArray(); // [0, 0]
 * ```
 * @category Creation
 */
export function zerosLike(t: NDArray, opts: CreationOptions = {}): NDArray {
  return filled("zerosLike", checkNDArray("zerosLike", t).shape, 0, { dtype: checkOptions("zerosLike", opts, CREATION_KEYS).dtype ?? t.dtype });
}

/**
 * Ones with the shape (and, unless given, the dtype) of `t`.
 * @param t - the model tensor
 * @param opts - dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { zeros, onesLike } from "@tsgrad/ndarray";
 * onesLike(zeros([2])).toArray(); // [1, 1]
 * ```
 * @category Creation
 */
export function onesLike(t: NDArray, opts: CreationOptions = {}): NDArray {
  return filled("onesLike", checkNDArray("onesLike", t).shape, 1, { dtype: checkOptions("onesLike", opts, CREATION_KEYS).dtype ?? t.dtype });
}

/**
 * `value` with the shape (and, unless given, the dtype) of `t`.
 * @param t - the model tensor
 * @param value - the fill value
 * @param opts - dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { zeros, fullLike } from "@tsgrad/ndarray";
 * fullLike(zeros([2]), 5).toArray(); // [5, 5]
 * ```
 * @category Creation
 */
export function fullLike(t: NDArray, value: number, opts: CreationOptions = {}): NDArray {
  return filled("fullLike", checkNDArray("fullLike", t).shape, value, { dtype: checkOptions("fullLike", opts, CREATION_KEYS).dtype ?? t.dtype });
}

/**
 * Evenly spaced values in [start, stop) with `step`; `arange(n)` is `0 … n-1`.
 *
 * @param start - first value (or the stop when it is the only argument)
 * @param stop - end, excluded
 * @param step - spacing (non-zero, may be negative)
 * @param opts - dtype
 * @returns a new 1-D tensor
 * @example
 * ```ts
 * import { arange } from "@tsgrad/ndarray";
 * arange(4).toArray();        // [0, 1, 2, 3]
 * arange(1, 2, 0.25).toArray(); // [1, 1.25, 1.5, 1.75]
 * ```
 * @category Creation
 */
export function arange(start: number, stop?: number, step = 1, opts: CreationOptions = {}): NDArray {
  opts = checkOptions("arange", opts, CREATION_KEYS);
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
    throw new ValueError("arange", `need finite start and stop and a non-zero step, got start=${showValue(start)}, stop=${showValue(stop)}, step=${showValue(step)}`, {
      start,
      stop,
      step,
    });
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype = checkDType("arange", opts.dtype ?? "float32");
  if (dtype === "int32" && n > 0) checkInt32Range("arange", start, start + (n - 1) * step);
  const out = allocate(dtype, n, "arange");
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return new NDArray(out, [n]);
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 *
 * @param start - first value
 * @param stop - last value
 * @param num - number of values (non-negative integer)
 * @param opts - dtype
 * @returns a new 1-D tensor
 * @example
 * ```ts
 * import { linspace } from "@tsgrad/ndarray";
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 * @category Creation
 */
export function linspace(start: number, stop: number, num: number, opts: CreationOptions = {}): NDArray {
  opts = checkOptions("linspace", opts, CREATION_KEYS);
  checkInteger("linspace", "arguments", "num", num, 0);
  checkNumber("linspace", "arguments", "start", start);
  checkNumber("linspace", "arguments", "stop", stop);
  const dtype = checkDType("linspace", opts.dtype ?? "float32");
  if (dtype === "int32" && num > 0) checkInt32Range("linspace", start, num > 1 ? stop : start);
  const out = allocate(dtype, num, "linspace");
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  if (Number.isFinite(step)) {
    for (let i = 0; i < num; i++) out[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  } else {
    // stop − start overflowed (finite ends such as −1e308 … 1e308): weigh the ends instead.
    for (let i = 0; i < num; i++) {
      const t = i / (num - 1);
      out[i] = start * (1 - t) + stop * t;
    }
  }
  return new NDArray(out, [num]);
}

/**
 * An identity matrix: ones on the diagonal.
 *
 * @param n - number of rows
 * @param m - number of columns (default `n`)
 * @param opts - dtype
 * @returns a new `(n, m)` tensor
 * @example
 * ```ts
 * import { eye } from "@tsgrad/ndarray";
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 * ```
 * @category Creation
 */
export function eye(n: number, m = n, opts: CreationOptions = {}): NDArray {
  opts = checkOptions("eye", opts, CREATION_KEYS);
  const s = checkShape("eye", [n, m]);
  const out = allocate(checkDType("eye", opts.dtype ?? "float32"), n * m, "eye");
  for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  return new NDArray(out, s);
}
