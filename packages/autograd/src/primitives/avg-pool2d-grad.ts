import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { avgPool2d, poolAttrs } from "./avg-pool2d.js";

/** The `avgPool2dGrad` primitive: forward spreads `g` over the windows; vjp {@link avgPool2d}. @internal */
export const avgPool2dGradPrimitive: Primitive<{ inputShape: readonly number[]; opts: T.AvgPool2dOptions }> = {
  name: "avgPool2dGrad",
  forward: ([g], { inputShape, opts }) => T.avgPool2dGrad(g!, inputShape, opts),
  vjp: (u, { attrs }) => [avgPool2d(u, attrs.opts)],
};

/**
 * Gradient of {@link avgPool2d} with respect to its input (its adjoint): each
 * `gradOutput` element divided by `kh·kw` and added over its window.
 *
 * Forward: `y[window(p)] += g[p] / (kh·kw)`. VJP: `ḡ = avgPool2d(ū)`. Proven by `pool.test.ts`.
 *
 * @param gradOutput - `(N, C, OH, OW)`
 * @param inputShape - the pooled input's shape `(N, C, H, W)`
 * @param opts - the pooling's `kernelSize`, `stride`, `padding`
 * @returns a Tensor of `inputShape`
 * @example
 * ```ts
 * import { tensor, avgPool2dGrad } from "@tsgrad/autograd";
 * avgPool2dGrad(tensor([[[[4]]]]), [1, 1, 2, 2], { kernelSize: 2 }).data.toArray(); // [[[[1, 1], [1, 1]]]]
 * ```
 * @category Primitives
 */
export function avgPool2dGrad(gradOutput: Operand, inputShape: readonly number[], opts: T.AvgPool2dOptions): Tensor {
  return apply(avgPool2dGradPrimitive, [asTensor(gradOutput, undefined, "avgPool2dGrad")], { inputShape: inputShape.slice(), opts: poolAttrs(opts) });
}
