import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { slice } from "./slice.js";

/** The `sliceScatter` primitive: forward places `x` into zeros; vjp slices `g`. @internal */
export const sliceScatterPrimitive: Primitive<{ shape: readonly number[]; ranges: readonly T.SliceRange[] }> = {
  name: "sliceScatter",
  forward: ([x], { shape, ranges }) => T.sliceScatter(shape, ranges, x!),
  vjp: (g, { attrs }) => [slice(g, attrs.ranges)],
};

/**
 * Zeros of `shape` with `x` written into the region `ranges` selects: the adjoint of
 * {@link slice}, and a zero-padding op.
 *
 * Forward: `y = zeros(shape); y[ranges] = x`. VJP: `x̄ = ḡ[ranges]`. Proven by the
 * `sliceScatter` block of `primitives-shape.test.ts`.
 *
 * @param x - the values for the region
 * @param shape - shape of the result
 * @param ranges - the region, as for {@link slice}
 * @returns the new Tensor
 * @example
 * ```ts
 * import { tensor, sliceScatter } from "@tsgrad/autograd";
 * sliceScatter(tensor([7, 8]), [4], [[1, 3]]).data.toArray(); // [0, 7, 8, 0]
 * ```
 * @category Primitives
 */
export function sliceScatter(x: Operand, shape: readonly number[], ranges: readonly T.SliceRange[]): Tensor {
  const v = asTensor(x, undefined, "sliceScatter");
  return apply(sliceScatterPrimitive, [v], { shape: shape.slice(), ranges });
}
