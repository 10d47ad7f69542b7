// The pow primitive, aᵇ with broadcasting: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, applyBinary, methodsOf } from "../primitive.js";
import { type Operand } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { log } from "./log.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";
import { where } from "./where.js";

/** The `pow` primitive: forward `a ** b`; vjp `(g·b·a^(b−1), g·y·ln a)`. @internal */
export const powPrimitive: Primitive = {
  name: "pow",
  forward: ([a, b]) => T.pow(a!, b!),
  vjp: (g, { inputs: [a, b], output }) => [
    // NOTE: at b = 0 the base's gradient b·a^(b−1) is 0 for every a, but at a = 0 the formula
    // gives 0·∞; like PyTorch it is selected as 0 wherever b = 0.
    mul(g, where(T.eq(b!.data, 0), 0, mul(b!, pow(a!, sub(b!, 1))))),
    // NOTE: at a = 0, y·ln a is 0·(−∞); like PyTorch it is taken as 0 there, by taking the log
    // of a with its zeros replaced by the constant 1 (a select, so higher orders stay finite).
    b!.requiresGrad ? mul(g, mul(output, log(where(T.eq(a!.data, 0), 1, a!)))) : null,
  ],
};

/**
 * Elementwise power with broadcasting.
 *
 * Forward: `y = aᵇ`. VJP: `ā = ḡ · b · a^(b−1)` (0 where `b = 0`, also at `a = 0`),
 * `b̄ = ḡ · y · ln a` (the exponent's gradient is computed only when it requires grad; it
 * needs `a ≥ 0`, and is 0 where `a = 0`, as in PyTorch). Proven by the
 * `pow` block of `primitives-elementwise.test.ts`.
 *
 * @param a - base
 * @param b - exponent
 * @returns `a ** b`
 * @example
 * ```ts
 * import { tensor, pow } from "@tsgrad/autograd";
 * pow(tensor([2, 3]), 2).data.toArray(); // [4, 9]
 * ```
 * @category Primitives
 */
export function pow(a: Operand, b: Operand): Tensor {
  return applyBinary(powPrimitive, a, b);
}

/** The method form of {@link pow}, put on Tensor by tensor.ts. @internal */
export const powMethods: {
  /**
   * Method form of {@link pow}: `this ** exponent`.
   * @param exponent - operand
   * @returns the result
   */
  pow(exponent: Operand): Tensor;
} = methodsOf({ pow });
