import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";
import { cos } from "./cos.js";

/** The `sin` primitive: forward `y = sin x`; vjp `x̄ = ḡ · cos x`. @internal */
export const sinPrimitive: Primitive = {
  name: "sin",
  forward: ([x]) => T.sin(x!),
  vjp: (g, { inputs: [x] }) => [mul(g, cos(x!))],
};

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
