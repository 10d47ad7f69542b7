// CosineAnnealingLR, one learning-rate schedule per file over the LRScheduler base, so each
// schedule's formula and checks read on their own.
import type { BaseHyperParams, Optimizer } from "./optimizer.js";
import { LRScheduler } from "./lr-scheduler.js";

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
  declare tMax: number;
  /** The smallest learning rate. */
  declare etaMin: number;

  /**
   * `etaMin + (base − etaMin)(1 + cos(π·epoch/tMax))/2` for every group.
   * @param epoch - the epoch
   * @returns one learning rate per group
   */
  lrAt(epoch: number): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2);
  }

  /**
   * @param optimizer - the optimizer to schedule
   * @param tMax - epochs of the descent (a positive integer)
   * @param etaMin - the smallest learning rate (default 0)
   * @param lastEpoch - the last epoch when resuming (default -1: start afresh)
   * @throws ValueError for a tMax that is not a positive integer or a negative etaMin
   */
  constructor(optimizer: Optimizer<BaseHyperParams>, tMax: number, etaMin = 0, lastEpoch = -1) {
    super("CosineAnnealingLR", optimizer, lastEpoch, { tMax: { integer: 1 }, etaMin: { min: 0 } }, { tMax, etaMin });
    this.initialStep();
  }
}
