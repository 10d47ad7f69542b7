// LinearLR, one learning-rate schedule per file over the LRScheduler base, so each schedule's
// formula and checks read on their own.
import type { BaseHyperParams, Optimizer } from "./optimizer.js";
import { LRScheduler } from "./lr-scheduler.js";

/** LinearLR's settings, in order, and what each must be. */
const RULES = { startFactor: { min: 0, max: 1, minExclusive: true }, endFactor: { min: 0, max: 1 }, totalIters: { integer: 1 } };

/**
 * Linear warm-up (or decay) of the learning rate, as PyTorch's `LinearLR`: the factor
 * goes linearly from `startFactor` to `endFactor` over `totalIters` epochs and stays
 * there: `lr(t) = base · (startFactor + (endFactor − startFactor) · min(t, totalIters) / totalIters)`.
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD, LinearLR } from "@tsgrad/nn";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const warmup = new LinearLR(opt, 0.01, 1, 10); // 0.001 → 0.1 over 10 epochs
 * ```
 * @category Schedulers
 */
export class LinearLR extends LRScheduler {
  /** The factor at epoch 0, in (0, 1]. */
  declare startFactor: number;
  /** The factor from epoch `totalIters` on, in [0, 1]. */
  declare endFactor: number;
  /** Epochs over which the factor changes. */
  declare totalIters: number;

  /**
   * `base · (startFactor + (endFactor − startFactor)·min(epoch, totalIters)/totalIters)` for every group.
   * @param epoch - the epoch
   * @returns one learning rate per group
   */
  lrAt(epoch: number): number[] {
    const factor = this.startFactor + ((this.endFactor - this.startFactor) * Math.min(epoch, this.totalIters)) / this.totalIters;
    return this.baseLrs.map((base) => base * factor);
  }

  /**
   * @param optimizer - the optimizer to schedule
   * @param startFactor - the factor at epoch 0, in (0, 1] (default 1/3)
   * @param endFactor - the final factor, in [0, 1] (default 1)
   * @param totalIters - epochs of the ramp (default 5)
   * @param lastEpoch - the last epoch when resuming (default -1: start afresh)
   * @throws ValueError for factors out of range or a totalIters that is not a positive integer
   */
  constructor(optimizer: Optimizer<BaseHyperParams>, startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1) {
    super("LinearLR", optimizer, lastEpoch, RULES, { startFactor, endFactor, totalIters });
    this.initialStep();
  }
}
