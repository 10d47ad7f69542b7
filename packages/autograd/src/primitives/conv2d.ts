// conv2d with its input and weight gradients: the vjp of each of the three is made of the
// other two, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { reshape } from "./reshape.js";
import { CONV2D_KEYS, checkOptions, checkShape, fmtShape, underName, isRecord } from "@tsgrad/ndarray/internal";

/** A copy of the convolution options, as stored in the attrs of the conv primitives. @internal */
export function convAttrs(opts: T.Conv2dOptions): T.Conv2dOptions {
  // A copy of every entry (not just two), so the kernel's check sees a pair of the wrong length.
  const copy = (v: T.Size2d | undefined): T.Size2d | undefined => (Array.isArray(v) ? (v.slice() as unknown as T.Size2d) : v);
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
  if (isRecord(bias)) {
    throw new T.ValueError("conv2d", `bias must be a Tensor, null or undefined, got an options object; options are the fourth argument: conv2d(x, weight, null, { … })`, {});
  }
  checkOptions("conv2d", opts, CONV2D_KEYS);
  const vx = asTensor(x, tensorAmong(weight, bias), "conv2d");
  const vw = asTensor(weight, vx, "conv2d");
  const attrs = convAttrs(opts);
  if (bias === undefined || bias === null) return apply(conv2dPrimitive, [vx, vw], attrs);
  const vb = asTensor(bias, vw, "conv2d");
  const O = vw.shape[0]!;
  if (vw.ndim !== 4) return apply(conv2dPrimitive, [vx, vw, vb], attrs); // the forward throws the rank error
  if (vb.ndim !== 1 || vb.shape[0] !== O) {
    throw new T.ShapeError("conv2d", `bias must have shape [${O}] (one per output channel of weight ${fmtShape(vw.shape)}), got ${fmtShape(vb.shape)}`, {
      bias: vb.shape,
      weight: vw.shape,
    });
  }
  return apply(conv2dPrimitive, [vx, vw, reshape(vb, [1, O, 1, 1])], attrs);
}

/** The attributes of conv2dInputGrad and conv2dWeightGrad: the result's shape (under `K`) and the options. @internal */
export type ConvGradAttrs<K extends "inputShape" | "weightShape"> = { readonly [k in K]: readonly number[] } & { readonly opts: T.Conv2dOptions };

/**
 * Applies conv2dInputGrad or conv2dWeightGrad to its two operands, written once for both: the
 * result's shape (argument `key`) and the options checked, errors named after the primitive.
 */
function applyConvGrad<K extends "inputShape" | "weightShape">(primitive: Primitive<ConvGradAttrs<K>>, key: K, a: Operand, b: Operand, shape: readonly number[], opts: T.Conv2dOptions): Tensor {
  const op = primitive.name;
  checkShape(op, key, shape);
  checkOptions(op, opts, CONV2D_KEYS);
  return underName(op, () => {
    const va = asTensor(a, tensorAmong(b), op);
    const vb = asTensor(b, va, op);
    return apply(primitive, [va, vb], { [key]: shape.slice(), opts: convAttrs(opts) } as ConvGradAttrs<K>);
  });
}

/**
 * The `conv2dInputGrad` primitive (a transposed convolution) on `[gradOutput, weight]`:
 * vjp `(conv2d(ū, w), conv2dWeightGrad(ū, gradOutput))`.
 * @internal
 */
export const conv2dInputGradPrimitive: Primitive<ConvGradAttrs<"inputShape">> = {
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
  return applyConvGrad(conv2dInputGradPrimitive, "inputShape", gradOutput, weight, inputShape, opts);
}

/**
 * The `conv2dWeightGrad` primitive on `[x, gradOutput]`: vjp
 * `(conv2dInputGrad(gradOutput, v̄), conv2d(x, v̄))`.
 * @internal
 */
export const conv2dWeightGradPrimitive: Primitive<ConvGradAttrs<"weightShape">> = {
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
  return applyConvGrad(conv2dWeightGradPrimitive, "weightShape", x, gradOutput, weightShape, opts);
}
