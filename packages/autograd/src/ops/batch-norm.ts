// Batch normalisation as a composite op (training statistics, inference with running stats) and
// its layout helpers; one file because nn's BatchNorm layers and the functional form share them.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "../primitives/add.js";
import { div } from "../primitives/div.js";
import { mean } from "../primitives/mean.js";
import { mul } from "../primitives/mul.js";
import { reshape } from "../primitives/reshape.js";
import { sqrt } from "../primitives/sqrt.js";
import { sub } from "../primitives/sub.js";
import { type OptionKeys, checkNumber, checkOptions, fmtShape, normalizeAxes, underName } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link batchNorm} and {@link fusedBatchNorm}.
 * @example
 * ```ts
 * import { type BatchNormOptions, batchNorm, tensor } from "@tsgrad/autograd";
 * import { randn } from "@tsgrad/ndarray";
 * // NHWC images: normalise over N, H and W, one statistic per channel on the last axis.
 * const opts: BatchNormOptions = { eps: 1e-3, axes: [0, 1, 2] };
 * const y = batchNorm(tensor(randn([2, 4, 4, 3], { seed: 0 })), tensor([1, 1, 1]), tensor([0, 0, 0]), opts);
 * y.shape; // [2, 4, 4, 3]
 * ```
 * @category BatchNorm
 */
export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5, PyTorch's). */
  eps?: number;
  /**
   * Axes to normalise over. Default: every axis but axis 1 — the batch axis of
   * `(N, D)`, and `N, L` of `(N, C, L)` or `N, H, W` of NCHW.
   */
  axes?: number | readonly number[];
}

/** The keys of {@link BatchNormOptions}. @internal */
export const BATCH_NORM_KEYS: OptionKeys<BatchNormOptions> = { eps: true, axes: true };

/**
 * The result of {@link batchNormWithStats}: the output and the batch statistics.
 * @example
 * ```ts
 * import { type BatchNormResult, batchNormWithStats, tensor } from "@tsgrad/autograd";
 * const r: BatchNormResult = batchNormWithStats(tensor([[1, 10], [3, 30]]), null, null);
 * r.mean.toArray();     // [2, 20]
 * r.variance.toArray(); // [1, 100] (biased)
 * r.output.shape;       // [2, 2]
 * ```
 * @category BatchNorm
 */
export interface BatchNormResult {
  /** The normalised, scaled and shifted output, shape of the input. */
  output: Tensor;
  /** The batch mean per feature/channel, shape of `gamma` (a detached value). */
  mean: T.NDArray;
  /** The biased (population) batch variance per feature/channel (a detached value). */
  variance: T.NDArray;
}

/** Normalised reduction axes and the shapes parameters take. @internal */
export interface BatchNormLayout {
  axes: number[];
  /** Input shape with reduced axes as 1 (parameters broadcast in this shape). */
  keptShape: number[];
  /** Shape of gamma, beta and the statistics: the kept (non-reduced) sizes. */
  paramShape: number[];
  /** Whether a parameter of `paramShape` broadcasts without a reshape (reduced axes all leading). */
  broadcastsAsIs: boolean;
  /** Number of elements each statistic is taken over. */
  count: number;
}

/** Works out the layout of a BatchNorm over `x`. @internal */
export function batchNormLayout(op: string, shape: readonly number[], axes: BatchNormOptions["axes"], dtype?: T.DType): BatchNormLayout {
  if (dtype === "int32") {
    // An int32 input would give an int32 output of truncated (mostly zero) normalised values.
    throw new T.DTypeError(op, `expected a float32 or float64 input, got int32 of shape ${fmtShape(shape)}; cast it first`, { dtype, shape });
  }
  if (shape.length < 2) {
    throw new T.ShapeError(op, `expected an input of rank ≥ 2 ((N, D), (N, C, L) or (N, C, H, W)), got shape ${fmtShape(shape)}`, { shape });
  }
  const ax = axes === undefined ? shape.map((_, i) => i).filter((i) => i !== 1) : normalizeAxes(op, axes, shape.length, "Tensor");
  const keptShape = shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const paramShape = shape.filter((_, i) => !ax.includes(i));
  const broadcastsAsIs = ax.every((a, i) => a === i);
  const count = ax.reduce((c, a) => c * shape[a]!, 1);
  return { axes: ax, keptShape, paramShape, broadcastsAsIs, count };
}

