// SGD (momentum, dampening, Nesterov, weight decay), one optimizer per file over the Optimizer
// base, so each update rule and its hyper-parameter checks read on their own.
import { type NDArray, ValueError } from "@tsgrad/ndarray";
import { type FloatArray, empty, flat, flatState, shaped } from "./flat.js";
import { type InPlaceState, type ParamStateData, type ParamUpdate, type ParamsInput, Optimizer } from "./optimizer.js";
import { checkBoolean, checkNumber } from "../checks.js";

/**
 * Hyper-parameters of {@link SGD} (PyTorch's names in camelCase).
 * @example
 * ```ts
 * import { type SGDOptions, SGD } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opts: Partial<SGDOptions> = { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 };
 * new SGD([tensor([1], { requiresGrad: true })], opts).paramGroups[0]!.nesterov; // true
 * ```
 * @category Optimizers
 */
export interface SGDOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening τ of the momentum (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient as `λ·θ` (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs `momentum > 0` and `dampening = 0`). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const DEFAULTS: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

/**
 * Stochastic gradient descent with optional momentum, as `torch.optim.SGD`. Per step,
 * with `g` the gradient (negated when `maximize`):
 *
 * ```
 * g ← g + λ·θ                            (weightDecay λ ≠ 0)
 * b ← g on the first step, else μ·b + (1 − τ)·g   (momentum μ ≠ 0)
 * g ← g + μ·b if nesterov, else b
 * θ ← θ − γ·g
 * ```
 *
 * State per parameter: `momentumBuffer` (only with momentum).
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD } from "@tsgrad/nn";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9, nesterov: true });
 * for (let i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 * @category Optimizers
 */
export class SGD extends Optimizer<SGDOptions> {
  /**
   * @param params - parameters, or parameter groups `{ params, ...options }`
   * @param options - hyper-parameters (defaults: lr 1e-3, momentum 0, dampening 0,
   *   weightDecay 0, nesterov false, maximize false)
   * @throws ValueError for an empty parameter list or a bad hyper-parameter (negative
   *   lr, momentum or weightDecay; nesterov without momentum or with dampening)
   */
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, DEFAULTS, options, { name: "SGD", stateTensors: ["momentumBuffer"], stateCounters: [], requiredState: ["momentumBuffer"] });
  }

  /**
   * Validates SGD's hyper-parameters.
   * @param group - the hyper-parameters
   * @param op - the operation, for errors
   * @param where - where they come from, for messages
   */
  protected checkHyper(group: SGDOptions, op: string, where: string): void {
    checkNumber(op, where, "lr", group.lr, { min: 0 });
    checkNumber(op, where, "momentum", group.momentum, { min: 0 });
    checkNumber(op, where, "dampening", group.dampening);
    checkNumber(op, where, "weightDecay", group.weightDecay, { min: 0 });
    checkBoolean(op, where, "nesterov", group.nesterov);
    checkBoolean(op, where, "maximize", group.maximize);
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new ValueError(
        op,
        `${where}: Nesterov momentum requires momentum > 0 and dampening 0, got momentum ${group.momentum} and dampening ${group.dampening}`,
        { momentum: group.momentum, dampening: group.dampening },
      );
    }
  }

  /**
   * One SGD update of one parameter.
   * @param param - the parameter's value
   * @param grad - its gradient
   * @param state - its momentum buffer, if any
   * @param group - hyper-parameters
   * @returns the new value and state
   */
  protected update(param: NDArray, grad: NDArray, state: ParamStateData | undefined, group: SGDOptions): ParamUpdate {
    const previous = group.momentum !== 0 ? flatState(state, "momentumBuffer") : null;
    const buffer = group.momentum !== 0 ? empty(param) : null;
    const out = empty(param);
    sgdLoop(flat(param), flat(grad), previous, buffer, out, group);
    return { param: shaped(out, param), state: buffer === null ? null : { momentumBuffer: shaped(buffer, param) } };
  }

  /**
   * {@link SGD.update} over the parameter's and its momentum buffer's own storage.
   * @param param - the parameter's storage, overwritten
   * @param grad - its gradient
   * @param state - its momentum buffer, overwritten
   * @param group - hyper-parameters
   * @returns the state, or false without a momentum buffer to update (a first step)
   * @internal
   */
  protected override updateInPlace(param: FloatArray, grad: FloatArray, state: InPlaceState, group: SGDOptions): InPlaceState | null | false {
    if (group.momentum === 0) {
      sgdLoop(param, grad, null, null, param, group);
      return null;
    }
    const buffer = state["momentumBuffer"];
    if (typeof buffer !== "object") return false;
    sgdLoop(param, grad, buffer, buffer, param, group);
    return { momentumBuffer: buffer };
  }
}

/**
 * The SGD update of one parameter's elements: `out = θ − γ·g` with weight decay and momentum
 * as {@link SGD} documents them, the new momentum buffer in `buffer`. `out` may be `theta` and
 * `buffer` may be `previous` (an update in place): element i is read before it is written.
 */
function sgdLoop(theta: FloatArray, g0: FloatArray, previous: FloatArray | null, buffer: FloatArray | null, out: FloatArray, group: SGDOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov } = group;
  // NOTE: as PyTorch's implementation, `maximize` negates the gradient before weight decay
  // is added, so decay still shrinks the weights while the objective is maximized.
  const sign = group.maximize ? -1 : 1;
  if (buffer === null && weightDecay === 0) {
    // Plain SGD, the common case: one multiply-subtract per element, no branches in the loop.
    const step = sign * lr;
    for (let i = 0; i < out.length; i++) out[i] = theta[i]! - step * g0[i]!;
    return;
  }
  for (let i = 0; i < out.length; i++) {
    let g = sign * g0[i]!;
    if (weightDecay !== 0) g += weightDecay * theta[i]!;
    if (buffer !== null) {
      // The first step starts the buffer at g, without dampening.
      buffer[i] = previous === null ? g : momentum * previous[i]! + (1 - dampening) * g;
      g = nesterov ? g + momentum * buffer[i]! : buffer[i]!;
    }
    out[i] = theta[i]! - lr * g;
  }
}
