// The max reduction primitive (its vjp routes the gradient to the maxima): one file per
// primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { type AxisArg, type ReduceAttrs, reduceAttrs, reduceOptions } from "./reduce-attrs.js";
import { routeToExtremum } from "./route-to-extremum.js";

/** The `max` primitive: forward the largest element; vjp routes `g` to it (shared at ties). @internal */
export const maxPrimitive: Primitive<ReduceAttrs> = {
  name: "max",
  forward: ([x], a) => T.max(x!, { axis: a.axes, keepdims: a.keepdims }),
  vjp: (g, { inputs: [x], output, attrs }) => [routeToExtremum(g, x!, output, attrs)],
};

/**
 * The largest element over axes (all by default).
 *
 * Forward: `y = max_axes x`. VJP: `x̄ = broadcast(ḡ) · [x = y] / #{x = y}` — the
 * gradient goes to the maximum and is shared equally among tied elements. Proven by
 * the `max` block of `primitives.test.ts`.
 *
 * @param x - input
 * @param axis - the axis or axes to reduce (all when omitted), or the options
 * @param opts - `axis` and `keepdims`
 * @returns the maximum
 * @example
 * ```ts
 * import { tensor, max } from "@tsgrad/autograd";
 * max(tensor([[1, 5], [7, 2]]), { axis: 1 }).data.toArray(); // [5, 7]
 * ```
 * @category Primitives
 */
export function max(x: Operand, axis?: AxisArg, opts?: T.ReduceOptions): Tensor {
  const v = asTensor(x, undefined, "max");
  return apply(maxPrimitive, [v], reduceAttrs("max", v.shape, reduceOptions("max", axis, opts)));
}
