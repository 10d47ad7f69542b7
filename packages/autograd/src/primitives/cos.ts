import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";
import { neg } from "./neg.js";
import { sin } from "./sin.js";

/** The `cos` primitive: forward `y = cos x`; vjp `x̄ = −ḡ · sin x`. @internal */
export const cosPrimitive: Primitive = {
  name: "cos",
  forward: ([x]) => T.cos(x!),
  vjp: (g, { inputs: [x] }) => [mul(g, neg(sin(x!)))],
};

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
