// LRScheduler, the base class of the learning-rate schedules (stepping, last learning rates,
// state dicts), apart from each schedule's formula.
import { ValueError } from "@tsgrad/ndarray";
import { type BaseHyperParams, Optimizer } from "./optimizer.js";
import { checkInteger, checkNumber, isRecord, showValue } from "../checks.js";

/**
 * What one setting of a schedule must be: an integer of at least `integer`, or else a finite
 * number in the range (`min`, `max`, `minExclusive` as `checkNumber` takes them).
 */
type SettingRule = { readonly integer: number } | { readonly min?: number; readonly max?: number; readonly minExclusive?: boolean };

function checkSetting(op: string, where: string, name: string, rule: SettingRule, value: unknown): number {
  return "integer" in rule ? checkInteger(op, where, name, value, rule.integer) : checkNumber(op, where, name, value, rule);
}

/**
 * A scheduler's state: the epoch counter, the base and last learning rates, and the
 * scheduler's own settings (`stepSize`, `gamma`, …) by name.
 * @example
 * ```ts
 * import { type LRSchedulerStateDict, SGD, StepLR } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new StepLR(opt, 1, 0.5);
 * scheduler.step();
 * const saved: LRSchedulerStateDict = scheduler.stateDict();
 * [saved.lastEpoch, saved.lastLr]; // [1, [0.05]]
 * ```
 * @category Schedulers
 */
export interface LRSchedulerStateDict {
  /** Steps taken so far (0 right after construction). */
  lastEpoch: number;
  /** The learning rate of each group the schedule starts from. */
  baseLrs: number[];
  /** The learning rate of each group after the last step. */
  lastLr: number[];
  /** The scheduler's own settings. */
  [setting: string]: unknown;
}

