// RMSprop, one optimizer per file over the Optimizer base, so each update rule and its
// hyper-parameter checks read on their own.
import type { NDArray } from "@tsgrad/ndarray";
import { type FloatArray, empty, flat, flatState, shaped } from "./flat.js";
import { type InPlaceState, type ParamStateData, type ParamUpdate, type ParamsInput, Optimizer } from "./optimizer.js";
import { checkBoolean, checkNumber } from "../checks.js";

/**
 * Hyper-parameters of {@link RMSprop} (PyTorch's names in camelCase).
 * @example
 * ```ts
 * import { type RMSpropOptions, RMSprop } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opts: Partial<RMSpropOptions> = { lr: 0.01, alpha: 0.9, centered: true };
 * new RMSprop([tensor([1], { requiresGrad: true })], opts).paramGroups[0]!.alpha; // 0.9
 * ```
 * @category Optimizers
 */
export interface RMSpropOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average, in `[0, 1]` (default 0.99). */
  alpha: number;
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient as `λ·θ` (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const DEFAULTS: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

/**
 * RMSprop, as `torch.optim.RMSprop`. Per step, with `g` the gradient (negated when `maximize`):
 *
 * ```
 * g ← g + λ·θ                                   (weightDecay λ ≠ 0)
 * v ← α·v + (1 − α)·g²
 * ṽ = v − gₐ² with gₐ ← α·gₐ + (1 − α)·g   if centered, else ṽ = v
 * b ← μ·b + g / (√ṽ + ε); θ ← θ − γ·b       if momentum μ > 0
 * θ ← θ − γ·g / (√ṽ + ε)                     otherwise
 * ```
 *
 * State per parameter: `step`, `squareAvg` (v), `momentumBuffer` (b, with momentum),
 * `gradAvg` (gₐ, centered); all start at zero.
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { RMSprop } from "@tsgrad/nn";
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new RMSprop([w], { lr: 0.01, momentum: 0.9, centered: true });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 * ```
 * @category Optimizers
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  /**
   * @param params - parameters, or parameter groups `{ params, ...options }`
   * @param options - hyper-parameters (defaults: lr 1e-2, alpha 0.99, eps 1e-8,
   *   weightDecay 0, momentum 0, centered false, maximize false)
   * @throws ValueError for an empty parameter list or a bad hyper-parameter
   */
  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, DEFAULTS, options, {
      name: "RMSprop",
      stateTensors: ["squareAvg", "momentumBuffer", "gradAvg"],
      stateCounters: ["step"],
      requiredState: ["step", "squareAvg"],
    });
  }

  /**
   * Validates RMSprop's hyper-parameters.
   * @param group - the hyper-parameters
   * @param op - the operation, for errors
   * @param where - where they come from, for messages
   */
  protected checkHyper(group: RMSpropOptions, op: string, where: string): void {
    checkNumber(op, where, "lr", group.lr, { min: 0 });
    checkNumber(op, where, "alpha", group.alpha, { min: 0, max: 1 });
    checkNumber(op, where, "eps", group.eps, { min: 0 });
    checkNumber(op, where, "weightDecay", group.weightDecay, { min: 0 });
    checkNumber(op, where, "momentum", group.momentum, { min: 0 });
    checkBoolean(op, where, "centered", group.centered);
    checkBoolean(op, where, "maximize", group.maximize);
  }

  /**
   * One RMSprop update of one parameter.
   * @param param - the parameter's value
   * @param grad - its gradient
   * @param state - its averages, momentum buffer and step count, if any
   * @param group - hyper-parameters
   * @returns the new value and state
   */
  protected update(param: NDArray, grad: NDArray, state: ParamStateData | undefined, group: RMSpropOptions): ParamUpdate {
    const v = empty(param);
    const gradAvg = group.centered ? empty(param) : null;
    const buffer = group.momentum > 0 ? empty(param) : null;
    const out = empty(param);
    const averages = {
      v0: flatState(state, "squareAvg"),
      ga0: group.centered ? flatState(state, "gradAvg") : null,
      b0: group.momentum > 0 ? flatState(state, "momentumBuffer") : null,
      v,
      gradAvg,
      buffer,
    };
    rmspropLoop(flat(param), flat(grad), averages, out, group);
    const next: ParamStateData = { step: ((state?.step as number | undefined) ?? 0) + 1, squareAvg: shaped(v, param) };
    if (gradAvg !== null) next.gradAvg = shaped(gradAvg, param);
    if (buffer !== null) next.momentumBuffer = shaped(buffer, param);
    return { param: shaped(out, param), state: next };
  }

  /**
   * {@link RMSprop.update} over the parameter's and its averages' own storage.
   * @param param - the parameter's storage, overwritten
   * @param grad - its gradient
   * @param state - its averages and momentum buffer (overwritten) and step count
   * @param group - hyper-parameters
   * @returns the state, or false when an average or buffer it needs does not exist yet
   * @internal
   */
  protected override updateInPlace(param: FloatArray, grad: FloatArray, state: InPlaceState, group: RMSpropOptions): InPlaceState | false {
    const { squareAvg: v, gradAvg, momentumBuffer: buffer, step } = state;
    if (typeof v !== "object" || typeof step !== "number") return false;
    if ((group.centered && typeof gradAvg !== "object") || (group.momentum > 0 && typeof buffer !== "object")) return false;
    const ga = group.centered ? (gradAvg as FloatArray) : null;
    const b = group.momentum > 0 ? (buffer as FloatArray) : null;
    rmspropLoop(param, grad, { v0: v, ga0: ga, b0: b, v, gradAvg: ga, buffer: b }, param, group);
    const next: InPlaceState = { step: step + 1, squareAvg: v };
    if (ga !== null) next["gradAvg"] = ga;
    if (b !== null) next["momentumBuffer"] = b;
    return next;
  }
}

/** The averages an RMSprop step reads (`v0`, `ga0`, `b0`: null when absent) and writes (`gradAvg` centered, `buffer` with momentum). */
type Averages = Record<"v", FloatArray> & Record<"v0" | "ga0" | "b0" | "gradAvg" | "buffer", FloatArray | null>;

/**
 * The RMSprop update of one parameter's elements into `out` and the averages; `out` may be
 * `theta` and each average its previous value (in place): element i is read before it is written.
 */
function rmspropLoop(theta: FloatArray, g0: FloatArray, averages: Averages, out: FloatArray, group: RMSpropOptions): void {
  const { lr, alpha, eps, weightDecay, momentum } = group;
  const { v0, ga0, b0, v, gradAvg, buffer } = averages;
  const sign = group.maximize ? -1 : 1;
  for (let i = 0; i < out.length; i++) {
    let g = sign * g0[i]!;
    if (weightDecay !== 0) g += weightDecay * theta[i]!;
    v[i] = alpha * (v0 === null ? 0 : v0[i]!) + (1 - alpha) * g * g;
    let variance = v[i]!;
    if (gradAvg !== null) {
      gradAvg[i] = alpha * (ga0 === null ? 0 : ga0[i]!) + (1 - alpha) * g;
      variance -= gradAvg[i]! * gradAvg[i]!;
    }
    const scaled = g / (Math.sqrt(variance) + eps);
    if (buffer !== null) {
      buffer[i] = momentum * (b0 === null ? 0 : b0[i]!) + scaled;
      out[i] = theta[i]! - lr * buffer[i]!;
    } else {
      out[i] = theta[i]! - lr * scaled;
    }
  }
}
