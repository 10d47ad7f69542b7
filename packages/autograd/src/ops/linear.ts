// linear, x·Wᵀ + b as in PyTorch: a composite of matmul, transpose and add, in its own file as
// the op behind nn's Linear layer.
import { ShapeError } from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "../primitives/add.js";
import { matmul } from "../primitives/matmul.js";
import { transpose } from "./shape.js";
import { fmtShape, underName } from "@tsgrad/ndarray/internal";

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
  return underName("linear", () => {
    const vx = asTensor(x, tensorAmong(weight, bias), "linear");
    const vw = asTensor(weight, vx, "linear");
    if (vw.ndim !== 2 || vx.ndim === 0 || vx.shape[vx.ndim - 1] !== vw.shape[1]) {
      throw new ShapeError("linear", `input of shape ${fmtShape(vx.shape)} does not fit weight of shape ${fmtShape(vw.shape)}; expected input (…, inFeatures) and weight (outFeatures, inFeatures)`, {
        input: vx.shape,
        weight: vw.shape,
      });
    }
    const y = matmul(vx, transpose(vw));
    return bias === undefined ? y : add(y, bias);
  });
}
