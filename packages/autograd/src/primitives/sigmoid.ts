// The sigmoid primitive, 1 / (1 + e^(−x)): one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";

/** The `sigmoid` primitive: forward `y = 1 / (1 + e⁻ˣ)`; vjp `x̄ = ḡ · y · (1 − y)`. @internal */
export const sigmoidPrimitive: Primitive = {
  name: "sigmoid",
  forward: ([x]) => T.sigmoid(x!),
  vjp: (g, { output }) => [mul(g, mul(output, sub(1, output)))],
};

/**
 * Elementwise logistic sigmoid (overflow-free).
 *
 * Forward: `y = 1 / (1 + e⁻ˣ)`. VJP: `x̄ = ḡ · y · (1 − y)`. Proven by the `sigmoid` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, sigmoid } from "@tsgrad/autograd";
 * sigmoid(tensor([0])).data.toArray(); // [0.5]
 * ```
 * @category Primitives
 */
export function sigmoid(x: Operand): Tensor {
  return applyUnary(sigmoidPrimitive, x);
}
