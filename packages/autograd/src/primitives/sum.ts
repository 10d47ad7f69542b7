// The sum reduction primitive: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { broadcastTo } from "./broadcast-to.js";
import { reshape } from "./reshape.js";
import { type AxisArg, type ReduceAttrs, applyReduction, keptShape } from "./reduce-attrs.js";

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
 * @param axis - the axis or axes to reduce (all when omitted), or the options
 * @param opts - `axis` (number or list, negative allowed) and `keepdims`
 * @returns the sums
 * @example
 * ```ts
 * import { tensor, sum } from "@tsgrad/autograd";
 * sum(tensor([[1, 2], [3, 4]]), { axis: 0 }).data.toArray(); // [4, 6]
 * ```
 * @category Primitives
 */
export function sum(x: Operand, axis?: AxisArg, opts?: T.ReduceOptions): Tensor {
  return applyReduction(sumPrimitive, x, axis, opts);
}

/** The method form of {@link sum}, put on Tensor by tensor.ts. @internal */
export const sumMethods: {
  /**
   * Method form of {@link sum}: the sum.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  sum(axis?: AxisArg, opts?: T.ReduceOptions): Tensor;
} = methodsOf({ sum });
