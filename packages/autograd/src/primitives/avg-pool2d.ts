// avgPool2d and avgPool2dGrad: adjoints whose vjps are each other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { AVG_POOL2D_KEYS, checkOptions, checkShape, underName } from "@tsgrad/ndarray/internal";

/** A copy of pooling options, as stored in attrs. @internal */
export function poolAttrs(opts: T.MaxPool2dOptions): T.MaxPool2dOptions {
  if (opts === null || typeof opts !== "object") return opts; // the tensor op rejects it by name
  const copy = (v: T.Size2d | undefined): T.Size2d | undefined => (Array.isArray(v) ? [v[0]!, v[1]!] : v);
  const out: T.MaxPool2dOptions = { kernelSize: copy(opts.kernelSize)! };
  if (opts.stride !== undefined) out.stride = copy(opts.stride);
  if (opts.padding !== undefined) out.padding = copy(opts.padding);
  if (opts.dilation !== undefined) out.dilation = copy(opts.dilation);
  if (opts.ceilMode !== undefined) out.ceilMode = opts.ceilMode;
  if (opts.countIncludePad !== undefined) out.countIncludePad = opts.countIncludePad;
  return out;
}

/** The `avgPool2d` primitive: forward window means; vjp {@link avgPool2dGrad}. @internal */
export const avgPool2dPrimitive: Primitive<T.AvgPool2dOptions> = {
  name: "avgPool2d",
  forward: ([x], opts) => T.avgPool2d(x!, opts),
  vjp: (g, { inputs: [x], attrs }) => [avgPool2dGrad(g, x!.shape, attrs)],
};

/**
 * 2-D average pooling of an NCHW input with PyTorch's `F.avg_pool2d` defaults: the mean
 * of each window, padded positions counted as zeros (`count_include_pad=True`).
 *
 * Forward: `y = Σ window / (kh·kw)`. VJP: `x̄ = avgPool2dGrad(ḡ)` — each gradient spread
 * evenly over its window; that op's vjp is `avgPool2d` again. Proven by `pool.test.ts`.
 *
 * @param x - input `(N, C, H, W)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding` (at most half the kernel), `ceilMode`, `countIncludePad`
 * @returns `(N, C, OH, OW)`
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options
 * @example
 * ```ts
 * import { tensor, avgPool2d } from "@tsgrad/autograd";
 * avgPool2d(tensor([[[[1, 2], [3, 6]]]]), { kernelSize: 2 }).data.toArray(); // [[[[3]]]]
 * ```
 * @category Primitives
 */
export function avgPool2d(x: Operand, opts: T.AvgPool2dOptions): Tensor {
  checkOptions("avgPool2d", opts, AVG_POOL2D_KEYS);
  return apply(avgPool2dPrimitive, [asTensor(x, undefined, "avgPool2d")], poolAttrs(opts));
}

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
  checkShape("avgPool2dGrad", "inputShape", inputShape);
  checkOptions("avgPool2dGrad", opts, AVG_POOL2D_KEYS);
  return underName("avgPool2dGrad", () => {
    return apply(avgPool2dGradPrimitive, [asTensor(gradOutput, undefined, "avgPool2dGrad")], { inputShape: inputShape.slice(), opts: poolAttrs(opts) });
  });
}
