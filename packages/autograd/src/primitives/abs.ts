// The abs primitive, |x|: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";

/** The `abs` primitive: forward `y = |x|`; vjp `x̄ = ḡ · sign(x) (0 at x = 0)`. @internal */
export const absPrimitive: Primitive = {
  name: "abs",
  forward: ([x]) => T.abs(x!),
  vjp: (g, { inputs: [x] }) => [mul(g, g.wrapData(T.sign(x!.data).astype(g.dtype)))],
};

/**
 * Elementwise absolute value.
 *
 * Forward: `y = |x|`. VJP: `x̄ = ḡ · sign(x) (0 at x = 0)`. Proven by the `abs` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, abs } from "@tsgrad/autograd";
 * abs(tensor([-1.5, 2])).data.toArray(); // [1.5, 2]
 * ```
 * @category Primitives
 */
export function abs(x: Operand): Tensor {
  return applyUnary(absPrimitive, x);
}

/** The method form of {@link abs}, put on Tensor by tensor.ts. @internal */
export const absMethods: {
  /**
   * Method form of {@link abs}: `|this|`.
   * @returns the result
   */
  abs(): Tensor;
} = methodsOf({ abs });
