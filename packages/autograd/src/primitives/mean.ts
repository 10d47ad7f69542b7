// The mean reduction primitive: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { broadcastTo } from "./broadcast-to.js";
import { div } from "./div.js";
import { reshape } from "./reshape.js";
import { type AxisArg, type ReduceAttrs, applyReduction, keptShape, reducedCount } from "./reduce-attrs.js";

/** The `mean` primitive: forward `Σ x / n`; vjp `broadcast(g) / n`. @internal */
export const meanPrimitive: Primitive<ReduceAttrs> = {
  name: "mean",
  forward: ([x], a) => T.mean(x!, { axis: a.axes, keepdims: a.keepdims }),
  // Divide the reduced gradient, then broadcast it (a stride-0 view): n elements of work, not x.size.
  vjp: (g, { attrs }) => [broadcastTo(reshape(div(g, reducedCount(attrs)), keptShape(attrs)), attrs.inShape)],
};

/**
 * Mean over axes (all by default). One of the six primitives BatchNorm is composed of.
 *
 * Forward: `y = (1/n) Σ_axes x` with `n` the number of reduced elements. VJP:
 * `x̄ = broadcast(ḡ) / n`. Proven by the `mean` block of `primitives.test.ts`.
 *
 * @param x - input
 * @param axis - the axis or axes to reduce (all when omitted), or the options
 * @param opts - `axis` (number or list, negative allowed) and `keepdims`
 * @returns the means
 * @example
 * ```ts
 * import { tensor, mean } from "@tsgrad/autograd";
 * mean(tensor([[1, 2], [3, 4]]), { axis: 1 }).data.toArray(); // [1.5, 3.5]
 * ```
 * @category Primitives
 */
export function mean(x: Operand, axis?: AxisArg, opts?: T.ReduceOptions): Tensor {
  return applyReduction(meanPrimitive, x, axis, opts);
}

/** The method form of {@link mean}, put on Tensor by tensor.ts. @internal */
export const meanMethods: {
  /**
   * Method form of {@link mean}: the mean.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  mean(axis?: AxisArg, opts?: T.ReduceOptions): Tensor;
} = methodsOf({ mean });
