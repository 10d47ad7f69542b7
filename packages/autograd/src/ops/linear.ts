import { ShapeError } from "@tsgrad/ndarray";
import { type Operand, type Variable, asVariable } from "../variable.js";
import { add } from "../primitives/add.js";
import { matmul } from "../primitives/matmul.js";
import { transpose } from "./shape.js";

/**
 * Affine map `x Wᵀ + b` with PyTorch's weight layout `(outFeatures, inFeatures)`. Composite.
 *
 * @param x - input `(…, inFeatures)`
 * @param weight - `(outFeatures, inFeatures)`
 * @param bias - optional `(outFeatures)`
 * @returns `(…, outFeatures)`
 * @example
 * ```ts
 * import { variable, linear } from "@tsgrad/autograd";
 * linear(variable([[1, 2]]), variable([[1, 1]]), variable([10])).data.toArray(); // [[13]]
 * ```
 * @category Composite ops
 */
export function linear(x: Operand, weight: Operand, bias?: Operand): Variable {
  const vx = asVariable(x, undefined, "linear");
  const vw = asVariable(weight, undefined, "linear");
  if (vw.ndim !== 2 || vx.ndim === 0 || vx.shape[vx.ndim - 1] !== vw.shape[1]) {
    const fmt = (s: readonly number[]): string => `[${s.join(", ")}]`;
    throw new ShapeError("linear", `input of shape ${fmt(vx.shape)} does not fit weight of shape ${fmt(vw.shape)}; expected input (…, inFeatures) and weight (outFeatures, inFeatures)`, {
      input: vx.shape,
      weight: vw.shape,
    });
  }
  const y = matmul(vx, transpose(vw));
  return bias === undefined ? y : add(y, bias);
}
