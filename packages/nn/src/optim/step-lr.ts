// StepLR, one learning-rate schedule per file over the LRScheduler base, so each schedule's
// formula and checks read on their own.
import type { BaseHyperParams, Optimizer } from "./optimizer.js";
import { LRScheduler } from "./lr-scheduler.js";

/**
 * Decays the learning rate by `gamma` every `stepSize` epochs, as PyTorch's `StepLR`:
 * `lr(t) = base · gamma^⌊t / stepSize⌋`.
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD, StepLR } from "@tsgrad/nn";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new StepLR(opt, 30, 0.1); // 0.1 for epochs 0–29, 0.01 for 30–59, …
 * ```
 * @category Schedulers
 */
export class StepLR extends LRScheduler {
  /** Epochs between two decays. */
  declare stepSize: number;
  /** Multiplicative factor of each decay. */
  declare gamma: number;

  /**
   * `base · gamma^⌊epoch / stepSize⌋` for every group.
   * @param epoch - the epoch
   * @returns one learning rate per group
   */
  lrAt(epoch: number): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(epoch / this.stepSize));
  }

  /**
   * @param optimizer - the optimizer to schedule
   * @param stepSize - epochs between two decays (a positive integer)
   * @param gamma - the decay factor (default 0.1)
   * @param lastEpoch - the last epoch when resuming (default -1: start afresh)
   * @throws ValueError for a stepSize that is not a positive integer or a negative gamma
   */
  constructor(optimizer: Optimizer<BaseHyperParams>, stepSize: number, gamma = 0.1, lastEpoch = -1) {
    super("StepLR", optimizer, lastEpoch, { stepSize: { integer: 1 }, gamma: { min: 0 } }, { stepSize, gamma });
    this.initialStep();
  }
}
