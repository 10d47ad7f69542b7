// The cast primitive, a dtype change whose vjp casts back: one file per primitive (CONTRIBUTING.md).
import * as T from "@tsgrad/ndarray";
import { type Primitive, apply } from "../primitive.js";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { showValue, underName } from "@tsgrad/ndarray/internal";

/** The `cast` primitive: forward converts the dtype; vjp converts `g` back. @internal */
export const castPrimitive: Primitive<{ dtype: T.DType; from: T.DType }> = {
  name: "cast",
  forward: ([x], { dtype }) => x!.astype(dtype),
  vjp: (g, { attrs }) => [cast(g, attrs.from)],
};

/**
 * Converts to another dtype (float32 ↔ float64; int32 results do not carry gradients).
 *
 * Forward: `y = x` in dtype `dtype`. VJP: `x̄ = ḡ` in `x`'s dtype. Proven by the `cast`
 * block of `primitives-shape.test.ts`.
 *
 * @param x - input
 * @param dtype - target dtype
 * @returns the converted Tensor (`x` itself when the dtype already matches)
 * @example
 * ```ts
 * import { tensor, cast } from "@tsgrad/autograd";
 * cast(tensor([1.5]), "float64").dtype; // "float64"
 * ```
 * @category Primitives
 */
export function cast(x: Operand, dtype: T.DType): Tensor {
  return castAs("cast", x, dtype);
}

/** {@link cast} with the public name `op` its errors start with (`astype` for the method). @internal */
export function castAs(op: string, x: Operand, dtype: T.DType): Tensor {
  return underName(op, () => {
    const v = asTensor(x, undefined, op);
    if (dtype !== "float32" && dtype !== "float64" && dtype !== "int32") {
      throw new T.DTypeError(op, `unknown dtype ${showValue(dtype)}; expected "float32", "float64" or "int32"`, { dtype });
    }
    if (v.dtype === dtype) return v;
    return apply(castPrimitive, [v], { dtype, from: v.dtype });
  });
}
