// The sqrt primitive, √x: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { div } from "./div.js";
import { mul } from "./mul.js";

/** The `sqrt` primitive: forward `y = √x`; vjp `x̄ = ḡ / (2y)`. @internal */
export const sqrtPrimitive: Primitive = {
  name: "sqrt",
  forward: ([x]) => T.sqrt(x!),
  vjp: (g, { output }) => [div(g, mul(output, 2))],
};

/**
 * Elementwise square root.
 *
 * Forward: `y = √x`. VJP: `x̄ = ḡ / (2y)`. Proven by the `sqrt` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, sqrt } from "@tsgrad/autograd";
 * sqrt(tensor([4, 9])).data.toArray(); // [2, 3]
 * ```
 * @category Primitives
 */
export function sqrt(x: Operand): Tensor {
  return applyUnary(sqrtPrimitive, x);
}

/** The method form of {@link sqrt}, put on Tensor by tensor.ts. @internal */
export const sqrtMethods: {
  /**
   * Method form of {@link sqrt}: `√this`.
   * @returns the result
   */
  sqrt(): Tensor;
} = methodsOf({ sqrt });
