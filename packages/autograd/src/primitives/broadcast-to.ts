// The broadcastTo primitive (its vjp sums back to the input's shape): one file per primitive
// (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply, methodsOf } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { describeValue } from "@tsgrad/ndarray/internal";

/** The `broadcastTo` primitive: forward a zero-stride view; vjp sums back (done by the engine). @internal */
export const broadcastToPrimitive: Primitive<{ shape: readonly number[] }> = {
  name: "broadcastTo",
  forward: ([x], { shape }) => T.broadcastTo(x!, shape),
  // The engine sums the gradient back to the input's shape: the vjp is the identity.
  vjp: (g) => [g],
};

/**
 * Broadcasts the input to `shape` under NumPy's rules, without copying.
 *
 * Forward: `y = broadcast(x, shape)`. VJP: `x̄ = ḡ` summed over the broadcast axes
 * (the engine's un-broadcast). Proven by the `broadcastTo` block of `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param shape - the target shape
 * @returns the broadcast Tensor
 * @example
 * ```ts
 * import { tensor, broadcastTo } from "@tsgrad/autograd";
 * broadcastTo(tensor([1, 2]), [3, 2]).shape; // [3, 2]
 * ```
 * @category Primitives
 */
export function broadcastTo(x: Operand, shape: readonly number[]): Tensor {
  const v = asTensor(x, undefined, "broadcastTo");
  if (!Array.isArray(shape)) throw new T.ValueError("broadcastTo", `shape must be an array of sizes, got ${describeValue(shape)}`, {});
  if (v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i])) return v;
  return apply(broadcastToPrimitive, [v], { shape: shape.slice() });
}

/** The method form of {@link broadcastTo}, put on Tensor by tensor.ts. @internal */
export const broadcastToMethods: {
  /**
   * Method form of {@link broadcastTo}: the Tensor broadcast to a shape.
   * @param shape - the target shape
   * @returns the result
   */
  broadcastTo(shape: readonly number[]): Tensor;
} = methodsOf({ broadcastTo });
