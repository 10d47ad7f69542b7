// The reductions (sum, prod, max, min, mean, variance, moments, arg-reductions, Σa·b), JS reference tier,
// accumulating in float64. A faster tier may take the summing loops (ReduceFastPaths).
import { type DType, type TypedArray, allocate } from "../dtype.js";
import { ShapeError, ValueError } from "../errors.js";
import { broadcastShapes, contiguousStrides } from "../shape.js";
import { NDArray } from "../ndarray.js";
import { contiguous, permute } from "../views.js";
import { type IterPlan, coalesce, forEachRow } from "./iter.js";
import { checkNDArray } from "../check-ndarray.js";
import { binaryResultDType, bstrides } from "./elementwise.js";
import { checkBoolean, checkNumber, checkShape, fmtShape, normalizeAxes, normalizeAxis } from "../internal.js";

/** Names of the accumulating reductions. @internal */
export type ReduceOp = "sum" | "prod" | "max" | "min";

/**
 * Options of the reductions.
 * @example
 * ```ts
 * import { type ReduceOptions, arange, sum } from "@tsgrad/ndarray";
 * const lastAxis: ReduceOptions = { axis: -1, keepdims: true };
 * sum(arange(6).reshape([2, 3]), lastAxis).toArray(); // [[3], [12]]
 * ```
 * @category Reductions
 */
export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); all axes when omitted. */
  axis?: number | readonly number[];
  /** Keep reduced axes with size 1 (default false). */
  keepdims?: boolean;
}

/**
 * The summing loops a faster kernel tier may run instead of the JS ones; kernels/dispatch.ts
 * decides per call.
 * @internal
 */
export interface ReduceFastPaths {
  /**
   * Adds `x` (from `xOffset`) into the float64 accumulators `acc` over `plan` (operands x, acc;
   * acc with stride 0 along reduced axes): the loop of every sum, mean and moments.
   * @returns false to leave the loop to JS
   */
  sumInto(plan: IterPlan, x: TypedArray, xOffset: number, acc: Float64Array): boolean;
  /**
   * Adds the products `x·y` (from `xOffset`, `yOffset`, taken in float64) into `acc` over `plan`
   * (operands x, y, acc): the loop of {@link mulSumToKernel}.
   * @returns false to leave the loop to JS
   */
  mulSumInto(plan: IterPlan, x: TypedArray, xOffset: number, y: TypedArray, yOffset: number, acc: Float64Array): boolean;
}

/** Output shape of a reduction, with and without kept dims. @internal */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/**
 * `t` with every reduced axis of stride 0 (a broadcast axis: all its elements are one value)
 * shrunk to size 1, and how many times each remaining element stood for itself: a reduction
 * of a huge broadcast view (`expand([1, 1], [1e10, 1])`) then walks only its distinct values.
 */
function collapseBroadcastAxes(t: NDArray, axes: readonly number[]): { view: NDArray; repeat: number } {
  let repeat = 1;
  let shape: number[] | undefined;
  for (const a of axes) {
    if (t.strides[a] === 0 && t.shape[a]! > 1) {
      shape ??= t.shape.slice();
      repeat *= shape[a]!;
      shape[a] = 1;
    }
  }
  return shape === undefined ? { view: t, repeat } : { view: new NDArray(t.storage, shape, t.strides, t.offset), repeat };
}

/**
 * Reduces `t` over `axes` into a float64 accumulator. The input is walked in storage
 * order; the output is addressed with stride 0 along reduced axes, so each input
 * element lands in its output slot without index arithmetic per element.
 */
function accumulate(op: ReduceOp, full: NDArray, axes: readonly number[], fast?: ReduceFastPaths): { acc: Float64Array; keptShape: number[] } {
  const keptShape = reducedShape(full.shape, axes, true);
  const { view: t, repeat } = collapseBroadcastAxes(full, axes);
  const result = accumulateView(op, t, axes, keptShape, fast);
  // Each value of a collapsed axis stood for `repeat` equal ones: Σ = repeat·Σ, Π = Π^repeat.
  if (repeat !== 1 && (op === "sum" || op === "prod")) {
    for (let i = 0; i < result.length; i++) result[i] = op === "sum" ? result[i]! * repeat : result[i]! ** repeat;
  }
  return { acc: result, keptShape };
}

