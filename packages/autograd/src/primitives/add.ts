// The add primitive, a + b with broadcasting: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyBinary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";

/** The `add` primitive: forward `a + b`; vjp `(g, g)`. @internal */
export const addPrimitive: Primitive = {
  name: "add",
  forward: ([a, b]) => T.add(a!, b!),
  vjp: (g) => [g, g],
};

/**
 * Elementwise sum with broadcasting.
 *
 * Forward: `y = a + b`. VJP: `ā = ḡ`, `b̄ = ḡ` (each summed back to its input's shape
 * by the engine). Proven by the `add` block of `primitives-elementwise.test.ts` (hand values,
 * gradcheck per input, random-direction vjp property, second order).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns `a + b`
 * @example
 * ```ts
 * import { tensor, add } from "@tsgrad/autograd";
 * add(tensor([1, 2]), 10).data.toArray(); // [11, 12]
 * ```
 * @category Primitives
 */
export function add(a: Operand, b: Operand): Tensor {
  return applyBinary(addPrimitive, a, b);
}

/** The method form of {@link add}, put on Tensor by tensor.ts. @internal */
export const addMethods: {
  /**
   * Method form of {@link add}: `this + other` (broadcasting).
   * @param other - operand
   * @returns the result
   */
  add(other: Operand): Tensor;
} = methodsOf({ add });
