// maxPool2d and maxPool2dGrad: adjoints whose vjps are each other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { checkShape, underName } from "@tsgrad/ndarray/internal";

/**
 * The `maxPool2d` primitive: forward picks each window's argmax, found when the op was
 * applied and kept in the attrs; vjp scatters `ḡ` back to those positions
 * ({@link maxPool2dGrad}).
 * @internal
 */
export const maxPool2dPrimitive: Primitive<{ indices: T.NDArray }> = {
  name: "maxPool2d",
  forward: ([x], { indices }) => T.gatherPlanes(x!, indices),
  vjp: (g, { inputs: [x], attrs }) => [maxPool2dGrad(g, attrs.indices, x!.shape)],
};

/** Max pooling replayed at given argmax indices (the vjp of {@link maxPool2dGrad}). @internal */
export function maxPool2dAt(x: Tensor, indices: T.NDArray): Tensor {
  return apply(maxPool2dPrimitive, [x], { indices });
}

/**
 * {@link maxPool2d} that also returns the argmax indices (PyTorch's `return_indices=True`):
 * int32, flat `h·W + w` within each `(n, c)` plane.
 *
 * Forward: `values = max over each window`, `indices` = where each maximum is. VJP:
 * `x̄ = maxPool2dGrad(ḡ, indices)` for the gradient `ḡ` of `values`, each gradient added
 * at its window's argmax. Proven by `pool.test.ts`.
 *
 * @param x - input `(N, C, H, W)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`
 * @returns the pooled `values` (a Tensor) and their `indices` (an NDArray), both `(N, C, OH, OW)`
 * @example
 * ```ts
 * import { tensor, maxPool2dWithIndices } from "@tsgrad/autograd";
 * maxPool2dWithIndices(tensor([[[[1, 9], [3, 4]]]]), { kernelSize: 2 }).indices.toArray(); // [[[[1]]]]
 * ```
 * @category Primitives
 */
export function maxPool2dWithIndices(
  x: Operand,
  opts: T.MaxPool2dOptions,
): {
  /** The pooled maxima `(N, C, OH, OW)`, differentiable. */
  values: Tensor;
  /** Where each maximum came from: int32 flat index `h·W + w` in its input plane. */
  indices: T.NDArray;
} {
  const v = asTensor(x, undefined, "maxPool2dWithIndices");
  const { indices } = T.maxPool2dWithIndices(v.data, opts);
  return { values: maxPool2dAt(v, indices), indices };
}

/**
 * 2-D max pooling of an NCHW input with PyTorch's `F.max_pool2d` semantics: the
 * largest value in each window, padding acting as −∞; NaN propagates.
 *
 * Forward: `y = max over each window`, its argmax recorded. VJP: `x̄ = maxPool2dGrad(ḡ)`
 * — each gradient added at its window's argmax (ties: the first position in the
 * window). Its own vjp gathers at the same positions, so second order works. Proven
 * by `pool.test.ts`.
 *
 * @param x - input `(N, C, H, W)`
 * @param opts - `kernelSize`, `stride` (default `kernelSize`), `padding` (at most half the kernel), `dilation`
 * @returns `(N, C, OH, OW)`
 * @throws ShapeError for a wrong rank or an empty output; ValueError for bad options
 * @example
 * ```ts
 * import { tensor, maxPool2d } from "@tsgrad/autograd";
 * const x = tensor([[[[1, 9], [3, 4]]]], { requiresGrad: true });
 * maxPool2d(x, { kernelSize: 2 }).sum().backward();
 * x.grad!.data.toArray(); // [[[[0, 1], [0, 0]]]]
 * ```
 * @category Primitives
 */
export function maxPool2d(x: Operand, opts: T.MaxPool2dOptions): Tensor {
  return underName("maxPool2d", () => {
    return maxPool2dWithIndices(x, opts).values;
  });
}

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
  checkShape("maxPool2dGrad", "inputShape", inputShape);
  return underName("maxPool2dGrad", () => {
    return apply(maxPool2dGradPrimitive, [asTensor(gradOutput, undefined, "maxPool2dGrad")], { indices, inputShape: inputShape.slice() });
  });
}