function accumulateView(op: ReduceOp, t: NDArray, axes: readonly number[], keptShape: number[], fast?: ReduceFastPaths): Float64Array {
  const outStrides = contiguousStrides(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
  let outSize = 1;
  for (const d of keptShape) outSize *= d;
  const acc = allocate("float64", outSize, op);
  const init = op === "sum" ? 0 : op === "prod" ? 1 : op === "max" ? -Infinity : Infinity;
  if (init !== 0) acc.fill(init);
  const x = t.storage;
  const plan = coalesce(t.shape, [t.strides, outStrides]);
  if (op === "sum" && fast !== undefined && fast.sumInto(plan, x, t.offset, acc)) return acc;
  forEachRow(plan, [t.offset, 0], (n, i, si, q, so) => {
    if (so === 0) {
      let a = acc[q]!;
      switch (op) {
        case "sum":
          for (let k = 0; k < n; k++, i += si) a += x[i]!;
          break;
        case "prod":
          for (let k = 0; k < n; k++, i += si) a *= x[i]!;
          break;
        case "max":
          for (let k = 0; k < n; k++, i += si) {
            const v = x[i]!;
            if (v > a || v !== v) a = v;
            if (a !== a) break;
          }
          break;
        case "min":
          for (let k = 0; k < n; k++, i += si) {
            const v = x[i]!;
            if (v < a || v !== v) a = v;
            if (a !== a) break;
          }
          break;
      }
      acc[q] = a;
      return;
    }
    switch (op) {
      case "sum":
        for (let k = 0; k < n; k++, i += si, q += so) acc[q]! += x[i]!;
        return;
      case "prod":
        for (let k = 0; k < n; k++, i += si, q += so) acc[q]! *= x[i]!;
        return;
      case "max":
        for (let k = 0; k < n; k++, i += si, q += so) {
          const v = x[i]!;
          const a = acc[q]!;
          if (v > a || (v !== v && a === a)) acc[q] = v;
        }
        return;
      case "min":
        for (let k = 0; k < n; k++, i += si, q += so) {
          const v = x[i]!;
          const a = acc[q]!;
          if (v < a || (v !== v && a === a)) acc[q] = v;
        }
        return;
    }
  });
  return acc;
}

/**
 * The float64 accumulators as an array of `dtype`. An int32 result is exact in float64; one
 * outside the int32 range is refused (storing it would wrap around silently; PyTorch would
 * promote to int64, which tsgrad does not have).
 */
function finish(acc: Float64Array, dtype: DType, shape: number[], op = "reduce"): NDArray {
  if (dtype === "int32") {
    for (let i = 0; i < acc.length; i++) {
      const v = acc[i]!;
      if (v > 2147483647 || v < -2147483648) {
        throw new ValueError(op, `the int32 ${op} ${v} (at output position ${i}) does not fit int32 ([-2^31, 2^31 - 1]); cast to float64 first`, {
          value: v,
          position: i,
        });
      }
    }
  }
  const out = allocate(dtype, acc.length, op);
  out.set(acc);
  return new NDArray(out, shape);
}

/**
 * Sum, product, max or min over axes. float32 and int32 inputs accumulate in float64.
 * @param fast - the fast paths to offer the summing loop to (none: the JS loops)
 * @internal
 */
export function reduce(op: ReduceOp, t: NDArray, opts: ReduceOptions = {}, fast?: ReduceFastPaths): NDArray {
  checkNDArray(op, t);
  if (opts.keepdims !== undefined) checkBoolean(op, "options", "keepdims", opts.keepdims);
  const axes = normalizeAxes(op, opts.axis, t.ndim);
  if ((op === "max" || op === "min") && axes.some((a) => t.shape[a] === 0)) {
    throw new ValueError(op, `cannot take the ${op} over an empty axis of shape ${fmtShape(t.shape)}`, {
      shape: t.shape,
      axis: opts.axis,
    });
  }
  const { acc } = accumulate(op, t, axes, fast);
  return finish(acc, t.dtype, reducedShape(t.shape, axes, opts.keepdims ?? false), op);
}

/**
 * Mean over axes (float result; NaN over an empty axis, like PyTorch).
 * @param fast - the fast paths to offer the summing loop to (none: the JS loop)
 * @internal
 */
export function meanKernel(t: NDArray, opts: ReduceOptions = {}, fast?: ReduceFastPaths): NDArray {
  checkNDArray("mean", t);
  const axes = normalizeAxes("mean", opts.axis, t.ndim);
  const { acc } = accumulate("sum", t, axes, fast);
  const count = axes.reduce((c, a) => c * t.shape[a]!, 1);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / count;
  return finish(acc, t.dtype === "int32" ? "float32" : t.dtype, reducedShape(t.shape, axes, opts.keepdims ?? false));
}

/**
 * Options of {@link variance} and {@link std}.
 * @example
 * ```ts
 * import { type VarianceOptions, ndarray, variance } from "@tsgrad/ndarray";
 * const population: VarianceOptions = { correction: 0 };
 * variance(ndarray([1, 2, 3, 4]), population).item(); // 1.25
 * ```
 * @category Reductions
 */
export interface VarianceOptions extends ReduceOptions {
  /** Subtracted from the count in the denominator: 1 (default) for the unbiased estimate, 0 for the population variance. */
  correction?: number;
}

/**
 * Variance over axes, two-pass: the mean first, then the mean of squared deviations
 * (never E[x²] − E[x]², which cancels catastrophically). Never negative.
 * @param fast - the fast paths to offer the summing loop to (none: the JS loop)
 * @internal
 */
export function varianceKernel(t: NDArray, opts: VarianceOptions = {}, fast?: ReduceFastPaths): NDArray {
  const { variance } = momentsKernel(t, { ...opts, correction: opts.correction ?? 1 }, fast);
  return t.dtype === "float64" ? variance : finish(variance.storage as Float64Array, "float32", variance.shape.slice());
}

/**
 * Index of the largest (or smallest) element along one axis, or of the flattened
 * tensor when `axis` is omitted; ties give the first index; NaN counts as largest.
 * @internal
 */
export function argReduce(op: "argmax" | "argmin", t: NDArray, axis: number | undefined, keepdims = false): NDArray {
  checkNDArray(op, t);
  if (axis === undefined) {
    if (t.size === 0) throw new ValueError(op, `cannot take the ${op} of an empty tensor`, { shape: t.shape });
    const flat = contiguous(t).storage;
    const r = argRow(op, flat, 0, 1, t.size);
    const out = allocate("int32", 1, op);
    out[0] = r;
    return new NDArray(out, keepdims ? t.shape.map(() => 1) : []);
  }
  const a = normalizeAxis(op, axis, t.ndim);
  const n = t.shape[a]!;
  if (n === 0) throw new ValueError(op, `cannot take the ${op} over an empty axis of shape ${fmtShape(t.shape)}`, { shape: t.shape, axis });
  if (t.strides[a] === 0) {
    // A broadcast axis holds one value n times: its first index is the answer (NaN included).
    return new NDArray(allocate("int32", t.size / n, op), reducedShape(t.shape, [a], keepdims));
  }
  const order = [...t.shape.keys()].filter((i) => i !== a).concat([a]);
  const moved = contiguous(permute(t, order)).storage;
  const rows = moved.length / n;
  const out = allocate("int32", rows, op);
  for (let r = 0; r < rows; r++) out[r] = argRow(op, moved, r * n, 1, n);
  return new NDArray(out, reducedShape(t.shape, [a], keepdims));
}

function argRow(op: "argmax" | "argmin", x: ArrayLike<number>, start: number, step: number, n: number): number {
  let best = 0;
  let bv = x[start]!;
  if (bv !== bv) return 0;
  for (let k = 1; k < n; k++) {
    const v = x[start + k * step]!;
    if (v !== v) return k;
    if (op === "argmax" ? v > bv : v < bv) {
      bv = v;
      best = k;
    }
  }
  return best;
}

/**
 * Mean and variance over axes in one call, both as float64 tensors of the kept shape
 * (or reduced shape without `keepdims`), whatever the input dtype: the statistics
 * BatchNorm needs, without rounding the mean to float32. Two-pass.
 * @param fast - the fast paths to offer the summing loop to (none: the JS loop)
 * @internal
 */
export function momentsKernel(t: NDArray, opts: VarianceOptions = {}, fast?: ReduceFastPaths): { mean: NDArray; variance: NDArray } {
  checkNDArray("moments", t);
  const axes = normalizeAxes("moments", opts.axis, t.ndim);
  if (opts.correction !== undefined) checkNumber("variance", "options", "correction", opts.correction, { min: 0 });
  if (opts.keepdims !== undefined) checkBoolean("variance", "options", "keepdims", opts.keepdims);
  const correction = opts.correction ?? 0;
  const { acc: mean, keptShape } = accumulate("sum", t, axes, fast);
  const count = axes.reduce((c, a) => c * t.shape[a]!, 1);
  for (let i = 0; i < mean.length; i++) mean[i] = mean[i]! / count;
  const outStrides = contiguousStrides(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
  const acc = allocate("float64", mean.length, "variance");
  // Squared deviations of a broadcast axis repeat too: walk the distinct values, scale the sums.
  const { view, repeat } = collapseBroadcastAxes(t, axes);
  const x = view.storage;
  forEachRow(coalesce(view.shape, [view.strides, outStrides]), [view.offset, 0], (n, i, si, q, so) => {
    for (let k = 0; k < n; k++, i += si, q += so) {
      const d = x[i]! - mean[q]!;
      acc[q]! += d * d;
    }
  });
  if (repeat !== 1) for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! * repeat;
  const denom = Math.max(0, count - correction);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / denom;
  const shape = reducedShape(t.shape, axes, opts.keepdims ?? false);
  return { mean: new NDArray(mean, shape), variance: new NDArray(acc, shape) };
}

/**
 * `Σ a·b` reduced to `shape`: the broadcast product of `a` and `b`, summed over the axes
 * that `shape` lacks (leading) or has as 1, in one pass with float64 products and sums —
 * the full-size product is never stored.
 * @param fast - the fast paths to offer the loop to (none: the JS loop)
 * @internal
 */
export function mulSumToKernel(op: string, a: NDArray, b: NDArray, shape: readonly number[], fast?: ReduceFastPaths): NDArray {
  checkNDArray(op, a);
  checkNDArray(op, b);
  const full = broadcastShapes(op, a.shape, b.shape);
  checkShape(op, "shape", shape);
  const lead = full.length - shape.length;
  const fits = lead >= 0 && shape.every((d, i) => d === full[i + lead] || d === 1);
  if (!fits) {
    throw new ShapeError(op, `cannot reduce the product of shape ${fmtShape(full)} to shape ${fmtShape(shape)}; expected that shape with some axes 1 or dropped in front`, {
      shape: full,
      target: shape,
    });
  }
  const kept = full.map((d, i) => (i < lead || shape[i - lead] === 1 ? 1 : d));
  const outStrides = contiguousStrides(kept).map((s, i) => (kept[i] === 1 ? 0 : s));
  let outSize = 1;
  for (const d of kept) outSize *= d;
  const acc = allocate("float64", outSize, "sum");
  const plan = coalesce(full, [bstrides(a, full), bstrides(b, full), outStrides]);
  const x = a.storage;
  const y = b.storage;
  if (fast === undefined || !fast.mulSumInto(plan, x, a.offset, y, b.offset, acc)) {
    forEachRow(plan, [a.offset, b.offset, 0], (n, i, si, j, sj, q, so) => {
      for (let k = 0; k < n; k++, i += si, j += sj, q += so) acc[q] = acc[q]! + x[i]! * y[j]!;
    });
  }
  return finish(acc, binaryResultDType("mul", a.dtype, b.dtype), [...shape], "sum");
}
