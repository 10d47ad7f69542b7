import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { conv2dInputGrad } from "./conv2d-input-grad.js";
import { conv2dWeightGrad } from "./conv2d-weight-grad.js";
import { reshape } from "./reshape.js";

/** A copy of the convolution options, as stored in the attrs of the conv primitives. @internal */
export function convAttrs(opts: T.Conv2dOptions): T.Conv2dOptions {
  const copy = (v: T.Size2d | undefined): T.Size2d | undefined => (Array.isArray(v) ? [v[0]!, v[1]!] : v);
  const padding = opts.padding === "same" || opts.padding === "valid" ? opts.padding : copy(opts.padding);
  return { stride: copy(opts.stride), padding, dilation: copy(opts.dilation), groups: opts.groups };
}

/**
 * The `conv2d` primitive on inputs `[x, weight]` or `[x, weight, bias as (1, O, 1, 1)]`:
 * forward im2col + gemm; vjp `(conv2dInputGrad(ḡ, w), conv2dWeightGrad(x, ḡ), ḡ)`, the
 * engine summing the bias gradient over N, H, W.
 * @internal
 */
export const conv2dPrimitive: Primitive<T.Conv2dOptions> = {
  name: "conv2d",
  forward: ([x, w, b], opts) => T.conv2d(x!, w!, b === undefined ? null : T.reshape(b, [b.size]), opts),
  vjp: (g, { inputs: [x, w, b], attrs }) => {
    const gx = x!.requiresGrad ? conv2dInputGrad(g, w!, x!.shape, attrs) : null;
    const gw = w!.requiresGrad ? conv2dWeightGrad(x!, g, w!.shape, attrs) : null;
    return b === undefined ? [gx, gw] : [gx, gw, g];
  },
};

/**
 * 2-D convolution (cross-correlation) of an NCHW input with PyTorch's `F.conv2d`
 * semantics: `x (N, C, H, W)`, `weight (O, C/groups, kh, kw)`, optional `bias (O)` →
 * `(N, O, OH, OW)`, `OH = ⌊(H + 2·pad − d·(kh − 1) − 1) / s⌋ + 1`.
 *
 * Forward: per sample, `W @ im2col(x) + b`. VJP: `x̄ = conv2dInputGrad(ḡ, W)` (a
 * transposed convolution), `W̄ = conv2dWeightGrad(x, ḡ)`, `b̄ = Σ_{n,h,w} ḡ`. The three
 * are primitives whose own vjps are again convolutions, so gradients of any order
 * follow. Proven by `conv2d.test.ts`.
 *
 * @param x - input `(N, C, H, W)`
 * @param weight - filters `(O, C/groups, kh, kw)`
 * @param bias - optional bias `(O)` (`null` or omitted for none)
 * @param opts - `stride`, `padding` (sizes, `"same"` or `"valid"`), `dilation`, `groups` (all default 1 / 0)
 * @returns the output `(N, O, OH, OW)`
 * @throws ShapeError for wrong ranks, a channel mismatch (C ≠ weight.shape[1]·groups), a bias that is not `(O)` or an empty output; ValueError for groups that do not divide the channels
 * @example
 * ```ts
 * import { tensor, conv2d } from "@tsgrad/autograd";
 * import { ones } from "@tsgrad/ndarray";
 * const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], { requiresGrad: true });
 * const y = conv2d(x, ones([1, 1, 2, 2]), null, { padding: 0 });
 * y.data.toArray(); // [[[[12, 16], [24, 28]]]]
 * y.sum().backward();
 * x.grad!.data.toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 * @category Primitives
 */
export function conv2d(x: Operand, weight: Operand, bias?: Operand | null, opts: T.Conv2dOptions = {}): Tensor {
  const vx = asTensor(x, undefined, "conv2d");
  const vw = asTensor(weight, vx, "conv2d");
  const attrs = convAttrs(opts);
  if (bias === undefined || bias === null) return apply(conv2dPrimitive, [vx, vw], attrs);
  const vb = asTensor(bias, vw, "conv2d");
  const O = vw.shape[0]!;
  if (vw.ndim !== 4) return apply(conv2dPrimitive, [vx, vw, vb], attrs); // the forward throws the rank error
  if (vb.ndim !== 1 || vb.shape[0] !== O) {
    throw new T.ShapeError("conv2d", `bias must have shape [${O}] (one per output channel of weight [${vw.shape.join(", ")}]), got [${vb.shape.join(", ")}]`, {
      bias: vb.shape,
      weight: vw.shape,
    });
  }
  return apply(conv2dPrimitive, [vx, vw, reshape(vb, [1, O, 1, 1])], attrs);
}
