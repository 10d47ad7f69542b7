// fusedBatchNorm: BatchNorm as one primitive whose vjp is the closed form. Its forward returns
// the batch statistics as saved values (see Primitive), read by the vjp and by the caller.
import * as T from "@tsgrad/ndarray";
import { isGradEnabled } from "../grad-mode.js";
import { type Primitive, applySaving } from "../primitive.js";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { type BatchNormLayout, type BatchNormOptions, type BatchNormResult, BATCH_NORM_KEYS, batchNormLayout, checkBatchStatsCount, paramView } from "../ops/batch-norm.js";
import { add } from "./add.js";
import { div } from "./div.js";
import { mean } from "./mean.js";
import { mul } from "./mul.js";
import { reshape } from "./reshape.js";
import { sqrt } from "./sqrt.js";
import { sub } from "./sub.js";
import { sum } from "./sum.js";
import { checkNumber, checkOptions } from "@tsgrad/ndarray/internal";

/** fusedBatchNorm's attributes. @internal */
export interface FusedBatchNormAttrs {
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** The normalised axes and the shapes of the parameters. */
  readonly layout: BatchNormLayout;
  /** Channel axis 1, every other axis normalised: the dedicated kernels run. */
  readonly channelLayout: boolean;
}

/**
 * What fusedBatchNorm's forward saves: the batch statistics (float64, one per
 * feature/channel) and, for the vjp, the kernel's saved values or `x̂` and `1/σ`.
 * @internal
 */
export type FusedBatchNormSaved = {
  /** The batch mean, float64, shape of γ. */
  readonly mean: T.NDArray;
  /** The biased batch variance, float64, shape of γ. */
  readonly variance: T.NDArray;
} & (
  | {
      /** What `batchNormBackward` of @tsgrad/ndarray needs (channel layout). */
      readonly kernel: T.BatchNormSaved;
    }
  | {
      /** The normalised input, in the input's dtype (other layouts). */
      readonly xHat: T.NDArray;
      /** `1/sqrt(σ² + eps)`, kept dims (other layouts). */
      readonly invStd: T.NDArray;
    }
);

/**
 * The `fusedBatchNorm` primitive on `(x, γ, β)`: forward `y = γ · x̂ + β` with the batch
 * statistics saved; vjp the closed form (see {@link fusedBatchNormWithStats}).
 * @internal
 */
export const fusedBatchNormPrimitive: Primitive<FusedBatchNormAttrs, FusedBatchNormSaved> = {
  name: "fusedBatchNorm",
  forward: ([x, gamma, beta], { eps, layout, channelLayout }) => {
    // The usual layout (channel axis 1) runs on the dedicated kernels: three passes
    // forward, two backward, x̂ recomputed rather than stored. Other axes use NDArray ops.
    if (channelLayout) {
      const r = T.batchNormForward(x!, gamma!, beta!, eps);
      const stats = { mean: new T.NDArray(r.saved.mean, layout.paramShape), variance: new T.NDArray(r.saved.variance, layout.paramShape) };
      return { output: r.y, saved: { ...stats, kernel: r.saved } };
    }
    const m = T.moments(x!, { axis: layout.axes, keepdims: true });
    const invStd = T.reciprocal(T.sqrt(T.add(m.variance, eps)));
    const xHat = T.mul(T.sub(x!, m.mean), invStd);
    const y = T.add(T.mul(xHat, T.reshape(gamma!, layout.keptShape)), T.reshape(beta!, layout.keptShape));
    const stats = { mean: T.reshape(m.mean, layout.paramShape), variance: T.reshape(m.variance, layout.paramShape) };
    return { output: y.astype(x!.dtype), saved: { ...stats, xHat: xHat.astype(x!.dtype), invStd } };
  },
  vjp: (gy, { inputs, attrs: { eps, layout }, saved }) => {
    const [xv, gv, bv] = inputs as [Tensor, Tensor, Tensor];
    if (!isGradEnabled() && "kernel" in saved) {
      // First order only: the closed form on raw tensors, returned as constants.
      const r = T.batchNormBackward(xv.data, gy.data, gv.data, saved.kernel);
      return [xv.wrapData(r.dx), gv.requiresGrad ? xv.wrapData(r.dgamma) : null, bv.requiresGrad ? xv.wrapData(r.dbeta) : null];
    }
    const reduce = { axis: layout.axes, keepdims: true };
    const n = layout.count;
    let xHat: Tensor;
    let invStd: Tensor;
    if (isGradEnabled() || !("xHat" in saved)) {
      // Recording a graph: recompute x̂ and 1/σ from x so second-order gradients flow through them.
      const xc = sub(xv, mean(xv, reduce));
      invStd = div(1, sqrt(add(mean(mul(xc, xc), reduce), eps)));
      xHat = mul(xc, invStd);
    } else {
      xHat = xv.wrapData(saved.xHat);
      invStd = xv.wrapData(saved.invStd.astype(xv.dtype));
    }
    const sumG = sum(gy, reduce);
    const sumGxHat = sum(mul(gy, xHat), reduce);
    const scale = mul(reshape(gv, layout.keptShape), div(invStd, n));
    const dx = mul(scale, sub(sub(mul(gy, n), sumG), mul(xHat, sumGxHat)));
    return [dx, gv.requiresGrad ? reshape(sumGxHat, layout.paramShape) : null, bv.requiresGrad ? reshape(sumG, layout.paramShape) : null];
  },
};

