// Adam: its hyper-parameter checks, state layout and update, which AdamW (adamw.ts) inherits
// with decoupled weight decay; apart from the Optimizer base so each update rule reads on its own.
import { type NDArray, ValueError } from "@tsgrad/ndarray";
import { checkBoolean, checkNumber, showValue } from "../checks.js";
import { type FloatArray, empty, flat, flatState, shaped } from "./flat.js";
import { type InPlaceState, type OptimizerLayout, type ParamStateData, type ParamUpdate, type ParamsInput, Optimizer } from "./optimizer.js";

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW} (PyTorch's names in camelCase).
 * @example
 * ```ts
 * import { type AdamOptions, Adam } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opts: Partial<AdamOptions> = { lr: 3e-4, betas: [0.9, 0.98], eps: 1e-9, amsgrad: true };
 * new Adam([tensor([1], { requiresGrad: true })], opts).paramGroups[0]!.betas; // [0.9, 0.98]
 * ```
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

/** Throws unless `value` is a pair of numbers, each in `[0, 1)`. */
function checkBetas(op: string, where: string, value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ValueError(op, `${where}: invalid betas ${showValue(value)}; expected a pair [beta1, beta2]`, { betas: value });
  }
  checkNumber(op, where, "betas[0]", value[0], { min: 0, max: 1, maxExclusive: true });
  checkNumber(op, where, "betas[1]", value[1], { min: 0, max: 1, maxExclusive: true });
  return value as unknown as readonly [number, number];
}

/** Validates Adam's and AdamW's hyper-parameters. */
function checkAdamHyper(op: string, group: AdamOptions, where: string): void {
  checkNumber(op, where, "lr", group.lr, { min: 0 });
  checkBetas(op, where, group.betas);
  checkNumber(op, where, "eps", group.eps, { min: 0 });
  checkNumber(op, where, "weightDecay", group.weightDecay, { min: 0 });
  checkBoolean(op, where, "amsgrad", group.amsgrad);
  checkBoolean(op, where, "maximize", group.maximize);
}

/** The state layout of Adam and AdamW. */
function adamLayout(name: string): OptimizerLayout {
  return { name, stateTensors: ["expAvg", "expAvgSq", "maxExpAvgSq"], stateCounters: ["step"], requiredState: ["step", "expAvg", "expAvgSq"] };
}

/**
 * One Adam update, as torch.optim.Adam documents it; `decoupled` applies AdamW's
 * decay `θ ← θ − γλθ` instead of adding `λθ` to the gradient.
 */
function adamUpdate(param: NDArray, grad: NDArray, state: ParamStateData | undefined, group: AdamOptions, decoupled: boolean): ParamUpdate {
  const step = ((state?.step as number | undefined) ?? 0) + 1;
  const m = empty(param);
  const v = empty(param);
  const vmax = group.amsgrad ? empty(param) : null;
  const out = empty(param);
  const moments = { m0: flatState(state, "expAvg"), v0: flatState(state, "expAvgSq"), vmax0: flatState(state, "maxExpAvgSq"), m, v, vmax };
  adamLoop(flat(param), flat(grad), moments, out, step, group, decoupled);
  const next: ParamStateData = { step, expAvg: shaped(m, param), expAvgSq: shaped(v, param) };
  if (vmax !== null) next.maxExpAvgSq = shaped(vmax, param);
  return { param: shaped(out, param), state: next };
}

/**
 * {@link adamUpdate} over the parameter's and its moments' own storage, or false when a
 * moment it needs is missing (nothing written).
 */
function adamUpdateInPlace(param: FloatArray, grad: FloatArray, state: InPlaceState, group: AdamOptions, decoupled: boolean): InPlaceState | false {
  const { expAvg: m, expAvgSq: v, maxExpAvgSq: vmax } = state;
  const count = state["step"];
  if (typeof m !== "object" || typeof v !== "object" || typeof count !== "number" || (group.amsgrad && typeof vmax !== "object")) return false;
  const step = count + 1;
  const kept = group.amsgrad ? (vmax as FloatArray) : null;
  adamLoop(param, grad, { m0: m, v0: v, vmax0: kept, m, v, vmax: kept }, param, step, group, decoupled);
  const next: InPlaceState = { step, expAvg: m, expAvgSq: v };
  if (kept !== null) next["maxExpAvgSq"] = kept;
  return next;
}

