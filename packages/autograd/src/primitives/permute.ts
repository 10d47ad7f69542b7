// The permute primitive (its vjp applies the inverse permutation): one file per primitive
// (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply, methodsOf } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { normalizeAxis } from "@tsgrad/ndarray/internal";

/** The `permute` primitive: forward reorders axes (a view); vjp applies the inverse order. @internal */
export const permutePrimitive: Primitive<{ axes: readonly number[] }> = {
  name: "permute",
  forward: ([x], { axes }) => T.permute(x!, axes),
  vjp: (g, { attrs }) => {
    const inverse = new Array<number>(attrs.axes.length);
    attrs.axes.forEach((a, i) => (inverse[a] = i));
    return [permute(g, inverse)];
  },
};

/**
 * Reorders the axes: output axis `i` is input axis `axes[i]` (a view).
 *
 * Forward: `y = permute(x, p)`. VJP: `x̄ = permute(ḡ, p⁻¹)`. Proven by the `permute`
 * block of `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param axes - a permutation of the axes
 * @returns the permuted Tensor
 * @example
 * ```ts
 * import { tensor, permute } from "@tsgrad/autograd";
 * permute(tensor([[[1, 2, 3]]]), [2, 0, 1]).shape; // [3, 1, 1]
 * ```
 * @category Primitives
 */
export function permute(x: Operand, axes: readonly number[]): Tensor {
  const v = asTensor(x, undefined, "permute");
  T.permute(v.data, axes); // validates before the attributes are normalised
  const norm = axes.map((a) => normalizeAxis("permute", a, v.ndim, "Tensor"));
  return apply(permutePrimitive, [v], { axes: norm });
}

/** The method form of {@link permute}, put on Tensor by tensor.ts. @internal */
export const permuteMethods: {
  /**
   * Method form of {@link permute}: the Tensor with its axes reordered.
   * @param axes - the new order of the axes
   * @returns the result
   */
  permute(axes: readonly number[]): Tensor;
} = methodsOf({ permute });
