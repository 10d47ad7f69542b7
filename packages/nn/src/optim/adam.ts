import * as T from "@tsgrad/tensor";
import { type OptimizerLayout, type ParamState, type ParamUpdate, type ParamsInput, Optimizer } from "./optimizer.js";
import { checkBetas, checkBoolean, checkNumber } from "./validate.js";

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW} (PyTorch's names in camelCase).
 * @category Optimizers
 */
export interface AdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Decay rates `[β1, β2]` of the first and second moment estimates, each in `[0, 1)` (default `[0.9, 0.999]`). */
  betas: readonly [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay λ (Adam: L2 penalty added to the gradient, default 0; AdamW: decoupled, default 1e-2). */
  weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/** Validates Adam's and AdamW's hyper-parameters. @internal */
export function checkAdamHyper(op: string, group: AdamOptions, where: string): void {
  checkNumber(op, where, "lr", group.lr, { min: 0 });
  checkBetas(op, where, group.betas);
  checkNumber(op, where, "eps", group.eps, { min: 0 });
  checkNumber(op, where, "weightDecay", group.weightDecay, { min: 0 });
  checkBoolean(op, where, "amsgrad", group.amsgrad);
  checkBoolean(op, where, "maximize", group.maximize);
}

/** The state layout of Adam and AdamW. @internal */
export function adamLayout(name: string): OptimizerLayout {
  return { name, stateTensors: ["expAvg", "expAvgSq", "maxExpAvgSq"], stateCounters: ["step"], requiredState: ["step", "expAvg", "expAvgSq"] };
}

/**
 * One Adam update, as torch.optim.Adam documents it; `decoupled` applies AdamW's
 * decay `θ ← θ − γλθ` instead of adding `λθ` to the gradient.
 * @internal
 */
export function adamUpdate(param: T.Tensor, grad: T.Tensor, state: ParamState | undefined, group: AdamOptions, decoupled: boolean): ParamUpdate {
  const [beta1, beta2] = group.betas;
  let theta = param;
  let g = group.maximize ? T.neg(grad) : grad;
  if (group.weightDecay !== 0) {
    if (decoupled) theta = T.mul(theta, 1 - group.lr * group.weightDecay);
    else g = T.add(g, T.mul(param, group.weightDecay));
  }
  const step = ((state?.step as number | undefined) ?? 0) + 1;
  const m0 = (state?.expAvg as T.Tensor | undefined) ?? T.zerosLike(param);
  const v0 = (state?.expAvgSq as T.Tensor | undefined) ?? T.zerosLike(param);
  const m = T.add(T.mul(m0, beta1), T.mul(g, 1 - beta1));
  const v = T.add(T.mul(v0, beta2), T.mul(T.mul(g, g), 1 - beta2));
  const next: ParamState = { step, expAvg: m, expAvgSq: v };
  let second = v;
  if (group.amsgrad) {
    // NOTE: the running maximum is over the raw v_t (PyTorch ≥ 2.1), bias-corrected afterwards.
    const previousMax = state?.maxExpAvgSq as T.Tensor | undefined;
    second = previousMax === undefined ? v : T.maximum(previousMax, v);
    next.maxExpAvgSq = second;
  }
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  // θ − γ·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).
  const denom = T.add(T.div(T.sqrt(second), Math.sqrt(biasCorrection2)), group.eps);
  const stepped = T.sub(theta, T.mul(T.div(m, denom), group.lr / biasCorrection1));
  return { param: stepped, state: next };
}

const DEFAULTS: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

/**
 * Adam, as `torch.optim.Adam`. Per step `t`, with `g` the gradient (negated when `maximize`):
 *
 * ```
 * g ← g + λ·θ                          (weightDecay λ ≠ 0: L2 penalty)
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * m̂ = m / (1 − β1ᵗ)
 * v̂ = v / (1 − β2ᵗ), or vmax / (1 − β2ᵗ) with vmax ← max(vmax, v) (amsgrad)
 * θ ← θ − γ·m̂ / (√v̂ + ε)
 * ```
 *
 * State per parameter: `step`, `expAvg` (m), `expAvgSq` (v), `maxExpAvgSq` (amsgrad).
 * For decoupled weight decay use {@link AdamW}.
 *
 * @example
 * ```ts
 * import { variable } from "@tsgrad/autograd";
 * import { Adam } from "@tsgrad/nn";
 * const w = variable([1, -2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1, betas: [0.9, 0.99] });
 * for (let i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 * @category Optimizers
 */
export class Adam extends Optimizer<AdamOptions> {
  /**
   * @param params - parameters, or parameter groups `{ params, ...options }`
   * @param options - hyper-parameters (defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8,
   *   weightDecay 0, amsgrad false, maximize false)
   * @throws ValueError for an empty parameter list or a bad hyper-parameter (negative lr,
   *   eps or weightDecay, a beta outside [0, 1))
   */
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, DEFAULTS, options, adamLayout("Adam"));
  }

  /**
   * Validates Adam's hyper-parameters.
   * @param group - the hyper-parameters
   * @param op - the operation, for errors
   * @param where - where they come from, for messages
   */
  protected checkHyper(group: AdamOptions, op: string, where: string): void {
    checkAdamHyper(op, group, where);
  }

  /**
   * One Adam update of one parameter.
   * @param param - the parameter's value
   * @param grad - its gradient
   * @param state - its moment estimates and step count, if any
   * @param group - hyper-parameters
   * @returns the new value and state
   */
  protected update(param: T.Tensor, grad: T.Tensor, state: ParamState | undefined, group: AdamOptions): ParamUpdate {
    return adamUpdate(param, grad, state, group, false);
  }
}
