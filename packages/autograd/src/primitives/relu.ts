// The relu primitive, max(x, 0): one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";

/** The `relu` primitive: forward `y = max(x, 0)`; vjp `x̄ = ḡ · [x > 0] (0 at the kink x = 0)`. @internal */
export const reluPrimitive: Primitive = {
  name: "relu",
  forward: ([x]) => T.relu(x!),
  vjp: (g, { inputs: [x] }) => [mul(g, g.wrapData(T.gt(x!.data, 0).astype(g.dtype)))],
};

/**
 * Elementwise rectified linear unit.
 *
 * Forward: `y = max(x, 0)`. VJP: `x̄ = ḡ · [x > 0] (0 at the kink x = 0)`. Proven by the `relu` block of `primitives-elementwise.test.ts`
 * (hand values, gradcheck, random-direction vjp property, second order).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, relu } from "@tsgrad/autograd";
 * relu(tensor([-1, 2])).data.toArray(); // [0, 2]
 * ```
 * @category Primitives
 */
export function relu(x: Operand): Tensor {
  return applyUnary(reluPrimitive, x);
}

/** The method form of {@link relu}, put on Tensor by tensor.ts. @internal */
export const reluMethods: {
  /**
   * Method form of {@link relu}: `max(this, 0)`.
   * @returns the result
   */
  relu(): Tensor;
} = methodsOf({ relu });
