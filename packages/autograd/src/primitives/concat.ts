// The concat primitive (its vjp slices the gradient into the inputs' parts): one file per
// primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { slice } from "./slice.js";
import { describeValue, normalizeAxis } from "@tsgrad/ndarray/internal";

/** The `concat` primitive: forward joins along an axis; vjp slices `g` into pieces. @internal */
export const concatPrimitive: Primitive<{ axis: number; sizes: readonly number[] }> = {
  name: "concat",
  forward: (xs, { axis }) => T.concat(xs, axis),
  vjp: (g, { attrs }) => {
    let start = 0;
    return attrs.sizes.map((len) => {
      const ranges: T.SliceRange[] = g.shape.map(() => null);
      ranges[attrs.axis] = [start, start + len, 1];
      start += len;
      return slice(g, ranges);
    });
  },
};

/**
 * Joins Tensors along an existing axis.
 *
 * Forward: `y = [x₁ | x₂ | …]` along `axis`. VJP: `x̄ᵢ` = the slice of `ḡ` where `xᵢ`
 * was placed. Proven by the `concat` block of `primitives-shape.test.ts`.
 *
 * @param xs - the inputs (at least one; equal sizes on other axes)
 * @param axis - the axis (default 0)
 * @returns the joined Tensor
 * @example
 * ```ts
 * import { tensor, concat } from "@tsgrad/autograd";
 * concat([tensor([1, 2]), tensor([3])]).data.toArray(); // [1, 2, 3]
 * ```
 * @category Primitives
 */
export function concat(xs: readonly Operand[], axis = 0): Tensor {
  if (!Array.isArray(xs)) throw new T.ValueError("concat", `expected an array of Tensors or NDArrays, got ${describeValue(xs)}`, {});
  const like = tensorAmong(xs);
  const vs = xs.map((x) => asTensor(x, like, "concat"));
  const ndim = vs[0]?.ndim ?? 0;
  const a = vs.length > 0 ? normalizeAxis("concat", axis, ndim, "Tensor") : 0;
  return apply(concatPrimitive, vs, { axis: a, sizes: vs.map((v) => v.shape[a] ?? 0) });
}
