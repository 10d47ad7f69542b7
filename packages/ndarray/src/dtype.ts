// Dtypes: the three supported ones, their typed arrays, promotion and validation; a leaf module
// that the NDArray class and every kernel import.
import { DTypeError } from "./errors.js";
import { showValue } from "./internal.js";

/**
 * The element types a tensor can hold. `float32` is the default; `float64` is
 * first-class (gradient checks run in it); `int32` holds indices and labels.
 * @example
 * ```ts
 * import { type DType, zeros } from "@tsgrad/ndarray";
 * const dtype: DType = "float64";
 * zeros([2], { dtype }).dtype; // "float64"
 * ```
 * @category NDArray
 */
export type DType = "float32" | "float64" | "int32";

/**
 * The typed array behind a tensor of each dtype.
 * @example
 * ```ts
 * import { type TypedArray, ndarray } from "@tsgrad/ndarray";
 * const data: TypedArray = ndarray([1, 2, 3]).toTypedArray(); // a Float32Array
 * ```
 * @category NDArray
 */
export type TypedArray = Float32Array | Float64Array | Int32Array;

/**
 * Maps a dtype to its typed-array type.
 * @example
 * ```ts
 * import { type TypedArrayFor, ndarray } from "@tsgrad/ndarray";
 * const buffer: TypedArrayFor<"float64"> = new Float64Array([1, 2]);
 * ndarray(buffer).dtype; // "float64"
 * ```
 * @category NDArray
 */
export type TypedArrayFor<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : Int32Array;

/** @internal */
export const DTYPES: readonly DType[] = ["float32", "float64", "int32"];

// The checked allocator and its limit live in ./allocate.ts (a leaf module, so
// `@tsgrad/ndarray/internal` can export the allocator to the other packages without a cycle).
export { MAX_ELEMENTS, allocate } from "./allocate.js";

/**
 * The dtype of a typed array, or `undefined` for other array types.
 * @internal
 */
export function dtypeOfArray(a: unknown): DType | undefined {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return undefined;
}

/** Validates a dtype name given by a user. @internal */
export function checkDType(op: string, dtype: unknown): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int32") return dtype;
  throw new DTypeError(op, `unknown dtype ${showValue(dtype)}; expected "float32", "float64" or "int32"`, {
    dtype,
  });
}

/** Whether a dtype is a floating-point type. @internal */
export function isFloat(dtype: DType): boolean {
  return dtype !== "int32";
}

/**
 * The result dtype of a binary operation on two tensors (PyTorch's rule for the
 * three dtypes): `float64` wins over `float32`, any float wins over `int32`.
 *
 * @param a - dtype of the first operand
 * @param b - dtype of the second operand
 * @returns the promoted dtype
 * @example
 * ```ts
 * import { promoteTypes } from "@tsgrad/ndarray";
 * promoteTypes("int32", "float32"); // "float32"
 * promoteTypes("float32", "float64"); // "float64"
 * ```
 * @category NDArray
 */
export function promoteTypes(a: DType, b: DType): DType {
  checkDType("promoteTypes", a);
  checkDType("promoteTypes", b);
  if (a === b) return a;
  if (a === "float64" || b === "float64") return "float64";
  return "float32";
}
