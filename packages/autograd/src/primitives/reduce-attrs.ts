import * as T from "@tsgrad/ndarray";
import { Variable } from "../variable.js";
import { broadcastTo } from "./broadcast-to.js";
import { mul } from "./mul.js";
import { reshape } from "./reshape.js";
import { normalizeAxesFor } from "../axes.js";

/** Attributes of the reduction primitives: normalised axes and keepdims. @internal */
export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
  /** The input's shape. */
  inShape: readonly number[];
}

/** Normalises reduction options for an input shape. @internal */
export function reduceAttrs(op: string, shape: readonly number[], opts: T.ReduceOptions | undefined): ReduceAttrs {
  return { axes: normalizeAxesFor(op, opts?.axis, shape.length), keepdims: opts?.keepdims ?? false, inShape: shape };
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
 * The vjp of `max` and `min`: the upstream gradient goes to the elements equal to the result.
 * @internal
 */
export function routeToExtremum(g: Variable, x: Variable, output: Variable, attrs: ReduceAttrs): Variable {
  const kept = keptShape(attrs);
  // NOTE: ties share the gradient equally: mask / (number of tied elements).
  const mask = T.eq(x.data, T.reshape(output.data, kept)).astype(g.dtype);
  const count = T.sum(mask, { axis: attrs.axes, keepdims: true });
  return mul(broadcastTo(reshape(g, kept), attrs.inShape), new Variable(T.div(mask, count)));
}
