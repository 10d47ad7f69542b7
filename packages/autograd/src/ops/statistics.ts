import type * as T from "@tsgrad/ndarray";
import { type Operand, type Variable, asVariable } from "../variable.js";
import { normalizeAxesFor } from "../axes.js";
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
 * @param opts - `axis`, `keepdims`, `correction` (1 = unbiased, the default; 0 = population)
 * @returns the variance
 * @example
 * ```ts
 * import { variable, variance } from "@tsgrad/autograd";
 * variance(variable([1, 2, 3, 4]), { correction: 0 }).item(); // 1.25
 * ```
 * @category Composite ops
 */
export function variance(x: Operand, opts: T.VarianceOptions = {}): Variable {
  const v = asVariable(x, undefined, "variance");
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
 * @param opts - `axis`, `keepdims`, `correction`
 * @returns the standard deviation
 * @example
 * ```ts
 * import { variable, std } from "@tsgrad/autograd";
 * std(variable([2, 4, 4, 4, 5, 5, 7, 9]), { correction: 0 }).item(); // 2
 * ```
 * @category Composite ops
 */
export function std(x: Operand, opts: T.VarianceOptions = {}): Variable {
  normalizeAxesFor("std", opts.axis, asVariable(x, undefined, "std").ndim);
  return sqrt(variance(x, opts));
}
