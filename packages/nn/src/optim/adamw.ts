// AdamW, Adam with decoupled weight decay; apart from adam.ts, whose update and checks it reuses.
import type { NDArray } from "@tsgrad/ndarray";
import type { FloatArray } from "./flat.js";
import { type InPlaceState, type ParamStateData, type ParamUpdate, type ParamsInput, Optimizer } from "./optimizer.js";
import { type AdamOptions, adamLayout, adamUpdate, adamUpdateInPlace, checkAdamHyper } from "./adam.js";

const DEFAULTS: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false };

/**
 * AdamW, as `torch.optim.AdamW`: {@link Adam} with decoupled weight decay. Each step first
 * shrinks the parameter, `θ ← θ − γλ·θ`, then applies the Adam update to it with the
 * plain gradient (no `λθ` added). Default weightDecay 1e-2.
 *
 * State per parameter: `step`, `expAvg`, `expAvgSq`, `maxExpAvgSq` (amsgrad).
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { AdamW } from "@tsgrad/nn";
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.01, weightDecay: 0.1 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 * ```
 * @category Optimizers
 */
export class AdamW extends Optimizer<AdamOptions> {
  /**
   * @param params - parameters, or parameter groups `{ params, ...options }`
   * @param options - hyper-parameters (defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8,
   *   weightDecay 1e-2, amsgrad false, maximize false)
   * @throws ValueError for an empty parameter list or a bad hyper-parameter
   */
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, DEFAULTS, options, adamLayout("AdamW"));
  }

  /**
   * Validates AdamW's hyper-parameters.
   * @param group - the hyper-parameters
   * @param op - the operation, for errors
   * @param where - where they come from, for messages
   */
  protected checkHyper(group: AdamOptions, op: string, where: string): void {
    checkAdamHyper(op, group, where);
  }

  /**
   * One AdamW update of one parameter.
   * @param param - the parameter's value
   * @param grad - its gradient
   * @param state - its moment estimates and step count, if any
   * @param group - hyper-parameters
   * @returns the new value and state
   */
  protected update(param: NDArray, grad: NDArray, state: ParamStateData | undefined, group: AdamOptions): ParamUpdate {
    return adamUpdate(param, grad, state, group, true);
  }

  /**
   * {@link AdamW.update} over the parameter's and its moments' own storage.
   * @param param - the parameter's storage, overwritten
   * @param grad - its gradient
   * @param state - its moments (overwritten) and step count
   * @param group - hyper-parameters
   * @returns the state, or false before the moments exist
   * @internal
   */
  protected override updateInPlace(param: FloatArray, grad: FloatArray, state: InPlaceState, group: AdamOptions): InPlaceState | false {
    return adamUpdateInPlace(param, grad, state, group, true);
  }
}
