// SequentialLR, which chains schedulers at milestones: one learning-rate schedule per file over
// the LRScheduler base.
import { ValueError } from "@tsgrad/ndarray";
import type { BaseHyperParams, Optimizer } from "./optimizer.js";
import { type LRSchedulerStateDict, LRScheduler } from "./lr-scheduler.js";
import { checkInteger, showValue, underName } from "../checks.js";

function checkMilestones(op: string, milestones: unknown, count: number): number[] {
  if (!Array.isArray(milestones) || milestones.length !== count - 1) {
    throw new ValueError(op, `expected ${count - 1} milestones for ${count} schedulers, got ${showValue(milestones)}`, {});
  }
  milestones.forEach((m, i) => {
    checkInteger(op, "milestones", `milestones[${i}]`, m, 1);
    if (i > 0 && (m as number) <= (milestones[i - 1] as number)) {
      throw new ValueError(op, `milestones must increase strictly, got ${showValue(milestones)}`, {});
    }
  });
  return [...(milestones as number[])];
}

/**
 * Runs schedulers one after the other, as PyTorch's `SequentialLR`: `schedulers[0]` from
 * epoch 0, `schedulers[i]` from epoch `milestones[i − 1]` on, each restarting its own
 * schedule at 0 there. The usual warm-up: `LinearLR` then `CosineAnnealingLR`.
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD, LinearLR, CosineAnnealingLR, SequentialLR } from "@tsgrad/nn";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const warmup = new LinearLR(opt, 0.1, 1, 5);
 * const decay = new CosineAnnealingLR(opt, 95);
 * const scheduler = new SequentialLR(opt, [warmup, decay], [5]);
 * scheduler.getLastLr(); // ≈ [0.01]
 * ```
 * @category Schedulers
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers, in the order they run. */
  readonly schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  milestones: number[];

  /**
   * @param optimizer - the optimizer every scheduler schedules
   * @param schedulers - the schedulers, in order (made for `optimizer`)
   * @param milestones - `schedulers.length − 1` strictly increasing epochs
   * @param lastEpoch - the last epoch when resuming (default -1: start afresh)
   * @throws ValueError when a scheduler belongs to another optimizer or the milestones do not fit
   */
  constructor(optimizer: Optimizer<BaseHyperParams>, schedulers: readonly LRScheduler[], milestones: readonly number[], lastEpoch = -1) {
    const op = "SequentialLR";
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new ValueError(op, `expected a non-empty array of schedulers, got ${showValue(schedulers)}`, {});
    }
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new ValueError(op, `schedulers[${i}] is ${showValue(s)}, not a scheduler`, {});
      if (s.optimizer !== optimizer) throw new ValueError(op, `schedulers[${i}] schedules another optimizer than the one given`, {});
    });
    const checked = checkMilestones(op, milestones, schedulers.length);
    checkInteger(op, "arguments", "lastEpoch", lastEpoch, -1);
    super(op, optimizer, lastEpoch);
    this.schedulers = [...schedulers];
    this.milestones = checked;
    // Making the schedulers stepped each of them; start again from the initial rates.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr ?? g.lr;
    this.initialStep();
  }

  private phase(epoch: number): { scheduler: LRScheduler; offset: number } {
    let index = 0;
    while (index < this.milestones.length && this.milestones[index]! <= epoch) index++;
    return { scheduler: this.schedulers[index]!, offset: index === 0 ? 0 : this.milestones[index - 1]! };
  }

  /**
   * The learning rates of the scheduler in charge at `epoch`, at its own epoch.
   * @param epoch - the epoch
   * @returns one learning rate per group
   */
  lrAt(epoch: number): number[] {
    const { scheduler, offset } = this.phase(epoch);
    return scheduler.lrAt(epoch - offset);
  }

  /**
   * Advances by one epoch (or jumps to `epoch`), stepping the scheduler in charge.
   * @param epoch - optional: the epoch to jump to
   */
  override step(epoch?: number): void {
    const e = epoch === undefined ? this.lastEpoch + 1 : checkInteger(`${this.name}.step`, "arguments", "epoch", epoch, 0);
    this.checkGroups();
    const { scheduler, offset } = this.phase(e);
    scheduler.step(e - offset);
    this.lastEpoch = e;
    this.lastLrs = scheduler.getLastLr();
  }

  /**
   * The state, with `milestones` and every scheduler's state.
   * @returns the state dict
   */
  override stateDict(): LRSchedulerStateDict {
    return { ...super.stateDict(), milestones: [...this.milestones], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /**
   * Validates a state dict, with the milestones and every scheduler's state.
   * @param stateDict - the state to check
   * @internal
   */
  override validateStateDict(stateDict: LRSchedulerStateDict): void {
    super.validateStateDict(stateDict);
    const op = "SequentialLR.loadStateDict";
    checkMilestones(op, stateDict.milestones, this.schedulers.length);
    const states = stateDict.schedulers as unknown;
    if (!Array.isArray(states) || states.length !== this.schedulers.length) {
      throw new ValueError(op, `expected the states of ${this.schedulers.length} schedulers, got ${showValue(states)}`, {});
    }
    // A scheduler's own error names it after SequentialLR.loadStateDict, the call the user made.
    this.schedulers.forEach((s, i) => underName(op, () => s.validateStateDict(states[i] as LRSchedulerStateDict)));
  }

  /**
   * Loads a validated state dict.
   * @param stateDict - the state
   * @internal
   */
  override applyStateDict(stateDict: LRSchedulerStateDict): void {
    super.applyStateDict(stateDict);
    this.milestones = [...(stateDict.milestones as number[])];
    const states = stateDict.schedulers as LRSchedulerStateDict[];
    this.schedulers.forEach((s, i) => s.applyStateDict(states[i]!));
  }
}
