import * as T from "@tsgrad/ndarray";
import { customOp } from "../custom-op.js";
import { isGradEnabled } from "../grad-mode.js";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "../primitives/add.js";
import { div } from "../primitives/div.js";
import { mean } from "../primitives/mean.js";
import { mul } from "../primitives/mul.js";
import { reshape } from "../primitives/reshape.js";
import { sqrt } from "../primitives/sqrt.js";
import { sub } from "../primitives/sub.js";
import { sum } from "../primitives/sum.js";
import { type BatchNormOptions, type BatchNormResult, batchNormLayout, paramView } from "./batch-norm.js";

/**
 * BatchNorm as one custom op whose vjp is the closed form, with the batch statistics.
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
 * gradients are exact; otherwise the values saved by the forward are used as
 * constants. The tests prove it equal to {@link batchNorm} (composed) in forward,
 * first and second order.
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
  const v = asTensor(x, tensorAmong(gamma, beta), "fusedBatchNorm");
  const op = "fusedBatchNorm";
  const layout = batchNormLayout(op, v.shape, opts.axes, v.dtype);
  const eps = opts.eps ?? 1e-5;
  const reduce = { axis: layout.axes, keepdims: true };
  const n = layout.count;
  const g = gamma === null ? v.wrapData(T.ones(layout.paramShape, { dtype: v.dtype })) : asTensor(gamma, v, "fusedBatchNorm");
  const b = beta === null ? v.wrapData(T.zeros(layout.paramShape, { dtype: v.dtype })) : asTensor(beta, v, "fusedBatchNorm");
  paramView(op, "gamma", g, layout);
  paramView(op, "beta", b, layout);
  // The usual layout (channel axis 1) runs on the dedicated kernels: three passes
  // forward, two backward, x̂ recomputed rather than stored. Other axes use tensor ops.
  const channelLayout = layout.axes.length === v.ndim - 1 && !layout.axes.includes(1);
  let stats: { mean: T.NDArray; variance: T.NDArray } | undefined;
  let kernelSaved: T.BatchNormSaved | undefined;
  let opSaved: { xHat: T.NDArray; invStd: T.NDArray } | undefined;
  const fused = customOp({
    name: op,
    forward: (xt, gt, bt) => {
      if (channelLayout) {
        const r = T.batchNormForward(xt, gt, bt, eps);
        kernelSaved = r.saved;
        stats = { mean: new T.NDArray(r.saved.mean, layout.paramShape), variance: new T.NDArray(r.saved.variance, layout.paramShape) };
        return r.y;
      }
      const m = T.moments(xt, reduce);
      const invStd = T.reciprocal(T.sqrt(T.add(m.variance, eps)));
      const xHat = T.mul(T.sub(xt, m.mean), invStd);
      const y = T.add(T.mul(xHat, T.reshape(gt, layout.keptShape)), T.reshape(bt, layout.keptShape));
      opSaved = { xHat: xHat.astype(xt.dtype), invStd };
      stats = { mean: T.reshape(m.mean, layout.paramShape), variance: T.reshape(m.variance, layout.paramShape) };
      return y.astype(xt.dtype);
    },
    vjp: (gy, { inputs }) => {
      const [xv, gv, bv] = inputs as [Tensor, Tensor, Tensor];
      if (!isGradEnabled() && kernelSaved) {
        // First order only: the closed form on raw tensors, returned as constants.
        const r = T.batchNormBackward(xv.data, gy.data, gv.data, kernelSaved);
        return [xv.wrapData(r.dx), gv.requiresGrad ? xv.wrapData(r.dgamma) : null, bv.requiresGrad ? xv.wrapData(r.dbeta) : null];
      }
      let xHat: Tensor;
      let invStd: Tensor;
      if (isGradEnabled() || !opSaved) {
        // Recording a graph: recompute x̂ and 1/σ from x so second-order gradients flow through them.
        const xc = sub(xv, mean(xv, reduce));
        invStd = div(1, sqrt(add(mean(mul(xc, xc), reduce), eps)));
        xHat = mul(xc, invStd);
      } else {
        xHat = xv.wrapData(opSaved.xHat);
        invStd = xv.wrapData(opSaved.invStd.astype(xv.dtype));
      }
      const sumG = sum(gy, reduce);
      const sumGxHat = sum(mul(gy, xHat), reduce);
      const scale = mul(reshape(gv, layout.keptShape), div(invStd, n));
      const dx = mul(scale, sub(sub(mul(gy, n), sumG), mul(xHat, sumGxHat)));
      return [dx, gv.requiresGrad ? reshape(sumGxHat, layout.paramShape) : null, bv.requiresGrad ? reshape(sumG, layout.paramShape) : null];
    },
  });
  const output = fused(v, g, b);
  return { output, mean: stats!.mean.astype(v.dtype), variance: stats!.variance.astype(v.dtype) };
}

/**
 * BatchNorm as one custom op with the closed-form vjp (see {@link fusedBatchNormWithStats});
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
  return fusedBatchNormWithStats(x, gamma, beta, opts).output;
}
