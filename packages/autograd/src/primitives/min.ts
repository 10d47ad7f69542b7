// The min reduction primitive (its vjp routes the gradient to the minima): one file per
// primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { type AxisArg, type ReduceAttrs, reduceAttrs, reduceOptions } from "./reduce-attrs.js";
import { routeToExtremum } from "./route-to-extremum.js";

/** The `min` primitive: forward the smallest element; vjp routes `g` to it (shared at ties). @internal */
export const minPrimitive: Primitive<ReduceAttrs> = {
  name: "min",
  forward: ([x], a) => T.min(x!, { axis: a.axes, keepdims: a.keepdims }),
  vjp: (g, { inputs: [x], output, attrs }) => [routeToExtremum(g, x!, output, attrs)],
};

/**
 * The smallest element over axes (all by default).
 *
 * Forward: `y = min_axes x`. VJP: `x̄ = broadcast(ḡ) · [x = y] / #{x = y}` — the
 * gradient goes to the minimum and is shared equally among tied elements. Proven by
 * the `min` block of `primitives.test.ts`.
 *
 * @param x - input
 * @param axis - the axis or axes to reduce (all when omitted), or the options
 * @param opts - `axis` and `keepdims`
 * @returns the minimum
 * @example
 * ```ts
 * import { tensor, min } from "@tsgrad/autograd";
 * min(tensor([[1, 5], [7, 2]]), { axis: 1 }).data.toArray(); // [1, 2]
 * ```
 * @category Primitives
 */
export function min(x: Operand, axis?: AxisArg, opts?: T.ReduceOptions): Tensor {
  const v = asTensor(x, undefined, "min");
  return apply(minPrimitive, [v], reduceAttrs("min", v.shape, reduceOptions("min", axis, opts)));
}
