// sin and cos: each one's vjp is the other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { unaryRule } from "./unary-rule.js";
import { neg } from "./neg.js";

/** The `sin` primitive: forward `y = sin x`; vjp `x̄ = ḡ · cos x`. @internal */
export const sinPrimitive: Primitive = { name: "sin", ...unaryRule(T.sin, { ofInput: cos }) };

/**
 * Elementwise sine.
 *
 * Forward: `y = sin x`. VJP: `x̄ = ḡ · cos x`. Proven by the `sin` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, sin } from "@tsgrad/autograd";
 * sin(tensor([0])).data.toArray(); // [0]
 * ```
 * @category Primitives
 */
export function sin(x: Operand): Tensor {
  return applyUnary(sinPrimitive, x);
}

/** The `cos` primitive: forward `y = cos x`; vjp `x̄ = −ḡ · sin x`. @internal */
export const cosPrimitive: Primitive = { name: "cos", ...unaryRule(T.cos, { ofInput: (x) => neg(sin(x)) }) };

/**
 * Elementwise cosine.
 *
 * Forward: `y = cos x`. VJP: `x̄ = −ḡ · sin x`. Proven by the `cos` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, cos } from "@tsgrad/autograd";
 * cos(tensor([0])).data.toArray(); // [1]
 * ```
 * @category Primitives
 */
export function cos(x: Operand): Tensor {
  return applyUnary(cosPrimitive, x);
}

/** The method forms of sin and cos, put on Tensor by tensor.ts. @internal */
export const trigMethods: {
  /**
   * Method form of {@link sin}: `sin this`.
   * @returns the result
   */
  sin(): Tensor;

  /**
   * Method form of {@link cos}: `cos this`.
   * @returns the result
   */
  cos(): Tensor;
} = methodsOf({ sin, cos });
