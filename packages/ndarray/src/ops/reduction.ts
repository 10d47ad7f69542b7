// The public reductions: the kernels run with the tier switch (kernels/dispatch.ts), which may take their summing loops.
import type { NDArray } from "../ndarray.js";
import {
  type ReduceOptions,
  type VarianceOptions,
  argReduce,
  meanKernel,
  reduce,
  varianceKernel,
  momentsKernel,
  mulSumToKernel,
} from "../kernels/reduce.js";
import { unary } from "../kernels/elementwise.js";
import { dispatch } from "../kernels/dispatch.js";
// Validates axes under the public name (the kernel is shared, so its errors would name it).
import { checkNDArray } from "../check-ndarray.js";
import { REDUCE_KEYS, VARIANCE_KEYS, checkOptions, normalizeAxes, underName } from "../internal.js";

/**
 * Sum over `axis` (all axes by default). float32 and int32 accumulate in float64.
 *
 * @param x - input tensor
 * @param opts - `axis` (number or list, negative allowed) and `keepdims`
 * @returns the sums
 * @throws AxisError for an out-of-range or repeated axis
 * @example
 * ```ts
 * import { ndarray, sum } from "@tsgrad/ndarray";
 * sum(ndarray([[1, 2], [3, 4]]), { axis: 0 }).toArray(); // [4, 6]
 * ```
 * @category Reductions
 */
export function sum(x: NDArray, opts?: ReduceOptions): NDArray {
  return reduce("sum", x, checkOptions("sum", opts, REDUCE_KEYS), dispatch);
}

/**
 * Product over `axis` (all axes by default), accumulated in float64.
 *
 * @param x - input tensor
 * @param opts - `axis` and `keepdims`
 * @returns the products
 * @example
 * ```ts
 * import { ndarray, prod } from "@tsgrad/ndarray";
 * prod(ndarray([1, 2, 3, 4])).item(); // 24
 * ```
 * @category Reductions
 */
export function prod(x: NDArray, opts?: ReduceOptions): NDArray {
  return reduce("prod", x, checkOptions("prod", opts, REDUCE_KEYS), dispatch);
}

/**
 * Mean over `axis` (all axes by default); NaN over an empty axis.
 *
 * @param x - input tensor
 * @param opts - `axis` and `keepdims`
 * @returns the means (float32 for int32 input)
 * @example
 * ```ts
 * import { ndarray, mean } from "@tsgrad/ndarray";
 * mean(ndarray([[1, 2], [3, 4]]), { axis: 1, keepdims: true }).toArray(); // [[1.5], [3.5]]
 * ```
 * @category Reductions
 */
export function mean(x: NDArray, opts?: ReduceOptions): NDArray {
  return meanKernel(x, checkOptions("mean", opts, REDUCE_KEYS), dispatch);
}

/**
 * Largest element over `axis` (all axes by default); NaN if any element is NaN.
 *
 * @param x - input tensor
 * @param opts - `axis` and `keepdims`
 * @returns the maxima
 * @throws ValueError over an empty axis
 * @example
 * ```ts
 * import { ndarray, max } from "@tsgrad/ndarray";
 * max(ndarray([[1, 5], [7, 2]]), { axis: 1 }).toArray(); // [5, 7]
 * ```
 * @category Reductions
 */
export function max(x: NDArray, opts?: ReduceOptions): NDArray {
  return reduce("max", x, checkOptions("max", opts, REDUCE_KEYS), dispatch);
}

/**
 * Smallest element over `axis` (all axes by default); NaN if any element is NaN.
 *
 * @param x - input tensor
 * @param opts - `axis` and `keepdims`
 * @returns the minima
 * @throws ValueError over an empty axis
 * @example
 * ```ts
 * import { ndarray, min } from "@tsgrad/ndarray";
 * min(ndarray([[1, 5], [7, 2]]), { axis: 0 }).toArray(); // [1, 2]
 * ```
 * @category Reductions
 */
export function min(x: NDArray, opts?: ReduceOptions): NDArray {
  return reduce("min", x, checkOptions("min", opts, REDUCE_KEYS), dispatch);
}

/**
 * Variance over `axis`, two-pass (mean of squared deviations, never E[x²]−E[x]²), so it
 * is never negative. `correction` 1 (default, unbiased) or 0 (population).
 *
 * @param x - input tensor
 * @param opts - `axis`, `keepdims`, `correction`
 * @returns the variances
 * @example
 * ```ts
 * import { ndarray, variance } from "@tsgrad/ndarray";
 * variance(ndarray([1, 2, 3, 4]), { correction: 0 }).item(); // 1.25
 * ```
 * @category Reductions
 */
