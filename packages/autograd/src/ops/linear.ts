import { ShapeError } from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
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
 * import { tensor, linear } from "@tsgrad/autograd";
 * linear(tensor([[1, 2]]), tensor([[1, 1]]), tensor([10])).data.toArray(); // [[13]]
 * ```
 * @category Composite ops
 */
export function linear(x: Operand, weight: Operand, bias?: Operand): Tensor {
  const vx = asTensor(x, tensorAmong(weight, bias), "linear");
  const vw = asTensor(weight, vx, "linear");
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
