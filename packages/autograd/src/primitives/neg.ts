// The neg primitive, −x: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";

/** The `neg` primitive: forward `y = −x`; vjp `x̄ = −ḡ`. @internal */
export const negPrimitive: Primitive = {
  name: "neg",
  forward: ([x]) => T.neg(x!),
  vjp: (g) => [neg(g)],
};

/**
 * Elementwise negation.
 *
 * Forward: `y = −x`. VJP: `x̄ = −ḡ`. Proven by the `neg` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, neg } from "@tsgrad/autograd";
 * neg(tensor([1, -2])).data.toArray(); // [-1, 2]
 * ```
 * @category Primitives
 */
export function neg(x: Operand): Tensor {
  return applyUnary(negPrimitive, x);
}

/** The method form of {@link neg}, put on Tensor by tensor.ts. @internal */
export const negMethods: {
  /**
   * Method form of {@link neg}: `-this`.
   * @returns the result
   */
  neg(): Tensor;
} = methodsOf({ neg });
