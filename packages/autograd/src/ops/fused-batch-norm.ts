import * as T from "@tsgrad/tensor";
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
  const v = asVariable(x);
  const op = "fusedBatchNorm";
  const layout = batchNormLayout(op, v.shape, opts.axes);
  const eps = opts.eps ?? 1e-5;
  const reduce = { axis: layout.axes, keepdims: true };
  const n = layout.count;
  const g = gamma === null ? new Variable(T.ones(layout.paramShape, { dtype: v.dtype })) : asVariable(gamma, v);
  const b = beta === null ? new Variable(T.zeros(layout.paramShape, { dtype: v.dtype })) : asVariable(beta, v);
  paramView(op, "gamma", g, layout);
  paramView(op, "beta", b, layout);
  let saved: { xHat: T.Tensor; invStd: T.Tensor; mean: T.Tensor; variance: T.Tensor } | undefined;
  const fused = customOp({
    name: op,
    forward: (xt, gt, bt) => {
      const m = T.moments(xt, reduce);
      const invStd = T.reciprocal(T.sqrt(T.add(m.variance, eps)));
      const xHat = T.mul(T.sub(xt, m.mean), invStd);
      const y = T.add(T.mul(xHat, T.reshape(gt, layout.keptShape)), T.reshape(bt, layout.keptShape));
      saved = { xHat: xHat.astype(xt.dtype), invStd, mean: m.mean, variance: m.variance };
      return y.astype(xt.dtype);
    },
    vjp: (gy, { inputs }) => {
      const [xv, gv, bv] = inputs as [Variable, Variable, Variable];
      let xHat: Variable;
      let invStd: Variable;
      if (isGradEnabled()) {
        // Recording a graph: recompute x̂ and 1/σ from x so second-order gradients flow through them.
        const xc = sub(xv, mean(xv, reduce));
        invStd = div(1, sqrt(add(mean(mul(xc, xc), reduce), eps)));
        xHat = mul(xc, invStd);
      } else {
        xHat = new Variable(saved!.xHat);
        invStd = new Variable(saved!.invStd.astype(xv.dtype));
      }
      const sumG = sum(gy, reduce);
      const sumGxHat = sum(mul(gy, xHat), reduce);
      const scale = mul(reshape(gv, layout.keptShape), div(invStd, n));
      const dx = mul(scale, sub(sub(mul(gy, n), sumG), mul(xHat, sumGxHat)));
      return [dx, gv.requiresGrad ? reshape(sumGxHat, layout.paramShape) : null, bv.requiresGrad ? reshape(sumG, layout.paramShape) : null];
    },
  });
  const output = fused(v, g, b);
  const stats = saved!;
  return {
    output,
    mean: T.reshape(stats.mean, layout.paramShape).astype(v.dtype),
    variance: T.reshape(stats.variance, layout.paramShape).astype(v.dtype),
  };
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
