// clipGradValue, which clamps every gradient element: a free function beside the optimizers,
// as it runs between backward and step.
import { Tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { withGrads } from "./clip-grad-norm.js";
import { checkNumber } from "../checks.js";

/**
 * Clamps every gradient element into `[−clipValue, clipValue]`, as PyTorch's
 * `clip_grad_value_`. Parameters without a gradient are ignored.
 *
 * @param params - a parameter or parameters (e.g. `model.parameters()`)
 * @param clipValue - the largest absolute value allowed (≥ 0)
 * @throws ValueError for a negative or non-finite `clipValue`
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { clipGradValue } from "@tsgrad/nn";
 * const w = tensor([3, -0.5], { requiresGrad: true });
 * w.mul(w).sum().backward();   // grad [6, -1]
 * clipGradValue([w], 2);
 * w.grad!.toArray();      // [2, -1]
 * ```
 * @category Optimizers
 */
export function clipGradValue(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  const op = "clipGradValue";
  checkNumber(op, "arguments", "clipValue", clipValue, { min: 0 });
  for (const p of withGrads(op, params)) p.grad = new Tensor(T.clip(p.grad!.data, -clipValue, clipValue));
}
