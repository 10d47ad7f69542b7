import type { ReduceOptions } from "@tsgrad/tensor";
import { normalizeAxesFor } from "../axes.js";

/** Attributes of the reduction primitives: normalised axes and keepdims. @internal */
export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
  /** The input's shape. */
  inShape: readonly number[];
}

/** Normalises reduction options for an input shape. @internal */
export function reduceAttrs(op: string, shape: readonly number[], opts: ReduceOptions | undefined): ReduceAttrs {
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