/** The moments an Adam step reads (`m0`, `v0`, `vmax0`: null on a first step) and writes (`vmax` with amsgrad). */
type Moments = Record<"m" | "v", FloatArray> & Record<"m0" | "v0" | "vmax0" | "vmax", FloatArray | null>;

/**
 * The Adam update of one parameter's elements at step `step` into `out` and the moments;
 * `out` may be `theta` and each moment its previous value (in place): element i is read
 * before it is written.
 */
function adamLoop(theta: FloatArray, g0: FloatArray, moments: Moments, out: FloatArray, step: number, group: AdamOptions, decoupled: boolean): void {
  const { lr, eps, weightDecay } = group;
  const [beta1, beta2] = group.betas;
  const { m0, v0, vmax0, m, v, vmax } = moments;
  const sign = group.maximize ? -1 : 1;
  const biasCorrection1 = 1 - beta1 ** step;
  const sqrtBiasCorrection2 = Math.sqrt(1 - beta2 ** step);
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  const coupledDecay = decoupled ? 0 : weightDecay;
  for (let i = 0; i < out.length; i++) {
    let g = sign * g0[i]!;
    if (coupledDecay !== 0) g += coupledDecay * theta[i]!;
    m[i] = beta1 * (m0 === null ? 0 : m0[i]!) + (1 - beta1) * g;
    v[i] = beta2 * (v0 === null ? 0 : v0[i]!) + (1 - beta2) * g * g;
    let second = v[i]!;
    if (vmax !== null) {
      // NOTE: the running maximum is over the raw v_t (PyTorch ≥ 2.1), bias-corrected afterwards.
      vmax[i] = vmax0 === null ? second : Math.max(vmax0[i]!, second);
      second = vmax[i]!;
    }
    // θ − γ·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ); AdamW first scales θ by 1 − γλ.
    out[i] = theta[i]! * decay - ((lr / biasCorrection1) * m[i]!) / (Math.sqrt(second) / sqrtBiasCorrection2 + eps);
  }
}

/**
 * What makes a class of the Adam family: its name (for messages and state dicts), its
 * defaults, and whether its weight decay is decoupled (AdamW) or an L2 term on the gradient.
 * @internal
 */
export interface AdamVariant {
  readonly name: string;
  readonly defaults: AdamOptions;
  readonly decoupled: boolean;
}

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
 * import { tensor } from "@tsgrad/autograd";
 * import { Adam } from "@tsgrad/nn";
 * const w = tensor([1, -2], { requiresGrad: true });
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
   * The variant the class implements; {@link AdamW} sets its own.
   * @internal
   */
  protected static readonly variant: AdamVariant = {
    name: "Adam",
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
    decoupled: false,
  };
  readonly #decoupled: boolean;

  /**
   * @param params - parameters, or parameter groups `{ params, ...options }`
   * @param options - hyper-parameters (defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8,
   *   weightDecay 0, amsgrad false, maximize false)
   * @throws ValueError for an empty parameter list or a bad hyper-parameter (negative lr,
   *   eps or weightDecay, a beta outside [0, 1))
   */
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    const { name, defaults, decoupled } = new.target.variant;
    super(params, defaults, options, adamLayout(name));
    this.#decoupled = decoupled;
  }

  /**
   * Validates the hyper-parameters.
   * @param group - the hyper-parameters
   * @param op - the operation, for errors
   * @param where - where they come from, for messages
   */
  protected checkHyper(group: AdamOptions, op: string, where: string): void {
    checkAdamHyper(op, group, where);
  }

  /**
   * One update of one parameter (with AdamW's decoupled decay in an AdamW).
   * @param param - the parameter's value
   * @param grad - its gradient
   * @param state - its moment estimates and step count, if any
   * @param group - hyper-parameters
   * @returns the new value and state
   */
  protected update(param: NDArray, grad: NDArray, state: ParamStateData | undefined, group: AdamOptions): ParamUpdate {
    return adamUpdate(param, grad, state, group, this.#decoupled);
  }

  /**
   * {@link Adam.update} over the parameter's and its moments' own storage.
   * @param param - the parameter's storage, overwritten
   * @param grad - its gradient
   * @param state - its moments (overwritten) and step count
   * @param group - hyper-parameters
   * @returns the state, or false before the moments exist
   * @internal
   */
  protected override updateInPlace(param: FloatArray, grad: FloatArray, state: InPlaceState, group: AdamOptions): InPlaceState | false {
    return adamUpdateInPlace(param, grad, state, group, this.#decoupled);
  }
}
