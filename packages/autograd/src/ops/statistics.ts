import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { normalizeAxesFor } from "../axes.js";
import { reduceOptions } from "../primitives/reduce-attrs.js";
import { div } from "../primitives/div.js";
import { mean } from "../primitives/mean.js";
import { mul } from "../primitives/mul.js";
import { sqrt } from "../primitives/sqrt.js";
import { sub } from "../primitives/sub.js";
import { sum } from "../primitives/sum.js";

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
  const v = asTensor(x, undefined, "variance");
  const opts = reduceOptions("variance", axis, options);
  checkCorrection("variance", opts.correction);
  const axes = normalizeAxesFor("variance", opts.axis, v.ndim);
  const n = axes.reduce((c, a) => c * v.shape[a]!, 1);
  const d = sub(v, mean(v, { axis: axes, keepdims: true }));
  const ss = sum(mul(d, d), { axis: axes, keepdims: opts.keepdims ?? false });
  return div(ss, Math.max(0, n - (opts.correction ?? 1)));
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
  const opts = reduceOptions("std", axis, options);
  normalizeAxesFor("std", opts.axis, asTensor(x, undefined, "std").ndim);
  checkCorrection("std", opts.correction);
  return sqrt(variance(x, opts));
}

function checkCorrection(op: string, correction: unknown): void {
  if (correction !== undefined && (typeof correction !== "number" || !Number.isFinite(correction) || correction < 0)) {
    throw new T.ValueError(op, `correction must be a finite number >= 0, got ${String(correction)}`, { correction: String(correction) });
  }
}
