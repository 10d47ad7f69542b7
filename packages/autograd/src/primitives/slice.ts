// slice and sliceScatter: adjoints whose vjps are each other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply, methodsOf } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { checkShape, underName } from "@tsgrad/ndarray/internal";

/** The `slice` primitive: forward a strided view; vjp places `g` into zeros. @internal */
export const slicePrimitive: Primitive<{ ranges: readonly T.SliceRange[]; inShape: readonly number[] }> = {
  name: "slice",
  forward: ([x], { ranges }) => T.slice(x!, ranges),
  vjp: (g, { attrs }) => [sliceScatter(g, attrs.inShape, attrs.ranges)],
};

/**
 * Selects a sub-tensor with Python slicing semantics (a view): per leading axis a
 * `[start, stop, step]` range, an index (kept as size 1) or `null`.
 *
 * Forward: `y = x[ranges]`. VJP: `x̄ = zeros(x.shape)` with `ḡ` written at `[ranges]`
 * ({@link sliceScatter}). Proven by the `slice` block of `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param ranges - one range per leading axis
 * @returns the sliced Tensor
 * @example
 * ```ts
 * import { tensor, slice } from "@tsgrad/autograd";
 * slice(tensor([1, 2, 3, 4]), [[1, null, 2]]).data.toArray(); // [2, 4]
 * ```
 * @category Primitives
 */
export function slice(x: Operand, ranges: readonly T.SliceRange[]): Tensor {
  const v = asTensor(x, undefined, "slice");
  return apply(slicePrimitive, [v], { ranges, inShape: v.shape });
}

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
  checkShape("sliceScatter", "shape", shape);
  return underName("sliceScatter", () => {
    const v = asTensor(x, undefined, "sliceScatter");
    return apply(sliceScatterPrimitive, [v], { shape: shape.slice(), ranges });
  });
}

/** The method form of {@link slice}, put on Tensor by tensor.ts. @internal */
export const sliceMethods: {
  /**
   * Method form of {@link slice}: a slice of the Tensor.
   * @param ranges - one range per leading axis
   * @returns the result
   */
  slice(ranges: readonly T.SliceRange[]): Tensor;
} = methodsOf({ slice });