/**
 * BatchNorm as one primitive whose vjp is the closed form, with the batch statistics.
 *
 * Forward: the statistics are taken in float64 whatever the input dtype (two-pass),
 * `y = γ · (x − μ) / sqrt(σ² + eps) + β`. VJP, with `N` the number of elements per
 * statistic, `ĝ` the upstream gradient and sums over the normalised axes:
 *
 * ```
 * β̄ = Σ ĝ        γ̄ = Σ ĝ · x̂
 * x̄ = γ / (N · sqrt(σ² + eps)) · (N · ĝ − Σ ĝ − x̂ · Σ ĝ · x̂)
 * ```
 *
 * — the post's `a1 … a8` chain folded into one line. The vjp is written with
 * differentiable ops: when the backward records a graph (`createGraph: true`), `x̂`
 * and the standard deviation are recomputed from `x` inside the graph, so second-order
 * gradients are exact; otherwise the values the forward saved are used as constants
 * (for the usual layout, the closed-form kernel runs on them). Proven by the
 * `fusedBatchNorm` block of `batch-norm.test.ts` (equal to the composed {@link batchNorm}
 * in forward, first and second order; gradcheck; random-direction vjp).
 *
 * @param x - input `(N, D)`, `(N, C, L)` or `(N, C, H, W)`
 * @param gamma - scale per feature/channel (null for none)
 * @param beta - shift per feature/channel (null for none)
 * @param opts - `eps` (default 1e-5) and `axes`
 * @returns the output and the detached batch mean and biased variance (in `x`'s dtype)
 * @example
 * ```ts
 * import { tensor, fusedBatchNormWithStats } from "@tsgrad/autograd";
 * const { variance } = fusedBatchNormWithStats(tensor([[1], [3]]), null, null);
 * variance.toArray(); // [1]
 * ```
 * @category BatchNorm
 */
export function fusedBatchNormWithStats(x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions = {}): BatchNormResult {
  return fusedStats("fusedBatchNorm", x, gamma, beta, opts);
}

/** fusedBatchNormWithStats, its errors named `op` (`fusedBatchNorm`, also for the variant with statistics). */
function fusedStats(op: string, x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions): BatchNormResult {
  checkOptions(op, opts, BATCH_NORM_KEYS);
  const eps = checkNumber(op, "options", "eps", opts.eps === undefined ? 1e-5 : opts.eps, { min: 0 });
  const v = asTensor(x, tensorAmong(gamma, beta), op);
  const layout = batchNormLayout(op, v.shape, opts.axes, v.dtype);
  if (opts.axes === undefined) checkBatchStatsCount(op, v.shape, layout.count);
  const g = gamma === null ? v.wrapData(T.ones(layout.paramShape, { dtype: v.dtype })) : asTensor(gamma, v, op);
  const b = beta === null ? v.wrapData(T.zeros(layout.paramShape, { dtype: v.dtype })) : asTensor(beta, v, op);
  paramView(op, "gamma", g, layout);
  paramView(op, "beta", b, layout);
  const channelLayout = layout.axes.length === v.ndim - 1 && !layout.axes.includes(1);
  const { output, saved } = applySaving(fusedBatchNormPrimitive, [v, g, b], { eps, layout, channelLayout });
  return { output, mean: saved!.mean.astype(v.dtype), variance: saved!.variance.astype(v.dtype) };
}

/**
 * BatchNorm as one primitive with the closed-form vjp (see {@link fusedBatchNormWithStats});
 * same signature and results as the composed {@link batchNorm}, fewer graph nodes.
 *
 * @param x - input `(N, D)`, `(N, C, L)` or `(N, C, H, W)`
 * @param gamma - scale per feature/channel (null for none)
 * @param beta - shift per feature/channel (null for none)
 * @param opts - `eps` (default 1e-5) and `axes`
 * @returns the output, shape of `x`
 * @example
 * ```ts
 * import { tensor, fusedBatchNorm } from "@tsgrad/autograd";
 * fusedBatchNorm(tensor([[1], [3]]), null, null, { eps: 0 }).data.toArray(); // [[-1], [1]]
 * ```
 * @category BatchNorm
 */
export function fusedBatchNorm(x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions = {}): Tensor {
  return fusedStats("fusedBatchNorm", x, gamma, beta, opts).output;
}
