// The log primitive, the natural logarithm: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { div } from "./div.js";

/** The `log` primitive: forward `y = ln x`; vjp `x̄ = ḡ / x`. @internal */
export const logPrimitive: Primitive = {
  name: "log",
  forward: ([x]) => T.log(x!),
  vjp: (g, { inputs: [x] }) => [div(g, x!)],
};

/**
 * Elementwise natural logarithm.
 *
 * Forward: `y = ln x`. VJP: `x̄ = ḡ / x`. Proven by the `log` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, log } from "@tsgrad/autograd";
 * log(tensor([1])).data.toArray(); // [0]
 * ```
 * @category Primitives
 */
export function log(x: Operand): Tensor {
  return applyUnary(logPrimitive, x);
}

/** The method form of {@link log}, put on Tensor by tensor.ts. @internal */
export const logMethods: {
  /**
   * Method form of {@link log}: `ln this`.
   * @returns the result
   */
  log(): Tensor;
} = methodsOf({ log });
