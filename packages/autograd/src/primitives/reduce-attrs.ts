// The axis and keepdims arguments of the reductions (sum, mean, max, min), parsed once for all
// of them; a file of its own so that it imports no primitive.
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { type OptionKeys, REDUCE_KEYS, checkBoolean, checkOptions, describeValue, normalizeAxes } from "@tsgrad/ndarray/internal";

/** Attributes of the reduction primitives: normalised axes and keepdims. @internal */
export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
  /** The input's shape. */
  inShape: readonly number[];
}

/**
 * The axis argument of a reduction: an axis, a list of axes, or the options object itself
 * (`sum(x, 1)`, `sum(x, [0, 1], { keepdims: true })`, `sum(x, { axis: 1 })`).
 * @example
 * ```ts
 * import { type AxisArg, tensor } from "@tsgrad/autograd";
 * const x = tensor([[1, 2], [3, 4]]);
 * const byRow: AxisArg = 1;
 * x.sum(byRow).toArray();                    // [3, 7]
 * x.sum({ axis: 0, keepdims: true }).toArray(); // [[4, 6]]
 * ```
 * @category Autograd
 */
export type AxisArg = number | readonly number[] | T.ReduceOptions | undefined;

/**
 * Merges a reduction's positional axis argument and its options into one options object,
 * checking their kinds: an axis given both ways, an option not among `known` (the names of
 * `O`), a non-boolean `keepdims` or an axis that is not an integer or a list is an error
 * naming `op`.
 * @internal
 */
export function reduceOptions<O extends T.ReduceOptions>(op: string, axis: number | readonly number[] | O | undefined, opts: O | undefined, known: OptionKeys<O>): O {
  let merged: O;
  if (axis === undefined) merged = checkOptions(op, opts, known);
  else if (typeof axis === "number" || Array.isArray(axis)) {
    const o = checkOptions(op, opts, known);
    if (o.axis !== undefined) throw new T.ValueError(op, "the axis is given twice: positionally and in the options", {});
    merged = { ...o, axis: axis as number | readonly number[] };
  } else if (axis !== null && typeof axis === "object") {
    if (opts !== undefined) throw new T.ValueError(op, "options given twice: pass the axis positionally or in one options object", {});
    merged = checkOptions(op, axis as O, known);
  } else {
    throw new T.AxisError(op, `axis must be an integer, a list of integers or an options object, got ${describeValue(axis)}`, { axis: String(axis) });
  }
  if (merged.keepdims !== undefined) checkBoolean(op, "options", "keepdims", merged.keepdims);
  return merged;
}

/** Normalises reduction options for an input shape. @internal */
export function reduceAttrs(op: string, shape: readonly number[], opts: T.ReduceOptions | undefined): ReduceAttrs {
  return { axes: normalizeAxes(op, opts?.axis, shape.length, "Tensor"), keepdims: opts?.keepdims ?? false, inShape: shape };
}

/** The output shape with reduced axes kept as size 1. @internal */
export function keptShape(a: ReduceAttrs): number[] {
  return a.inShape.map((d, i) => (a.axes.includes(i) ? 1 : d));
}

/** Number of elements each output element reduces over. @internal */
export function reducedCount(a: ReduceAttrs): number {
  return a.axes.reduce((c, i) => c * a.inShape[i]!, 1);
}

/**
 * Applies a reduction primitive (sum, mean, max, min) to `x` with its axis arguments checked and
 * normalised into the attributes; errors name the primitive. @internal
 */
export function applyReduction(primitive: Primitive<ReduceAttrs>, x: Operand, axis: AxisArg, opts: T.ReduceOptions | undefined): Tensor {
  const v = asTensor(x, undefined, primitive.name);
  return apply(primitive, [v], reduceAttrs(primitive.name, v.shape, reduceOptions(primitive.name, axis, opts, REDUCE_KEYS)));
}