/** Checks a parameter's shape and shapes it for broadcasting (a view, the only non-arithmetic node allowed). @internal */
export function paramView(op: string, name: string, p: Tensor, layout: BatchNormLayout): Tensor {
  const expected = layout.paramShape;
  if (p.shape.length !== expected.length || p.shape.some((d, i) => d !== expected[i])) {
    throw new T.ShapeError(op, `${name} has shape ${fmtShape(p.shape)}; expected ${fmtShape(expected)} (one value per normalised feature/channel)`, {
      [name]: p.shape,
      expected,
    });
  }
  return layout.broadcastsAsIs ? p : reshape(p, layout.keptShape);
}

/**
 * BatchNorm composed from the primitives `mean`, `sub`, `mul`, `add`, `sqrt` and `div`
 * only, with the batch statistics returned beside the output:
 *
 * ```
 * μ = mean(x)            (over the normalised axes, keepdims)
 * xc = x − μ
 * σ² = mean(xc · xc)     (two-pass, never E[x²] − E[x]²)
 * x̂ = xc / sqrt(σ² + eps)
 * y = γ · x̂ + β
 * ```
 *
 * No hand-written gradient sits on this path: autograd derives it from the six
 * primitives, and the test suite proves it equal to the closed-form backward of the
 * post this project started from. For `(N, C, L)` and NCHW inputs the statistics are
 * taken with `keepdims` over every axis but C — no transpose is involved; `γ` and `β`
 * of shape `(C)` are reshaped to `(1, C, 1[, 1])` (a view) to broadcast.
 *
 * @param x - input `(N, D)`, `(N, C, L)` or `(N, C, H, W)`
 * @param gamma - scale, one per feature/channel (or null for 1)
 * @param beta - shift, one per feature/channel (or null for 0)
 * @param opts - `eps` (default 1e-5) and `axes`
 * @returns the output and the detached batch mean and biased variance
 * @example
 * ```ts
 * import { tensor, batchNormWithStats } from "@tsgrad/autograd";
 * const { output, mean } = batchNormWithStats(tensor([[1, 10], [3, 30]]), tensor([1, 1]), tensor([0, 0]));
 * mean.toArray(); // [2, 20]
 * ```
 * @category BatchNorm
 */
export function batchNormWithStats(x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions = {}): BatchNormResult {
  return batchNormStats("batchNorm", x, gamma, beta, opts);
}

/**
 * The one batch-of-one policy of the functional and layer forms (PyTorch's): statistics of the
 * batch need more than one value per channel (with one, the variance is 0 and the output is β
 * whatever the input), so such an input is refused wherever batch statistics are used over
 * the default axes (an explicit `axes` makes the function a general normalisation: not checked).
 * @internal
 */
export function checkBatchStatsCount(op: string, shape: readonly number[], count: number): void {
  if (count <= 1) {
    throw new T.ValueError(op, `expected more than 1 value per channel when training, got input of shape ${fmtShape(shape)}`, {
      shape,
    });
  }
}

