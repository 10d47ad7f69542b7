// max and min: one reduction but for the comparison, so they share a file and their forward
// and vjp (the gradient goes to the elements equal to the result).
import * as T from "@tsgrad/ndarray";
import { type Primitive, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { broadcastTo } from "./broadcast-to.js";
import { mul } from "./mul.js";
import { reshape } from "./reshape.js";
import { type AxisArg, type ReduceAttrs, applyReduction, keptShape } from "./reduce-attrs.js";

/** The forward of max or min by its kernel, and their vjp: `g` routed to the extrema. */
function extremum(kernel: typeof T.max): Pick<Primitive<ReduceAttrs>, "forward" | "vjp"> {
  return {
    forward: ([x], a) => kernel(x!, { axis: a.axes, keepdims: a.keepdims }),
    vjp: (g, { inputs: [x], output, attrs }) => {
      const kept = keptShape(attrs);
      // NOTE: ties share the gradient equally: mask / (number of tied elements).
      const mask = T.eq(x!.data, T.reshape(output.data, kept)).astype(g.dtype);
      const count = T.sum(mask, { axis: attrs.axes, keepdims: true });
      return [mul(broadcastTo(reshape(g, kept), attrs.inShape), g.wrapData(T.div(mask, count)))];
    },
  };
}

/** The `max` primitive: forward the largest element; vjp routes `g` to it (shared at ties). @internal */
export const maxPrimitive: Primitive<ReduceAttrs> = { name: "max", ...extremum(T.max) };

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
  return applyReduction(maxPrimitive, x, axis, opts);
}

/** The `min` primitive: forward the smallest element; vjp routes `g` to it (shared at ties). @internal */
export const minPrimitive: Primitive<ReduceAttrs> = { name: "min", ...extremum(T.min) };

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
  return applyReduction(minPrimitive, x, axis, opts);
}

/** The method forms of max and min, put on Tensor by tensor.ts. @internal */
export const extremumMethods: {
  /**
   * Method form of {@link max}: the maximum.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  max(axis?: AxisArg, opts?: T.ReduceOptions): Tensor;

  /**
   * Method form of {@link min}: the minimum.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  min(axis?: AxisArg, opts?: T.ReduceOptions): Tensor;
} = methodsOf({ max, min });
