// The exp primitive, eˣ: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { unaryRule } from "./unary-rule.js";

/** The `exp` primitive: forward `y = eˣ`; vjp `x̄ = ḡ · y`. @internal */
export const expPrimitive: Primitive = { name: "exp", ...unaryRule(T.exp, { ofOutput: (y) => y }) };

/**
 * Elementwise exponential.
 *
 * Forward: `y = eˣ`. VJP: `x̄ = ḡ · y`. Proven by the `exp` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, exp } from "@tsgrad/autograd";
 * exp(tensor([0])).data.toArray(); // [1]
 * ```
 * @category Primitives
 */
export function exp(x: Operand): Tensor {
  return applyUnary(expPrimitive, x);
}

/** The method form of {@link exp}, put on Tensor by tensor.ts. @internal */
export const expMethods: {
  /**
   * Method form of {@link exp}: `e^this`.
   * @returns the result
   */
  exp(): Tensor;
} = methodsOf({ exp });
