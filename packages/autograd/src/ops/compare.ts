// Comparisons and arg-reductions: results that carry no gradient (int32 0/1 masks and
// indices), computed on the values and returned as constants beside their input.
import * as T from "@tsgrad/ndarray";
import { type Operand, TensorBase, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { methodsOf } from "../primitive.js";
import { type OptionKeys, checkBoolean, checkOptions, describeValue, normalizeAxis, underName } from "@tsgrad/ndarray/internal";

/** The comparison kernels, by op name. */
const KERNELS = { eq: T.eq, ne: T.ne, lt: T.lt, le: T.le, gt: T.gt, ge: T.ge };
type Comparison = keyof typeof KERNELS;

/** The free function of a comparison, written once for all six: the kernel on the values. */
function comparison(op: Comparison): (a: Operand, b: Operand) => Tensor {
  const kernel = KERNELS[op];
  return (a, b) =>
    underName(op, () => {
      const like = a instanceof TensorBase ? a : b;
      const va = asTensor(a, like, op);
      const vb = asTensor(b, va, op);
      return va.wrapData(kernel(va.data, vb.data));
    });
}

/**
 * Elementwise `a == b` with broadcasting, as an int32 mask of 0 and 1. Not differentiable.
 * @param a - first operand
 * @param b - second operand
 * @returns the int32 mask
 * @example
 * ```ts
 * import { tensor, eq } from "@tsgrad/autograd";
 * eq(tensor([1, 2, 3]), 2).toArray(); // [0, 1, 0]
 * ```
 * @category Comparison
 * @function
 */
export const eq = comparison("eq");

/**
 * Elementwise `a != b` with broadcasting, as an int32 mask. Not differentiable.
 * @param a - first operand
 * @param b - second operand
 * @returns the int32 mask
 * @example
 * ```ts
 * import { tensor, ne } from "@tsgrad/autograd";
 * ne(tensor([1, 2, 3]), 2).toArray(); // [1, 0, 1]
 * ```
 * @category Comparison
 * @function
 */
export const ne = comparison("ne");

/**
 * Elementwise `a < b` with broadcasting, as an int32 mask. Not differentiable.
 * @param a - first operand
 * @param b - second operand
 * @returns the int32 mask
 * @example
 * ```ts
 * import { tensor, lt } from "@tsgrad/autograd";
 * lt(tensor([1, 2, 3]), 2).toArray(); // [1, 0, 0]
 * ```
 * @category Comparison
 * @function
 */
export const lt = comparison("lt");

/**
 * Elementwise `a <= b` with broadcasting, as an int32 mask. Not differentiable.
 * @param a - first operand
 * @param b - second operand
 * @returns the int32 mask
 * @example
 * ```ts
 * import { tensor, le } from "@tsgrad/autograd";
 * le(tensor([1, 2, 3]), 2).toArray(); // [1, 1, 0]
 * ```
 * @category Comparison
 * @function
 */
export const le = comparison("le");

/**
 * Elementwise `a > b` with broadcasting, as an int32 mask. Not differentiable.
 * @param a - first operand
 * @param b - second operand
 * @returns the int32 mask
 * @example
 * ```ts
 * import { tensor, gt } from "@tsgrad/autograd";
 * gt(tensor([1, 2, 3]), 2).toArray(); // [0, 0, 1]
 * ```
 * @category Comparison
 * @function
 */
export const gt = comparison("gt");

/**
 * Elementwise `a >= b` with broadcasting, as an int32 mask. Not differentiable.
 * @param a - first operand
 * @param b - second operand
 * @returns the int32 mask
 * @example
 * ```ts
 * import { tensor, ge } from "@tsgrad/autograd";
 * ge(tensor([1, 2, 3]), 2).toArray(); // [0, 1, 1]
 * ```
 * @category Comparison
 * @function
 */
export const ge = comparison("ge");

/**
 * Options of {@link argmax} and {@link argmin}.
 * @example
 * ```ts
 * import { type ArgReduceOptions, tensor, argmax } from "@tsgrad/autograd";
 * const opts: ArgReduceOptions = { axis: 1, keepdims: true };
 * argmax(tensor([[1, 5], [7, 2]]), opts).toArray(); // [[1], [0]]
 * ```
 * @category Comparison
 */
export interface ArgReduceOptions {
  /** The axis to search along; the whole flattened Tensor when omitted. */
  axis?: number;
  /** Keep the reduced axis with size 1 (default false). */
  keepdims?: boolean;
}

const ARG_REDUCE_KEYS: OptionKeys<ArgReduceOptions> = { axis: true, keepdims: true };

function argReduce(op: "argmax" | "argmin", x: Operand, axis: number | ArgReduceOptions | undefined, options: ArgReduceOptions | undefined): Tensor {
  return underName(op, () => {
    const v = asTensor(x, undefined, op);
    let opts: ArgReduceOptions;
    if (axis === undefined) opts = checkOptions(op, options, ARG_REDUCE_KEYS);
    else if (typeof axis === "number") {
      const o = checkOptions(op, options, ARG_REDUCE_KEYS);
      if (o.axis !== undefined) throw new T.ValueError(op, "the axis is given twice: positionally and in the options", {});
      opts = { ...o, axis };
    } else if (axis !== null && typeof axis === "object" && !Array.isArray(axis)) {
      if (options !== undefined) throw new T.ValueError(op, "options given twice: pass the axis positionally or in one options object", {});
      opts = checkOptions(op, axis, ARG_REDUCE_KEYS);
    } else throw new T.AxisError(op, `axis must be an integer or an options object, got ${describeValue(axis)}`, {});
    if (opts.keepdims !== undefined) checkBoolean(op, "options", "keepdims", opts.keepdims);
    const ax = opts.axis === undefined ? undefined : normalizeAxis(op, opts.axis, v.ndim, "Tensor");
    const kernel = op === "argmax" ? T.argmax : T.argmin;
    return v.wrapData(kernel(v.data, ax, opts.keepdims ?? false));
  });
}

/**
 * Indices of the maxima along an axis (of the flattened Tensor when no axis is given), as
 * int32. Ties give the first index. Not differentiable.
 * @param x - input
 * @param axis - the axis, or the options
 * @param opts - `axis` and `keepdims`
 * @returns the int32 indices
 * @example
 * ```ts
 * import { tensor, argmax } from "@tsgrad/autograd";
 * const x = tensor([[1, 5], [7, 2]]);
 * argmax(x).item();          // 2
 * x.argmax(1).toArray();     // [1, 0]
 * ```
 * @category Comparison
 */
export function argmax(x: Operand, axis?: number | ArgReduceOptions, opts?: ArgReduceOptions): Tensor {
  return argReduce("argmax", x, axis, opts);
}

/**
 * Indices of the minima along an axis (of the flattened Tensor when no axis is given), as
 * int32. Ties give the first index. Not differentiable.
 * @param x - input
 * @param axis - the axis, or the options
 * @param opts - `axis` and `keepdims`
 * @returns the int32 indices
 * @example
 * ```ts
 * import { tensor, argmin } from "@tsgrad/autograd";
 * tensor([[1, 5], [7, 2]]).argmin({ axis: 0 }).toArray(); // [0, 1]
 * ```
 * @category Comparison
 */
export function argmin(x: Operand, axis?: number | ArgReduceOptions, opts?: ArgReduceOptions): Tensor {
  return argReduce("argmin", x, axis, opts);
}

/** The method forms of the comparisons and arg-reductions (`x.eq(y)`), put on Tensor by tensor.ts. @internal */
export const compareMethods: {
  /**
   * Method form of {@link eq}: the int32 mask of `this == other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  eq(other: Operand): Tensor;

  /**
   * Method form of {@link ne}: the int32 mask of `this != other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  ne(other: Operand): Tensor;

  /**
   * Method form of {@link lt}: the int32 mask of `this < other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  lt(other: Operand): Tensor;

  /**
   * Method form of {@link le}: the int32 mask of `this <= other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  le(other: Operand): Tensor;

  /**
   * Method form of {@link gt}: the int32 mask of `this > other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  gt(other: Operand): Tensor;

  /**
   * Method form of {@link ge}: the int32 mask of `this >= other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  ge(other: Operand): Tensor;

  /**
   * Method form of {@link argmax}: the int32 indices of the maxima (not differentiable).
   * @param axis - the axis (flattened when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  argmax(axis?: number | ArgReduceOptions, opts?: ArgReduceOptions): Tensor;

  /**
   * Method form of {@link argmin}: the int32 indices of the minima (not differentiable).
   * @param axis - the axis (flattened when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  argmin(axis?: number | ArgReduceOptions, opts?: ArgReduceOptions): Tensor;
} = methodsOf({ eq, ne, lt, le, gt, ge, argmax, argmin });
