// The expm1 primitive, eˣ − 1 accurate near 0: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { unaryRule } from "./unary-rule.js";
import { add } from "./add.js";

/** The `expm1` primitive: forward `y = eˣ − 1`; vjp `x̄ = ḡ · (y + 1)`. @internal */
export const expm1Primitive: Primitive = { name: "expm1", ...unaryRule(T.expm1, { ofOutput: (y) => add(y, 1) }) };

/**
 * Elementwise `eˣ − 1`, accurate for `x` near 0 where `exp(x) − 1` loses the digits of `x`
 * (PyTorch's `torch.expm1`).
 *
 * Forward: `y = eˣ − 1`. VJP: `x̄ = ḡ · (y + 1)`. Proven by the `expm1` block of
 * `primitives-elementwise.test.ts` (hand values, gradcheck, random-direction vjp property,
 * second order, float32 numerics).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, expm1 } from "@tsgrad/autograd";
 * expm1(tensor([0, 1e-10], { dtype: "float64" })).data.toArray(); // [0, 1e-10]
 * ```
 * @category Primitives
 */
export function expm1(x: Operand): Tensor {
  return applyUnary(expm1Primitive, x);
}

/** The method form of {@link expm1}, put on Tensor by tensor.ts. @internal */
export const expm1Methods: {
  /**
   * Method form of {@link expm1}: `e^this − 1`, accurate near 0.
   * @returns the result
   */
  expm1(): Tensor;
} = methodsOf({ expm1 });
