// The reshape primitive (its vjp reshapes back): one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply, methodsOf } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { describeValue } from "@tsgrad/ndarray/internal";

/** The `reshape` primitive: forward a reshape (a view when possible); vjp reshapes back. @internal */
export const reshapePrimitive: Primitive<{ shape: readonly number[]; inShape: readonly number[] }> = {
  name: "reshape",
  forward: ([x], { shape }) => T.reshape(x!, shape),
  vjp: (g, { attrs }) => [reshape(g, attrs.inShape)],
};

/**
 * Gives the input a new shape with the same elements in row-major order (a view when
 * the strides allow it). One entry may be -1.
 *
 * Forward: `y = reshape(x, shape)`. VJP: `x̄ = reshape(ḡ, x.shape)`. Proven by the
 * `reshape` block of `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param shape - the new shape
 * @returns the reshaped Tensor
 * @example
 * ```ts
 * import { tensor, reshape } from "@tsgrad/autograd";
 * reshape(tensor([1, 2, 3, 4]), [2, -1]).shape; // [2, 2]
 * ```
 * @category Primitives
 */
export function reshape(x: Operand, shape: readonly number[]): Tensor {
  const v = asTensor(x, undefined, "reshape");
  if (!Array.isArray(shape)) throw new T.ValueError("reshape", `shape must be an array of sizes, got ${describeValue(shape)}`, {});
  if (v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i])) return v;
  const out = T.reshape(v.data, shape).shape;
  return apply(reshapePrimitive, [v], { shape: out, inShape: v.shape });
}

/** The method form of {@link reshape}, put on Tensor by tensor.ts. @internal */
export const reshapeMethods: {
  /**
   * Method form of {@link reshape}: the Tensor in a new shape (a view where possible).
   * @param shape - the new shape (one -1 allowed)
   * @returns the result
   */
  reshape(shape: readonly number[]): Tensor;
} = methodsOf({ reshape });
