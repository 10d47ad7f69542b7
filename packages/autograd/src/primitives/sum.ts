import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, type Variable, asVariable } from "../variable.js";
import { broadcastTo } from "./broadcast-to.js";
import { reshape } from "./reshape.js";
import { type ReduceAttrs, keptShape, reduceAttrs } from "./reduce-attrs.js";

/** The `sum` primitive: forward `Σ x` over axes; vjp broadcasts `g` back. @internal */
export const sumPrimitive: Primitive<ReduceAttrs> = {
  name: "sum",
  forward: ([x], a) => T.sum(x!, { axis: a.axes, keepdims: a.keepdims }),
  vjp: (g, { attrs }) => [broadcastTo(reshape(g, keptShape(attrs)), attrs.inShape)],
};

/**
 * Sum over axes (all by default).
 *
 * Forward: `y = Σ_axes x`. VJP: `x̄ = broadcast(ḡ)` — the upstream gradient, with the
 * reduced axes restored as size 1, broadcast to the input's shape. Proven by the `sum`
 * block of `primitives.test.ts`.
 *
 * @param x - input
 * @param opts - `axis` (number or list, negative allowed) and `keepdims`
 * @returns the sums
 * @example
 * ```ts
 * import { variable, sum } from "@tsgrad/autograd";
 * sum(variable([[1, 2], [3, 4]]), { axis: 0 }).data.toArray(); // [4, 6]
 * ```
 * @category Primitives
 */
export function sum(x: Operand, opts?: T.ReduceOptions): Variable {
  const v = asVariable(x, undefined, "sum");
  return apply(sumPrimitive, [v], reduceAttrs("sum", v.shape, opts));
}
