// klDiv: PyTorch's kl_div (pointwise KL divergence of log-probabilities from a target
// distribution), with its "batchmean" reduction that no other loss has.
import { type Tensor, div, exp, log, mean, mul, sub, sum, where } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption } from "../checks.js";
import { type Reduction, optionsReduction, sameShapeOperands } from "./reduction.js";

/** The reductions of {@link klDiv} and KLDivLoss: the three of every loss and `"batchmean"`. @internal */
export const KL_REDUCTIONS: readonly (Reduction | "batchmean")[] = ["mean", "batchmean", "sum", "none"];

/**
 * Options of {@link klDiv}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.KlDivOptions = { reduction: "batchmean", logTarget: true };
 * const logp = tg.logSoftmax(tg.tensor([[1, 2, 3]]), 1);
 * tg.nn.klDiv(logp, logp, opts).item(); // 0: the same distribution
 * ```
 * @category Losses
 */
export interface KlDivOptions {
  /**
   * `"mean"` (default, as PyTorch: the mean over every element), `"batchmean"` (the sum
   * divided by the batch size — the KL divergence of each sample, averaged: usually what is
   * meant), `"sum"` or `"none"`.
   */
  reduction?: Reduction | "batchmean";
  /** The target holds log-probabilities rather than probabilities (default false). */
  logTarget?: boolean;
}

/** The option names of {@link KlDivOptions}. @internal */
export const KL_DIV_KEYS: OptionKeys<KlDivOptions> = { reduction: true, logTarget: true };

/**
 * Kullback–Leibler divergence loss, as PyTorch's `kl_div`: the input holds
 * log-probabilities `log q`, the target probabilities `p` (or `log p` with `logTarget`), and
 * the pointwise loss is `p·(log p − log q)` (0 where `p = 0`); with `reduction: "batchmean"`
 * the sum over a sample is `KL(p ‖ q)`, averaged over the batch (axis 0). Composite; gradients
 * reach the target too when it requires grad.
 *
 * @param input - log-probabilities, a Tensor (e.g. from `logSoftmax`)
 * @param target - probabilities (or log-probabilities with `logTarget`), same shape: a
 *   Tensor, or an NDArray taken as a constant
 * @param opts - `reduction` (default `"mean"`), `logTarget` (default false)
 * @returns the loss: a scalar, or the input's shape with `reduction: "none"`
 * @throws ShapeError when the shapes differ; ValueError for an unknown reduction
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const logq = tg.logSoftmax(tg.tensor([[0.5, 1.5]], { requiresGrad: true }), 1);
 * const p = tg.tensor([[0.25, 0.75]]);
 * tg.nn.klDiv(logq, p, { reduction: "batchmean" }).item(); // KL(p ‖ q) ≈ 0.0064
 * ```
 * @category Losses
 */
export function klDiv(input: Tensor, target: Tensor | T.NDArray, opts: KlDivOptions = {}): Tensor {
  const op = "klDiv";
  const reduction = optionsReduction(op, opts, KL_DIV_KEYS, KL_REDUCTIONS);
  const logTarget = booleanOption(op, "options", "logTarget", opts.logTarget, false);
  const [x, t] = sameShapeOperands(op, input, target);
  let loss: Tensor;
  if (logTarget) {
    loss = mul(exp(t), sub(t, x));
  } else {
    // xlogy(p, p) − p·log q: p·log p is 0 where p = 0 (the log sees 1 there, so no NaN gradient).
    const positive = T.gt(t.data, 0);
    const pLogP = where(positive, mul(t, log(where(positive, t, 1))), 0);
    loss = sub(pLogP, mul(t, x));
  }
  if (reduction === "none") return loss;
  if (reduction === "sum") return sum(loss);
  if (reduction === "mean") return mean(loss);
  return x.ndim === 0 ? sum(loss) : div(sum(loss), x.shape[0]!);
}
