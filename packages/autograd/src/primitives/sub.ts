// The sub primitive, a − b with broadcasting: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyBinary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { sumToShape } from "./sum-to-shape.js";
import { neg } from "./neg.js";

/** The `sub` primitive: forward `a - b`; vjp `(g, -g)`, b's part reduced to b's shape before the negation. @internal */
export const subPrimitive: Primitive = {
  name: "sub",
  forward: ([a, b]) => T.sub(a!, b!),
  // Un-broadcast first: negating the reduced gradient touches b.size elements, not g.size.
  vjp: (g, { inputs: [, b] }) => [g, neg(sumToShape(g, b!.shape))],
};

/**
 * Elementwise difference with broadcasting.
 *
 * Forward: `y = a − b`. VJP: `ā = ḡ`, `b̄ = −ḡ`. Proven by the `sub` block of
 * `primitives-elementwise.test.ts`.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns `a - b`
 * @example
 * ```ts
 * import { tensor, sub } from "@tsgrad/autograd";
 * sub(tensor([5, 7]), tensor([1, 2])).data.toArray(); // [4, 5]
 * ```
 * @category Primitives
 */
export function sub(a: Operand, b: Operand): Tensor {
  return applyBinary(subPrimitive, a, b);
}

/** The method form of {@link sub}, put on Tensor by tensor.ts. @internal */
export const subMethods: {
  /**
   * Method form of {@link sub}: `this - other`.
   * @param other - operand
   * @returns the result
   */
  sub(other: Operand): Tensor;
} = methodsOf({ sub });
