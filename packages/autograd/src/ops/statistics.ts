// variance and std as composites of mean, sub and square, with Bessel's correction; apart from
// the reduction primitives they use.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { methodsOf } from "../primitive.js";
import { reduceOptions } from "../primitives/reduce-attrs.js";
import { div } from "../primitives/div.js";
import { mean } from "../primitives/mean.js";
import { mul } from "../primitives/mul.js";
import { sqrt } from "../primitives/sqrt.js";
import { sub } from "../primitives/sub.js";
import { sum } from "../primitives/sum.js";
import { VARIANCE_KEYS, checkNumber, normalizeAxes, underName } from "@tsgrad/ndarray/internal";

/**
 * Variance over axes, two-pass: `Σ (x − mean(x))² / (n − correction)` — never
 * `E[x²] − E[x]²`. Composite of mean, sub, mul, sum, div.
 *
 * @param x - input
 * @param axis - the axis or axes (all when omitted), or the options
 * @param options - `axis`, `keepdims`, `correction` (1 = unbiased, the default; 0 = population)
 * @returns the variance
 * @example
 * ```ts
 * import { tensor, variance } from "@tsgrad/autograd";
 * variance(tensor([1, 2, 3, 4]), { correction: 0 }).item(); // 1.25
 * ```
 * @category Composite ops
 */
export function variance(x: Operand, axis?: number | readonly number[] | T.VarianceOptions, options?: T.VarianceOptions): Tensor {
  return underName("variance", () => {
    const v = asTensor(x, undefined, "variance");
    const opts = reduceOptions("variance", axis, options, VARIANCE_KEYS);
    checkCorrection("variance", opts.correction);
    const axes = normalizeAxes("variance", opts.axis, v.ndim, "Tensor");
    const n = axes.reduce((c, a) => c * v.shape[a]!, 1);
    const d = sub(v, mean(v, { axis: axes, keepdims: true }));
    const ss = sum(mul(d, d), { axis: axes, keepdims: opts.keepdims ?? false });
    return div(ss, Math.max(0, n - (opts.correction ?? 1)));
  });
}

/**
 * Standard deviation: `√variance`. Composite.
 *
 * @param x - input
 * @param axis - the axis or axes (all when omitted), or the options
 * @param options - `axis`, `keepdims`, `correction`
 * @returns the standard deviation
 * @example
 * ```ts
 * import { tensor, std } from "@tsgrad/autograd";
 * std(tensor([2, 4, 4, 4, 5, 5, 7, 9]), { correction: 0 }).item(); // 2
 * ```
 * @category Composite ops
 */
export function std(x: Operand, axis?: number | readonly number[] | T.VarianceOptions, options?: T.VarianceOptions): Tensor {
  return underName("std", () => {
    const opts = reduceOptions("std", axis, options, VARIANCE_KEYS);
    normalizeAxes("std", opts.axis, asTensor(x, undefined, "std").ndim, "Tensor");
    checkCorrection("std", opts.correction);
    return sqrt(variance(x, opts));
  });
}

function checkCorrection(op: string, correction: unknown): void {
  if (correction !== undefined) checkNumber(op, "options", "correction", correction, { min: 0 });
}

/** The method forms of variance and std, put on Tensor by tensor.ts. @internal */
export const statisticsMethods: {
  /**
   * Method form of {@link variance}: the variance (unbiased by default).
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`, `correction`
   * @returns the result
   */
  variance(axis?: number | readonly number[] | T.VarianceOptions, opts?: T.VarianceOptions): Tensor;

  /**
   * Method form of {@link std}: the standard deviation.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`, `correction`
   * @returns the result
   */
  std(axis?: number | readonly number[] | T.VarianceOptions, opts?: T.VarianceOptions): Tensor;
} = methodsOf({ variance, std });
