// The div primitive, a / b with broadcasting: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyBinary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mulSumToShape } from "./mul.js";
import { neg } from "./neg.js";

/** The `div` primitive: forward `a / b`; vjp `(g/b, −g·y/b)`. @internal */
export const divPrimitive: Primitive = {
  name: "div",
  forward: ([a, b]) => T.div(a!, b!),
  // NOTE: b̄ = −ḡ·a/b² is written −(ḡ·y)/b with y = a/b, one division fewer; and since b is
  // constant along the axes it was broadcast over, Σ(ḡ·y)/b = Σ(ḡ·y/b): ḡ·y is reduced to b's
  // shape first, so the division and negation touch b.size elements, not g.size.
  vjp: (g, { inputs: [, b], output }) => [div(g, b!), neg(div(mulSumToShape(g, output, b!.shape), b!))],
};

/**
 * Elementwise true division with broadcasting.
 *
 * Forward: `y = a / b`. VJP: `ā = ḡ / b`, `b̄ = −ḡ · a / b² = −ḡ · y / b`. Proven by the
 * `div` block of `primitives-elementwise.test.ts` (and its second derivative against `2a/b³`).
 *
 * @param a - numerator
 * @param b - denominator
 * @returns `a / b`
 * @example
 * ```ts
 * import { tensor, div } from "@tsgrad/autograd";
 * div(tensor([1, 2]), 4).data.toArray(); // [0.25, 0.5]
 * ```
 * @category Primitives
 */
export function div(a: Operand, b: Operand): Tensor {
  return applyBinary(divPrimitive, a, b);
}

/** The method form of {@link div}, put on Tensor by tensor.ts. @internal */
export const divMethods: {
  /**
   * Method form of {@link div}: `this / other`.
   * @param other - operand
   * @returns the result
   */
  div(other: Operand): Tensor;
} = methodsOf({ div });
