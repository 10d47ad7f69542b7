// CosineAnnealingLR, one learning-rate schedule per file over the LRScheduler base, so each
// schedule's formula and checks read on their own.
import type { BaseHyperParams, Optimizer } from "./optimizer.js";
import { type LRSchedulerStateDict, LRScheduler } from "./lr-scheduler.js";
import { checkInteger, checkNumber } from "../checks.js";

/**
 * Cosine annealing, as PyTorch's `CosineAnnealingLR` in its closed form:
 * `lr(t) = etaMin + (base − etaMin) · (1 + cos(π·t / tMax)) / 2`, falling from `base`
 * at `t = 0` to `etaMin` at `t = tMax` (and rising again after, as the cosine does).
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD, CosineAnnealingLR } from "@tsgrad/nn";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new CosineAnnealingLR(opt, 100, 1e-4);
 * ```
 * @category Schedulers
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Epochs from the base learning rate down to `etaMin` (half a period). */
  tMax: number;
  /** The smallest learning rate. */
  etaMin: number;

  /**
   * @param optimizer - the optimizer to schedule
   * @param tMax - epochs of the descent (a positive integer)
   * @param etaMin - the smallest learning rate (default 0)
   * @param lastEpoch - the last epoch when resuming (default -1: start afresh)
   * @throws ValueError for a tMax that is not a positive integer or a negative etaMin
   */
  constructor(optimizer: Optimizer<BaseHyperParams>, tMax: number, etaMin = 0, lastEpoch = -1) {
    checkInteger("CosineAnnealingLR", "arguments", "tMax", tMax, 1);
    checkNumber("CosineAnnealingLR", "arguments", "etaMin", etaMin, { min: 0 });
    super("CosineAnnealingLR", optimizer, lastEpoch);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  /**
   * `etaMin + (base − etaMin)(1 + cos(π·epoch/tMax))/2` for every group.
   * @param epoch - the epoch
   * @returns one learning rate per group
   */
  lrAt(epoch: number): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2);
  }

  /**
   * The state, with `tMax` and `etaMin`.
   * @returns the state dict
   */
  override stateDict(): LRSchedulerStateDict {
    return { ...super.stateDict(), tMax: this.tMax, etaMin: this.etaMin };
  }

  /**
   * Validates a state dict, with `tMax` and `etaMin`.
   * @param stateDict - the state to check
   * @internal
   */
  override validateStateDict(stateDict: LRSchedulerStateDict): void {
    super.validateStateDict(stateDict);
    checkInteger("CosineAnnealingLR.loadStateDict", "state dict", "tMax", stateDict.tMax, 1);
    checkNumber("CosineAnnealingLR.loadStateDict", "state dict", "etaMin", stateDict.etaMin, { min: 0 });
  }

  /**
   * Loads a validated state dict.
   * @param stateDict - the state
   * @internal
   */
  override applyStateDict(stateDict: LRSchedulerStateDict): void {
    super.applyStateDict(stateDict);
    this.tMax = stateDict.tMax as number;
    this.etaMin = stateDict.etaMin as number;
  }
}
