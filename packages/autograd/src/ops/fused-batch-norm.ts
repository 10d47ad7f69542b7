import * as T from "@tsgrad/ndarray";
import { customOp } from "../custom-op.js";
import { isGradEnabled } from "../grad-mode.js";
import { type Operand, Variable, asVariable } from "../variable.js";
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
 * import { variable, fusedBatchNormWithStats } from "@tsgrad/autograd";
 * const { variance } = fusedBatchNormWithStats(variable([[1], [3]]), null, null);
 * variance.toArray(); // [1]
 * ```
 * @category BatchNorm
 */
export function fusedBatchNormWithStats(x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions = {}): BatchNormResult {
  const v = asVariable(x, undefined, "fusedBatchNorm");
  const op = "fusedBatchNorm";
  const layout = batchNormLayout(op, v.shape, opts.axes, v.dtype);
  const eps = opts.eps ?? 1e-5;
  const reduce = { axis: layout.axes, keepdims: true };
  const n = layout.count;
  const g = gamma === null ? new Variable(T.ones(layout.paramShape, { dtype: v.dtype })) : asVariable(gamma, v, "fusedBatchNorm");
  const b = beta === null ? new Variable(T.zeros(layout.paramShape, { dtype: v.dtype })) : asVariable(beta, v, "fusedBatchNorm");
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
      const [xv, gv, bv] = inputs as [Variable, Variable, Variable];
      if (!isGradEnabled() && kernelSaved) {
        // First order only: the closed form on raw tensors, returned as constants.
        const r = T.batchNormBackward(xv.data, gy.data, gv.data, kernelSaved);
        return [new Variable(r.dx), gv.requiresGrad ? new Variable(r.dgamma) : null, bv.requiresGrad ? new Variable(r.dbeta) : null];
      }
      let xHat: Variable;
      let invStd: Variable;
      if (isGradEnabled() || !opSaved) {
        // Recording a graph: recompute x̂ and 1/σ from x so second-order gradients flow through them.
        const xc = sub(xv, mean(xv, reduce));
        invStd = div(1, sqrt(add(mean(mul(xc, xc), reduce), eps)));
        xHat = mul(xc, invStd);
      } else {
        xHat = new Variable(opSaved.xHat);
        invStd = new Variable(opSaved.invStd.astype(xv.dtype));
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
 * import { variable, fusedBatchNorm } from "@tsgrad/autograd";
 * fusedBatchNorm(variable([[1], [3]]), null, null, { eps: 0 }).data.toArray(); // [[-1], [1]]
 * ```
 * @category BatchNorm
 */
export function fusedBatchNorm(x: Operand, gamma: Operand | null, beta: Operand | null, opts: BatchNormOptions = {}): Variable {
  return fusedBatchNormWithStats(x, gamma, beta, opts).output;
}