/**
 * Base class of the learning-rate schedulers, after `torch.optim.lr_scheduler.LRScheduler`.
 * A scheduler sets `lr` in every parameter group of its optimizer from a closed form of
 * the epoch counter: construction performs the first step (epoch 0), then call
 * {@link LRScheduler.step} once per epoch (after `optimizer.step()`).
 *
 * Base learning rates come from each group's `initialLr`, which the first scheduler
 * attached to an optimizer records from `lr`. Because every schedule is a closed form,
 * the last scheduler stepped decides the learning rate; to run schedules one after the
 * other use {@link SequentialLR}.
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD, StepLR } from "@tsgrad/nn";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new StepLR(opt, 2, 0.5);
 * for (let epoch = 0; epoch < 4; epoch++) {
 *   opt.step();
 *   scheduler.step();
 * }
 * scheduler.getLastLr(); // [0.025]
 * ```
 * @category Schedulers
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates this scheduler sets. */
  readonly optimizer: Optimizer<BaseHyperParams>;
  /** Steps taken so far: 0 after construction, then one more per {@link LRScheduler.step}. */
  lastEpoch: number;
  /** The learning rate of each group the schedule starts from. */
  baseLrs: number[];
  /** The learning rates set by the last step. */
  protected lastLrs: number[] = [];
  /** Name used in error messages, e.g. `"StepLR"`. */
  protected readonly name: string;
  readonly #rules: Readonly<Record<string, SettingRule>>;

  /**
   * Checks the schedule's own settings (first), the optimizer and `lastEpoch`, and sets the
   * settings as properties of the same names; the subclass declares them and makes the first
   * step ({@link LRScheduler.initialStep}).
   *
   * @param name - name of the scheduler for messages
   * @param optimizer - the optimizer to schedule
   * @param lastEpoch - the index of the last epoch when resuming; -1 to start afresh
   * @param rules - the schedule's own settings in order (saved in its state dict), each with
   *   what it must be: `{ integer: min }` for an integer ≥ min, else a finite number within
   *   `min`/`max` (`minExclusive`: > min) (default none)
   * @param settings - their values, by name
   */
  protected constructor(
    name: string,
    optimizer: Optimizer<BaseHyperParams>,
    lastEpoch: number,
    rules: Readonly<Record<string, { readonly integer: number } | { readonly min?: number; readonly max?: number; readonly minExclusive?: boolean }>> = {},
    settings: Readonly<Record<string, unknown>> = {},
  ) {
    for (const [key, rule] of Object.entries(rules)) checkSetting(name, "arguments", key, rule, settings[key]);
    this.name = name;
    this.#rules = rules;
    if (!(optimizer instanceof Optimizer)) throw new ValueError(name, `expected an Optimizer, got ${showValue(optimizer)}`, {});
    checkInteger(name, "arguments", "lastEpoch", lastEpoch, -1);
    const groups = optimizer.paramGroups;
    if (lastEpoch !== -1) {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new ValueError(name, `resuming at lastEpoch ${lastEpoch} needs initialLr in parameter group ${i}; load the optimizer's state dict first`, {});
        }
      });
    } else {
      for (const g of groups) g.initialLr ??= g.lr;
    }
    this.optimizer = optimizer;
    this.lastEpoch = lastEpoch;
    this.baseLrs = groups.map((g) => g.initialLr!);
    for (const key of Object.keys(rules)) (this as Record<string, unknown>)[key] = settings[key];
  }

  /**
   * The learning rate of every group at `epoch`, from the schedule's closed form;
   * changes nothing.
   *
   * @param epoch - the epoch (0 is the first)
   * @returns one learning rate per parameter group
   */
  abstract lrAt(epoch: number): number[];

  /** Performs the step that construction makes (epoch 0, or the one after `lastEpoch`). */
  protected initialStep(): void {
    this.step();
  }

  /**
   * Advances the schedule by one epoch (or jumps to `epoch`) and sets every group's `lr`.
   *
   * @param epoch - optional: the epoch to jump to instead of the next one
   * @throws ValueError when the optimizer's number of groups changed, or for a bad epoch
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD, CosineAnnealingLR } from "@tsgrad/nn";
   * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
   * const scheduler = new CosineAnnealingLR(opt, 4);
   * scheduler.step();
   * opt.paramGroups[0]!.lr; // (1 + cos(π/4)) / 2
   * ```
   */
  step(epoch?: number): void {
    const e = epoch === undefined ? this.lastEpoch + 1 : checkInteger(`${this.name}.step`, "arguments", "epoch", epoch, 0);
    this.checkGroups();
    const lrs = this.lrAt(e);
    this.lastEpoch = e;
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]!));
    this.lastLrs = lrs;
  }

  /** Throws (naming `<Scheduler>.step`) when groups were added to the optimizer after the scheduler was made. */
  protected checkGroups(): void {
    const count = this.optimizer.paramGroups.length;
    if (count !== this.baseLrs.length) {
      throw new ValueError(`${this.name}.step`, `the optimizer has ${count} parameter groups but the scheduler was made for ${this.baseLrs.length}`, {});
    }
  }

  /**
   * The learning rates set by the last step.
   *
   * @returns one learning rate per parameter group
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD, LinearLR } from "@tsgrad/nn";
   * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.3 });
   * new LinearLR(opt, 0.5, 1, 3).getLastLr(); // [0.15]
   * ```
   */
  getLastLr(): number[] {
    return [...this.lastLrs];
  }

  /**
   * The scheduler's state: `lastEpoch`, `baseLrs`, `lastLr` and its own settings.
   *
   * @returns the state dict
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD, StepLR } from "@tsgrad/nn";
   * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
   * new StepLR(opt, 3).stateDict().stepSize; // 3
   * ```
   */
  stateDict(): LRSchedulerStateDict {
    const own = Object.keys(this.#rules).map((key) => [key, (this as Record<string, unknown>)[key]]);
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLrs], ...Object.fromEntries(own) };
  }

  /**
   * Restores a state dict from {@link LRScheduler.stateDict}. Validated first: on an
   * error nothing changes. The optimizer's learning rates are not touched; they come
   * back with the optimizer's own state dict.
   *
   * @param stateDict - the state to load
   * @throws ValueError describing the first problem
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD, StepLR } from "@tsgrad/nn";
   * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
   * const a = new StepLR(opt, 3);
   * a.step();
   * const b = new StepLR(opt, 3);
   * b.loadStateDict(a.stateDict());
   * b.lastEpoch; // 1
   * ```
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    this.validateStateDict(stateDict);
    this.applyStateDict(stateDict);
  }

  /**
   * Throws unless `stateDict` can be loaded; changes nothing.
   * @param stateDict - the state to check
   * @internal
   */
  validateStateDict(stateDict: LRSchedulerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    if (!isRecord(stateDict)) throw new ValueError(op, `expected a state dict object, got ${showValue(stateDict)}`, {});
    checkInteger(op, "state dict", "lastEpoch", stateDict.lastEpoch, -1);
    const count = this.optimizer.paramGroups.length;
    for (const key of ["baseLrs", "lastLr"] as const) {
      const list = stateDict[key] as unknown;
      if (!Array.isArray(list) || (list.length !== count && !(key === "lastLr" && list.length === 0))) {
        throw new ValueError(op, `${key} must be an array of ${count} learning rates, got ${showValue(list)}`, {});
      }
      list.forEach((lr, i) => checkNumber(op, "state dict", `${key}[${i}]`, lr, { min: 0 }));
    }
    for (const [key, rule] of Object.entries(this.#rules)) checkSetting(op, "state dict", key, rule, stateDict[key]);
  }

  /**
   * Loads a state dict that {@link LRScheduler.validateStateDict} accepted.
   * @param stateDict - the state
   * @internal
   */
  applyStateDict(stateDict: LRSchedulerStateDict): void {
    this.lastEpoch = stateDict.lastEpoch;
    this.baseLrs = [...stateDict.baseLrs];
    this.lastLrs = [...stateDict.lastLr];
    for (const key of Object.keys(this.#rules)) (this as Record<string, unknown>)[key] = stateDict[key];
  }
}
