// sinh and cosh: each one's vjp is the other, so they share a file (no import cycle).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { unaryRule } from "./unary-rule.js";

/** The method forms of sinh and cosh, put on Tensor by tensor.ts. @internal */
export const hyperbolicMethods: {
  /** Method form of {@link sinh}: `sinh this`. @returns the result */
  sinh(): Tensor;
  /** Method form of {@link cosh}: `cosh this`. @returns the result */
  cosh(): Tensor;
} = methodsOf({ sinh, cosh });

/** The `sinh` primitive: forward `y = sinh x`; vjp `x̄ = ḡ · cosh x`. @internal */
export const sinhPrimitive: Primitive = { name: "sinh", ...unaryRule(T.sinh, { ofInput: cosh }) };

/**
 * Elementwise hyperbolic sine, `(eˣ − e⁻ˣ) / 2` (PyTorch's `torch.sinh`).
 *
 * Forward: `y = sinh x`. VJP: `x̄ = ḡ · cosh x`. Proven by the `sinh` block of
 * `primitives-elementwise.test.ts` (hand values, gradcheck, random-direction vjp property,
 * second order, float32 numerics).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, sinh } from "@tsgrad/autograd";
 * const x = tensor([0, 1], { dtype: "float64", requiresGrad: true });
 * sinh(x).data.toArray();   // [0, 1.1752011936438014]
 * sinh(x).sum().backward();
 * x.grad!.toArray();        // [1, 1.5430806348152437]: cosh x
 * ```
 * @category Primitives
 */
export function sinh(x: Operand): Tensor {
  return applyUnary(sinhPrimitive, x);
}

/** The `cosh` primitive: forward `y = cosh x`; vjp `x̄ = ḡ · sinh x`. @internal */
export const coshPrimitive: Primitive = { name: "cosh", ...unaryRule(T.cosh, { ofInput: sinh }) };

/**
 * Elementwise hyperbolic cosine, `(eˣ + e⁻ˣ) / 2` (PyTorch's `torch.cosh`).
 *
 * Forward: `y = cosh x`. VJP: `x̄ = ḡ · sinh x`. Proven by the `cosh` block of
 * `primitives-elementwise.test.ts` (hand values, gradcheck, random-direction vjp property,
 * second order, float32 numerics).
 *
 * @param x - input
 * @returns the result, same shape as `x`, at least 1
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * tensor([0, 1], { dtype: "float64" }).cosh().toArray(); // [1, 1.5430806348152437]
 * ```
 * @category Primitives
 */
export function cosh(x: Operand): Tensor {
  return applyUnary(coshPrimitive, x);
}

