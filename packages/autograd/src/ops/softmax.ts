// logSumExp, logSoftmax and softmax: the numerically stable composites (shifted by the max),
// together because the two softmaxes are written with logSumExp.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { methodsOf } from "../primitive.js";
import { add } from "../primitives/add.js";
import { div } from "../primitives/div.js";
import { exp } from "../primitives/exp.js";
import { log } from "../primitives/log.js";
import { reshape } from "../primitives/reshape.js";
import { sub } from "../primitives/sub.js";
import { sum } from "../primitives/sum.js";
import { checkBoolean, normalizeAxis, underName } from "@tsgrad/ndarray/internal";

/** The row maxima as a constant (keepdims), with non-finite maxima replaced by 0. */
function shift(v: Tensor, axis: number): Tensor {
  // An empty axis has no maximum; any constant will do (as in PyTorch, softmax of an
  // empty axis is empty and its log-sum-exp is −∞).
  if (v.shape[axis] === 0) return v.wrapData(T.zeros(v.shape.map((d, i) => (i === axis ? 1 : d)), { dtype: v.dtype }));
  const m = T.max(v.data, { axis, keepdims: true });
  // NOTE: the shift is a constant: log Σ exp(x − m) + m has the same gradient for any m.
  return v.wrapData(T.where(T.ne(T.abs(m), Infinity), m, 0));
}

/**
 * `log Σ exp(x)` along an axis, computed stably as `log Σ exp(x − m) + m` with `m` the
 * (constant) maximum. Composite; its gradient is `softmax(x)`.
 *
 * @param x - input
 * @param axis - the axis (default -1)
 * @param keepdims - keep the reduced axis: true or false (default false)
 * @returns the log-sum-exp
 * @example
 * ```ts
 * import { tensor, logSumExp } from "@tsgrad/autograd";
 * logSumExp(tensor([1000, 1000])).item(); // 1000 + ln 2
 * ```
 * @category Composite ops
 */
export function logSumExp(x: Operand, axis = -1, keepdims = false): Tensor {
  return underName("logSumExp", () => {
    const v = asTensor(x, undefined, "logSumExp");
    const a = normalizeAxis("logSumExp", axis, v.ndim, "Tensor");
    checkBoolean("logSumExp", "arguments", "keepdims", keepdims);
    const m = shift(v, a);
    const lse = add(log(sum(exp(sub(v, m)), { axis: a, keepdims: true })), m);
    return keepdims ? lse : reshape(lse, v.shape.filter((_, i) => i !== a));
  });
}

/**
 * Log of the softmax along an axis, `(x − m) − log Σ exp(x − m)` with `m` the constant
 * maximum: stable and precise for any magnitude.
 *
 * @param x - input (logits)
 * @param axis - the axis (default -1)
 * @returns log-probabilities, same shape as `x`
 * @example
 * ```ts
 * import { tensor, logSoftmax } from "@tsgrad/autograd";
 * logSoftmax(tensor([[1e4, 0]])).data.toArray(); // [[0, -10000]]
 * ```
 * @category Composite ops
 */
export function logSoftmax(x: Operand, axis = -1): Tensor {
  return underName("logSoftmax", () => {
    const v = asTensor(x, undefined, "logSoftmax");
    const a = normalizeAxis("logSoftmax", axis, v.ndim, "Tensor");
    // NOTE: (x − m) − log Σ exp(x − m), not x − logSumExp(x): the latter rounds logSumExp at
    // the logits' magnitude (|x| ≈ 1e4 in float32 loses three decimals) before subtracting.
    const shifted = sub(v, shift(v, a));
    return sub(shifted, log(sum(exp(shifted), { axis: a, keepdims: true })));
  });
}

/**
 * Softmax along an axis, `exp(x − m) / Σ exp(x − m)` with `m` the constant maximum.
 *
 * @param x - input (logits)
 * @param axis - the axis (default -1)
 * @returns probabilities summing to 1 along `axis`
 * @example
 * ```ts
 * import { tensor, softmax } from "@tsgrad/autograd";
 * softmax(tensor([0, 0])).data.toArray(); // [0.5, 0.5]
 * ```
 * @category Composite ops
 */
export function softmax(x: Operand, axis = -1): Tensor {
  return underName("softmax", () => {
    const v = asTensor(x, undefined, "softmax");
    const a = normalizeAxis("softmax", axis, v.ndim, "Tensor");
    const e = exp(sub(v, shift(v, a)));
    return div(e, sum(e, { axis: a, keepdims: true }));
  });
}

/** The method forms of logSumExp, logSoftmax and softmax, put on Tensor by tensor.ts. @internal */
export const softmaxMethods: {
  /**
   * Method form of {@link logSumExp}: `log Σ exp(this)` along an axis.
   * @param axis - the axis (default -1)
   * @param keepdims - keep the axis with size 1
   * @returns the result
   */
  logSumExp(axis?: number, keepdims?: boolean): Tensor;

  /**
   * Method form of {@link logSoftmax}: the log-softmax along an axis.
   * @param axis - the axis (default -1)
   * @returns the result
   */
  logSoftmax(axis?: number): Tensor;

  /**
   * Method form of {@link softmax}: the softmax along an axis.
   * @param axis - the axis (default -1)
   * @returns the result
   */
  softmax(axis?: number): Tensor;
} = methodsOf({ logSumExp, logSoftmax, softmax }, { logSumExp: 2, logSoftmax: 1, softmax: 1 });
