import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { sliceScatter } from "./slice-scatter.js";

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
