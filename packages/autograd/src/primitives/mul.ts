// The mul primitive, a · b with broadcasting, and mulSumToShape (a product summed back to a
// shape, which its vjp and others use): one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { sumToShape } from "./sum-to-shape.js";
import { isGradEnabled } from "../grad-mode.js";
import { type Primitive, applyBinary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";

/**
 * `sumToShape(mul(a, b), shape)` — the gradient of a broadcast factor. When no graph is
 * being recorded (a first-order backward) it is one pass of `T.mulSumTo`, which never
 * stores the full-size product; when a graph is recorded it is the two differentiable ops.
 * @internal
 */
export function mulSumToShape(a: Tensor, b: Tensor, shape: readonly number[]): Tensor {
  const full = T.broadcastShapes("mul", a.shape, b.shape);
  const reduces = full.length !== shape.length || full.some((d, i) => d !== shape[i]);
  if (!reduces || isGradEnabled()) return sumToShape(mul(a, b), shape);
  return a.wrapData(T.mulSumTo(a.data, b.data, shape));
}

/** The `mul` primitive: forward `a · b`; vjp `(g·b, g·a)`. @internal */
export const mulPrimitive: Primitive = {
  name: "mul",
  forward: ([a, b]) => T.mul(a!, b!),
  // x·x (one Tensor twice, as in a variance): its two gradients would be summed by the
  // engine; 2·ḡ·x is the same sum in two ops instead of three.
  // A broadcast factor's gradient is reduced in the same pass as the product (mulSumToShape).
  vjp: (g, { inputs: [a, b] }) => (a === b ? [mul(g, mul(a!, 2)), null] : [mulSumToShape(g, b!, a!.shape), mulSumToShape(g, a!, b!.shape)]),
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
 * import { tensor, mul } from "@tsgrad/autograd";
 * mul(tensor([1, 2]), 3).data.toArray(); // [3, 6]
 * ```
 * @category Primitives
 */
export function mul(a: Operand, b: Operand): Tensor {
  return applyBinary(mulPrimitive, a, b);
}

/** The method form of {@link mul}, put on Tensor by tensor.ts. @internal */
export const mulMethods: {
  /**
   * Method form of {@link mul}: `this · other`.
   * @param other - operand
   * @returns the result
   */
  mul(other: Operand): Tensor;
} = methodsOf({ mul });
