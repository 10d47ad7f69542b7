// The tanh primitive: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { unaryRule } from "./unary-rule.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";

/** The `tanh` primitive: forward `y = tanh x`; vjp `x̄ = ḡ · (1 − y²)`. @internal */
export const tanhPrimitive: Primitive = { name: "tanh", ...unaryRule(T.tanh, { ofOutput: (y) => sub(1, mul(y, y)) }) };

/**
 * Elementwise hyperbolic tangent.
 *
 * Forward: `y = tanh x`. VJP: `x̄ = ḡ · (1 − y²)`. Proven by the `tanh` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, tanh } from "@tsgrad/autograd";
 * tanh(tensor([0])).data.toArray(); // [0]
 * ```
 * @category Primitives
 */
export function tanh(x: Operand): Tensor {
  return applyUnary(tanhPrimitive, x);
}

/** The method form of {@link tanh}, put on Tensor by tensor.ts. @internal */
export const tanhMethods: {
  /**
   * Method form of {@link tanh}: `tanh this`.
   * @returns the result
   */
  tanh(): Tensor;
} = methodsOf({ tanh });