/** batchNormWithStats, its errors named `op` (`batchNorm`, also for the variant with statistics). */
function batchNormStats(op: string, x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions): BatchNormResult {
  return underName(op, () => {
    checkOptions(op, opts, BATCH_NORM_KEYS);
    const v = asTensor(x, tensorAmong(gamma, beta), op);
    const layout = batchNormLayout(op, v.shape, opts.axes, v.dtype);
    const eps = checkNumber(op, "options", "eps", opts.eps === undefined ? 1e-5 : opts.eps, { min: 0 });
    if (opts.axes === undefined) checkBatchStatsCount(op, v.shape, layout.count);
    const reduce = { axis: layout.axes, keepdims: true };
    const mu = mean(v, reduce);
    const xc = sub(v, mu);
    const variance = mean(mul(xc, xc), reduce);
    const xHat = div(xc, sqrt(add(variance, eps)));
    let y = xHat;
    if (gamma !== null) y = mul(y, paramView(op, "gamma", asTensor(gamma, v, op), layout));
    if (beta !== null) y = add(y, paramView(op, "beta", asTensor(beta, v, op), layout));
    return { output: y, mean: T.reshape(mu.data, layout.paramShape), variance: T.reshape(variance.data, layout.paramShape) };
  });
}

/**
 * BatchNorm composed from `mean sub mul add sqrt div` only (training mode: batch
 * statistics). See {@link batchNormWithStats} for the formulas; this returns just the
 * output.
 *
 * @param x - input `(N, D)`, `(N, C, L)` or `(N, C, H, W)`
 * @param gamma - scale per feature/channel (null for none)
 * @param beta - shift per feature/channel (null for none)
 * @param opts - `eps` (default 1e-5) and `axes`
 * @returns the output, shape of `x`
 * @example
 * ```ts
 * import { tensor, batchNorm } from "@tsgrad/autograd";
 * const x = tensor([[1, 2], [3, 6]], { requiresGrad: true, dtype: "float64" });
 * const y = batchNorm(x, tensor([1, 1], { dtype: "float64" }), tensor([0, 0], { dtype: "float64" }));
 * y.data.toArray(); // ≈ [[-1, -1], [1, 1]]
 * ```
 * @category BatchNorm
 */
export function batchNorm(x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions = {}): Tensor {
  return batchNormStats("batchNorm", x, gamma, beta, opts).output;
}

/**
 * BatchNorm with frozen statistics (inference): `γ · (x − mean) / sqrt(var + eps) + β`,
 * composed from the same primitives. `mean` and `var` are constants of the shape of `γ`.
 *
 * @param x - input
 * @param runningMean - the mean to subtract, one per feature/channel (a constant: never traced)
 * @param runningVar - the variance to divide by, one per feature/channel (a constant)
 * @param gamma - scale (null for none)
 * @param beta - shift (null for none)
 * @param opts - `eps` (default 1e-5) and `axes`
 * @returns the output
 * @example
 * ```ts
 * import { tensor, batchNormInference } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * batchNormInference(tensor([[2]]), tensor([1]), ndarray([4]), null, null, { eps: 0 }).item(); // 0.5
 * ```
 * @category BatchNorm
 */
export function batchNormInference(
  x: Operand,
  runningMean: Operand,
  runningVar: Operand,
  gamma: Operand | null,
  beta: Operand | null,
  opts: BatchNormOptions = {},
): Tensor {
  return underName("batchNormInference", () => {
    const op = "batchNormInference";
    checkOptions(op, opts, BATCH_NORM_KEYS);
    const v = asTensor(x, tensorAmong(runningMean, runningVar, gamma, beta), op);
    const layout = batchNormLayout(op, v.shape, opts.axes, v.dtype);
    const eps = checkNumber(op, "options", "eps", opts.eps === undefined ? 1e-5 : opts.eps, { min: 0 });
    // Running statistics are constants (never traced), taken in the input's dtype.
    const statistic = (value: Operand): Tensor => {
      const t = asTensor(value, v, op);
      return v.wrapData(t.dtype === v.dtype ? t.data : t.data.astype(v.dtype));
    };
    const m = paramView(op, "runningMean", statistic(runningMean), layout);
    const s = paramView(op, "runningVar", statistic(runningVar), layout);
    let y = div(sub(v, m), sqrt(add(s, eps)));
    if (gamma !== null) y = mul(y, paramView("batchNormInference", "gamma", asTensor(gamma, v, "batchNormInference"), layout));
    if (beta !== null) y = add(y, paramView("batchNormInference", "beta", asTensor(beta, v, "batchNormInference"), layout));
    return y;
  });
}
