// The maximum primitive, the elementwise larger of a and b: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyBinary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";

/** Where `a` wins: 1 where a > b, ½ where a = b, 0 elsewhere (a constant). */
function share(g: Tensor, a: T.NDArray, b: T.NDArray): Tensor {
  const dtype = g.dtype;
  return g.wrapData(T.add(T.gt(a, b), T.mul(T.eq(a, b), 0.5)).astype(dtype));
}

/** The `maximum` primitive: forward `max(a, b)`; vjp splits the gradient at ties. @internal */
export const maximumPrimitive: Primitive = {
  name: "maximum",
  forward: ([a, b]) => T.maximum(a!, b!),
  // NOTE: at a tie a = b the gradient is split in half between the two inputs.
  vjp: (g, { inputs: [a, b] }) => [mul(g, share(g, a!.data, b!.data)), mul(g, share(g, b!.data, a!.data))],
};

/**
 * Elementwise maximum with broadcasting.
 *
 * Forward: `y = max(a, b)`. VJP: `ā = ḡ · [a > b]`, `b̄ = ḡ · [b > a]`, and at ties
 * each input gets `ḡ / 2`. Proven by the `maximum` block of `primitives-elementwise.test.ts`.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns `max(a, b)`
 * @example
 * ```ts
 * import { tensor, maximum } from "@tsgrad/autograd";
 * maximum(tensor([1, 5]), 3).data.toArray(); // [3, 5]
 * ```
 * @category Primitives
 */
export function maximum(a: Operand, b: Operand): Tensor {
  return applyBinary(maximumPrimitive, a, b);
}

/** The method form of {@link maximum}, put on Tensor by tensor.ts. @internal */
export const maximumMethods: {
  /**
   * Method form of {@link maximum}: the elementwise maximum.
   * @param other - operand
   * @returns the result
   */
  maximum(other: Operand): Tensor;
} = methodsOf({ maximum });
