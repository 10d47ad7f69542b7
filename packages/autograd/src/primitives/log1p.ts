// The log1p primitive, ln(1 + x) accurate near 0: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "./add.js";
import { div } from "./div.js";

/** The `log1p` primitive: forward `y = ln(1 + x)`; vjp `x̄ = ḡ / (1 + x)`. @internal */
export const log1pPrimitive: Primitive = {
  name: "log1p",
  forward: ([x]) => T.log1p(x!),
  vjp: (g, { inputs: [x] }) => [div(g, add(x!, 1))],
};

/**
 * Elementwise `ln(1 + x)`, accurate for `x` near 0 where `log(1 + x)` loses the digits of
 * `x` (PyTorch's `torch.log1p`).
 *
 * Forward: `y = ln(1 + x)`. VJP: `x̄ = ḡ / (1 + x)`. Proven by the `log1p` block of
 * `primitives-elementwise.test.ts` (hand values, gradcheck, random-direction vjp property,
 * second order, float32 numerics).
 *
 * @param x - input, `x > −1` for a finite result
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, log1p } from "@tsgrad/autograd";
 * log1p(tensor([0, 1e-10], { dtype: "float64" })).data.toArray(); // [0, 1e-10]
 * ```
 * @category Primitives
 */
export function log1p(x: Operand): Tensor {
  return applyUnary(log1pPrimitive, x);
}

/** The method form of {@link log1p}, put on Tensor by tensor.ts. @internal */
export const log1pMethods: {
  /**
   * Method form of {@link log1p}: `ln(1 + this)`, accurate near 0.
   * @returns the result
   */
  log1p(): Tensor;
} = methodsOf({ log1p });
