// LinearLR, one learning-rate schedule per file over the LRScheduler base, so each schedule's
// formula and checks read on their own.
import type { BaseHyperParams, Optimizer } from "./optimizer.js";
import { type LRSchedulerStateDict, LRScheduler } from "./lr-scheduler.js";
import { checkInteger, checkNumber } from "../checks.js";

function checkFactors(op: string, where: string, startFactor: unknown, endFactor: unknown, totalIters: unknown): void {
  checkNumber(op, where, "startFactor", startFactor, { min: 0, max: 1, minExclusive: true });
  checkNumber(op, where, "endFactor", endFactor, { min: 0, max: 1 });
  checkInteger(op, where, "totalIters", totalIters, 1);
}

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
  startFactor: number;
  /** The factor from epoch `totalIters` on, in [0, 1]. */
  endFactor: number;
  /** Epochs over which the factor changes. */
  totalIters: number;

  /**
   * @param optimizer - the optimizer to schedule
   * @param startFactor - the factor at epoch 0, in (0, 1] (default 1/3)
   * @param endFactor - the final factor, in [0, 1] (default 1)
   * @param totalIters - epochs of the ramp (default 5)
   * @param lastEpoch - the last epoch when resuming (default -1: start afresh)
   * @throws ValueError for factors out of range or a totalIters that is not a positive integer
   */
  constructor(optimizer: Optimizer<BaseHyperParams>, startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1) {
    checkFactors("LinearLR", "arguments", startFactor, endFactor, totalIters);
    super("LinearLR", optimizer, lastEpoch);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

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
   * The state, with `startFactor`, `endFactor` and `totalIters`.
   * @returns the state dict
   */
  override stateDict(): LRSchedulerStateDict {
    return { ...super.stateDict(), startFactor: this.startFactor, endFactor: this.endFactor, totalIters: this.totalIters };
  }

  /**
   * Validates a state dict, with the factors and `totalIters`.
   * @param stateDict - the state to check
   * @internal
   */
  override validateStateDict(stateDict: LRSchedulerStateDict): void {
    super.validateStateDict(stateDict);
    checkFactors("LinearLR.loadStateDict", "state dict", stateDict.startFactor, stateDict.endFactor, stateDict.totalIters);
  }

  /**
   * Loads a validated state dict.
   * @param stateDict - the state
   * @internal
   */
  override applyStateDict(stateDict: LRSchedulerStateDict): void {
    super.applyStateDict(stateDict);
    this.startFactor = stateDict.startFactor as number;
    this.endFactor = stateDict.endFactor as number;
    this.totalIters = stateDict.totalIters as number;
  }
}