export function variance(x: NDArray, opts?: VarianceOptions): NDArray {
  opts = checkOptions("variance", opts, VARIANCE_KEYS);
  checkNDArray("variance", x);
  normalizeAxes("variance", opts.axis, x.ndim);
  const o = opts;
  return underName("variance", () => varianceKernel(x, o, dispatch));
}

/**
 * Standard deviation: the square root of {@link variance}.
 *
 * @param x - input tensor
 * @param opts - `axis`, `keepdims`, `correction`
 * @returns the standard deviations
 * @example
 * ```ts
 * import { ndarray, std } from "@tsgrad/ndarray";
 * std(ndarray([2, 4, 4, 4, 5, 5, 7, 9]), { correction: 0 }).item(); // 2
 * ```
 * @category Reductions
 */
export function std(x: NDArray, opts?: VarianceOptions): NDArray {
  opts = checkOptions("std", opts, VARIANCE_KEYS);
  checkNDArray("std", x);
  normalizeAxes("std", opts.axis, x.ndim);
  const o = opts;
  return underName("std", () => unary("sqrt", varianceKernel(x, o, dispatch), dispatch));
}

/**
 * Index of the largest element along `axis`, or in the flattened tensor when `axis`
 * is omitted. Ties give the first index; NaN counts as the largest. int32 result.
 *
 * @param x - input tensor
 * @param axis - the axis (optional)
 * @param keepdims - keep the reduced axis with size 1
 * @returns int32 indices
 * @example
 * ```ts
 * import { ndarray, argmax } from "@tsgrad/ndarray";
 * argmax(ndarray([[1, 5], [7, 2]]), 1).toArray(); // [1, 0]
 * ```
 * @category Reductions
 */
export function argmax(x: NDArray, axis?: number, keepdims = false): NDArray {
  return argReduce("argmax", x, axis, keepdims);
}

/**
 * Index of the smallest element along `axis`, or in the flattened tensor when `axis`
 * is omitted. Ties give the first index. int32 result.
 *
 * @param x - input tensor
 * @param axis - the axis (optional)
 * @param keepdims - keep the reduced axis with size 1
 * @returns int32 indices
 * @example
 * ```ts
 * import { ndarray, argmin } from "@tsgrad/ndarray";
 * argmin(ndarray([3, 1, 2])).item(); // 1
 * ```
 * @category Reductions
 */
export function argmin(x: NDArray, axis?: number, keepdims = false): NDArray {
  return argReduce("argmin", x, axis, keepdims);
}

/**
 * Mean and variance over axes in one call, both float64 whatever the input dtype
 * (so a float32 input's mean is not rounded), two-pass. `correction` defaults to 0
 * (population variance), as BatchNorm uses.
 *
 * @param x - input tensor
 * @param opts - `axis`, `keepdims`, `correction`
 * @returns `{ mean, variance }`, float64
 * @example
 * ```ts
 * import { ndarray, moments } from "@tsgrad/ndarray";
 * const { mean, variance } = moments(ndarray([1, 2, 3, 4]));
 * [mean.item(), variance.item()]; // [2.5, 1.25]
 * ```
 * @category Reductions
 */
export function moments(
  x: NDArray,
  opts?: VarianceOptions,
): {
  /** The mean over the axes, float64. */
  mean: NDArray;
  /** The variance over the axes (with `correction`), float64. */
  variance: NDArray;
} {
  return momentsKernel(x, checkOptions("moments", opts, VARIANCE_KEYS), dispatch);
}

/**
 * The broadcast product `a · b` summed down to `shape`: over the leading axes `shape` lacks
 * and the axes where it has 1 — what `sum(mul(a, b), …)` and a reshape give, in one pass,
 * without storing the full-size product (products and sums in float64, rounded once).
 * Autograd uses it for the gradient of a broadcast factor, e.g. γ in `x̂ · γ`.
 *
 * @param a - first factor
 * @param b - second factor (broadcast against `a`)
 * @param shape - the result's shape: the broadcast shape with some axes 1 or dropped in front
 * @returns `Σ a·b` over the reduced axes, of shape `shape`, in the dtype `mul` would give
 * @throws ShapeError when `a` and `b` do not broadcast, or `shape` is not a reduction of their broadcast shape
 * @example
 * ```ts
 * import { ndarray, mulSumTo } from "@tsgrad/ndarray";
 * const g = ndarray([[1, 2], [3, 4]]);
 * const x = ndarray([[10, 20], [30, 40]]);
 * mulSumTo(g, x, [2]).toArray();    // [100, 200]: column sums of g·x
 * mulSumTo(g, x, [2, 1]).toArray(); // [[50], [250]]: row sums
 * ```
 * @category Reductions
 */
export function mulSumTo(a: NDArray, b: NDArray, shape: readonly number[]): NDArray {
  return mulSumToKernel("mulSumTo", a, b, shape, dispatch);
}
