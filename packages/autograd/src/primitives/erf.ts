// The erf primitive, the error function (vjp 2/√π·e^(−x²)): one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyUnary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { unaryRule } from "./unary-rule.js";
import { exp } from "./exp.js";
import { mul } from "./mul.js";
import { neg } from "./neg.js";

/** The `erf` primitive: forward `y = erf x`; vjp `x̄ = ḡ · 2/√π · e^(−x²)`. @internal */
export const erfPrimitive: Primitive = { name: "erf", ...unaryRule(T.erf, { ofInput: (x) => mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)) }) };

/**
 * Elementwise Gauss error function, `erf x = 2/√π ∫₀ˣ e^(−t²) dt` (exact GELU needs it).
 *
 * Forward: `y = erf x`. VJP: `x̄ = ḡ · 2/√π · e^(−x²)`. Proven by the `erf` block of
 * `primitives-elementwise.test.ts` (hand values, gradcheck, random-direction vjp property,
 * second order, float32 numerics) and by `erf.test.ts` (accuracy, central differences).
 *
 * @param x - input
 * @returns the result, same shape as `x`
 * @example
 * ```ts
 * import { tensor, erf } from "@tsgrad/autograd";
 * erf(tensor([0])).data.toArray(); // [0]
 * ```
 * @category Primitives
 */
export function erf(x: Operand): Tensor {
  return applyUnary(erfPrimitive, x);
}

/** The method form of {@link erf}, put on Tensor by tensor.ts. @internal */
export const erfMethods: {
  /**
   * Method form of {@link erf}: the error function.
   * @returns the result
   */
  erf(): Tensor;
} = methodsOf({ erf });
