import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { conv2d, convAttrs } from "./conv2d.js";
import { conv2dInputGrad } from "./conv2d-input-grad.js";

/**
 * The `conv2dWeightGrad` primitive on `[x, gradOutput]`: vjp
 * `(conv2dInputGrad(gradOutput, v̄), conv2d(x, v̄))`.
 * @internal
 */
export const conv2dWeightGradPrimitive: Primitive<{ weightShape: readonly number[]; opts: T.Conv2dOptions }> = {
  name: "conv2dWeightGrad",
  forward: ([x, g], { weightShape, opts }) => T.conv2dWeightGrad(x!, g!, weightShape, opts),
  vjp: (v, { inputs: [x, g], attrs }) => [
    x!.requiresGrad ? conv2dInputGrad(g!, v, x!.shape, attrs.opts) : null,
    g!.requiresGrad ? conv2d(x!, v, null, attrs.opts) : null,
  ],
};

/**
 * Gradient of {@link conv2d} with respect to its weight: for every filter tap, the
 * correlation of `x` with `gradOutput` summed over the batch. Bilinear; differentiable in both.
 *
 * Forward: `y[o, c, i, j] = Σ_{n, p, q} g[n, o, p, q] · x[n, c, p·s + i·d − pad, q·s + j·d − pad]`.
 * VJP: `x̄ = conv2dInputGrad(g, v̄)`, `ḡ = conv2d(x, v̄)`. Proven by `conv2d.test.ts`.
 *
 * @param x - the convolution's input `(N, C, H, W)`
 * @param gradOutput - `(N, O, OH, OW)`
 * @param weightShape - the filters' shape `(O, C/groups, kh, kw)`
 * @param opts - the convolution's `stride`, `padding`, `dilation`, `groups`
 * @returns a Tensor of `weightShape`
 * @throws ShapeError when `gradOutput` is not the convolution's output shape
 * @example
 * ```ts
 * import { tensor, conv2dWeightGrad } from "@tsgrad/autograd";
 * import { ones } from "@tsgrad/ndarray";
 * const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
 * conv2dWeightGrad(x, ones([1, 1, 2, 2]), [1, 1, 2, 2]).data.toArray(); // [[[[12, 16], [24, 28]]]]
 * ```
 * @category Primitives
 */
export function conv2dWeightGrad(x: Operand, gradOutput: Operand, weightShape: readonly number[], opts: T.Conv2dOptions = {}): Tensor {
  const vx = asTensor(x, undefined, "conv2dWeightGrad");
  const vg = asTensor(gradOutput, vx, "conv2dWeightGrad");
  return apply(conv2dWeightGradPrimitive, [vx, vg], { weightShape: weightShape.slice(), opts: convAttrs(opts) });
}
