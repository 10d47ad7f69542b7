import * as T from "@tsgrad/tensor";
import { type Primitive, applyBinary } from "../primitive.js";
import type { Operand, Variable } from "../variable.js";

/** The `mul` primitive: forward `a · b`; vjp `(g·b, g·a)`. @internal */
export const mulPrimitive: Primitive = {
  name: "mul",
  forward: ([a, b]) => T.mul(a!, b!),
  // x·x (one Variable twice, as in a variance): its two gradients would be summed by the
  // engine; 2·ḡ·x is the same sum in two ops instead of three.
  vjp: (g, { inputs: [a, b] }) => (a === b ? [mul(g, mul(a!, 2)), null] : [mul(g, b!), mul(g, a!)]),
};

/**
 * Elementwise product with broadcasting.
 *
 * Forward: `y = a · b`. VJP: `ā = ḡ · b`, `b̄ = ḡ · a`. Proven by the `mul` block of
 * `primitives-elementwise.test.ts`.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns `a · b`
 * @example
 * ```ts
 * import { variable, mul } from "@tsgrad/autograd";
 * mul(variable([1, 2]), 3).data.toArray(); // [3, 6]
 * ```
 * @category Primitives
 */
export function mul(a: Operand, b: Operand): Variable {
  return applyBinary(mulPrimitive, a, b);
}
