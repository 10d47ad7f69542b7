import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { maxPool2dAt } from "./max-pool2d.js";

/**
 * The `maxPool2dGrad` primitive: forward scatter-adds into zeros at the argmax
 * indices; vjp gathers `ū` at the same indices.
 * @internal
 */
export const maxPool2dGradPrimitive: Primitive<{ indices: T.NDArray; inputShape: readonly number[] }> = {
  name: "maxPool2dGrad",
  forward: ([g], { indices, inputShape }) => T.maxPool2dGrad(g!, indices, inputShape),
  vjp: (u, { attrs }) => [maxPool2dAt(u, attrs.indices)],
};

/**
 * Gradient of {@link maxPool2d} with respect to its input: zeros of `inputShape` with
 * each `gradOutput` element added at its window's argmax.
 *
 * Forward: `y = 0; y[n, c, indices[n, c, p]] += g[n, c, p]`. VJP: `ḡ[n, c, p] =
 * ū[n, c, indices[n, c, p]]`. Proven by `pool.test.ts`.
 *
 * @param gradOutput - `(N, C, OH, OW)`
 * @param indices - argmax indices from {@link maxPool2dWithIndices}
 * @param inputShape - the pooled input's shape `(N, C, H, W)`
 * @returns a Tensor of `inputShape`
 * @example
 * ```ts
 * import { tensor, maxPool2dGrad } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * maxPool2dGrad(tensor([[[[5]]]]), ndarray([[[[1]]]], { dtype: "int32" }), [1, 1, 2, 2]).data.toArray(); // [[[[0, 5], [0, 0]]]]
 * ```
 * @category Primitives
 */
export function maxPool2dGrad(gradOutput: Operand, indices: T.NDArray, inputShape: readonly number[]): Tensor {
  return apply(maxPool2dGradPrimitive, [asTensor(gradOutput, undefined, "maxPool2dGrad")], { indices, inputShape: inputShape.slice() });
}
