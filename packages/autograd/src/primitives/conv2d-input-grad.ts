import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { conv2d, convAttrs } from "./conv2d.js";
import { conv2dWeightGrad } from "./conv2d-weight-grad.js";

/**
 * The `conv2dInputGrad` primitive (a transposed convolution) on `[gradOutput, weight]`:
 * vjp `(conv2d(ū, w), conv2dWeightGrad(ū, gradOutput))`.
 * @internal
 */
export const conv2dInputGradPrimitive: Primitive<{ inputShape: readonly number[]; opts: T.Conv2dOptions }> = {
  name: "conv2dInputGrad",
  forward: ([g, w], { inputShape, opts }) => T.conv2dInputGrad(g!, w!, inputShape, opts),
  vjp: (u, { inputs: [g, w], attrs }) => [
    g!.requiresGrad ? conv2d(u, w!, null, attrs.opts) : null,
    w!.requiresGrad ? conv2dWeightGrad(u, g!, w!.shape, attrs.opts) : null,
  ],
};

/**
 * Gradient of {@link conv2d} with respect to its input — the transposed convolution
 * of `gradOutput` by `weight` back to `inputShape`. Bilinear; differentiable in both.
 *
 * Forward: `y = Wᵀ ⋆ g` (per sample `col2im(Wᵀ @ g)`). VJP: `ḡ = conv2d(ū, W)`,
 * `W̄ = conv2dWeightGrad(ū, g)`. Proven by `conv2d.test.ts`.
 *
 * @param gradOutput - `(N, O, OH, OW)`
 * @param weight - the convolution's filters `(O, C/groups, kh, kw)`
 * @param inputShape - the convolution's input shape `(N, C, H, W)`
 * @param opts - the convolution's `stride`, `padding`, `dilation`, `groups`
 * @returns a Tensor of `inputShape`
 * @throws ShapeError when `gradOutput` is not the convolution's output shape for `inputShape`
 * @example
 * ```ts
 * import { tensor, conv2dInputGrad } from "@tsgrad/autograd";
 * import { ones } from "@tsgrad/ndarray";
 * conv2dInputGrad(tensor(ones([1, 1, 2, 2])), ones([1, 1, 2, 2]), [1, 1, 3, 3]).data.toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 * @category Primitives
 */
export function conv2dInputGrad(gradOutput: Operand, weight: Operand, inputShape: readonly number[], opts: T.Conv2dOptions = {}): Tensor {
  const vg = asTensor(gradOutput, undefined, "conv2dInputGrad");
  const vw = asTensor(weight, vg, "conv2dInputGrad");
  return apply(conv2dInputGradPrimitive, [vg, vw], { inputShape: inputShape.slice(), opts: convAttrs(opts) });
}
