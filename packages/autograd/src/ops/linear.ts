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
  const y = matmul(asVariable(x), transpose(asVariable(weight)));
  return bias === undefined ? y : add(y, bias);
}
