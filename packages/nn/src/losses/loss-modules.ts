// The losses as modules (CrossEntropyLoss, MSELoss, …, as torch.nn's) over LossBase, which holds
// the options and weights (buffers, PyTorch's state-dict keys) and calls the loss function of the same name.
import { Tensor } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, checkNumber, checkOptions, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { BCE_WITH_LOGITS_KEYS, type BceWithLogitsOptions, bceWithLogits } from "./bce-with-logits.js";
import { BCE_KEYS, type BinaryCrossEntropyOptions, binaryCrossEntropy } from "./binary-cross-entropy.js";
import { CROSS_ENTROPY_KEYS, type CrossEntropyOptions, crossEntropy } from "./cross-entropy.js";
import { KL_DIV_KEYS, KL_REDUCTIONS, type KlDivOptions, klDiv } from "./kl-div.js";
import { l1Loss } from "./l1-loss.js";
import { REGRESSION_KEYS, type RegressionLossOptions, mseLoss } from "./mse-loss.js";
import { NLL_LOSS_KEYS, type NllLossOptions, nllLoss } from "./nll-loss.js";
import { type Reduction, checkReduction, tensorOf } from "./reduction.js";
import { HUBER_KEYS, type HuberLossOptions, SMOOTH_L1_KEYS, type SmoothL1LossOptions, huberLoss, smoothL1Loss } from "./smooth-l1-loss.js";

/** A weight option as a buffer value: a detached Tensor sharing the values, or null. */
function weightBuffer(op: string, name: string, w: Tensor | NDArray | undefined): Tensor | null {
  if (w === undefined) return null;
  return w instanceof Tensor ? w.detach() : new Tensor(tensorOf(w, op, name));
}

/** A loss function as its module calls it: input, target and the module's options. */
type LossFunction = (input: Tensor, target: Tensor | NDArray, opts: never) => Tensor;

/** What a loss module holds besides its reduction. @internal */
export interface LossSpec<R extends string> {
  /** The module's own settings, checked (called after the reduction is); each becomes a property and an option of the function. */
  settings?: () => Readonly<Record<string, number | boolean>>;
  /** The weight options kept as buffers of the same names (passed on when set). */
  weights?: readonly string[];
  /** The reductions the function accepts (default the three of {@link Reduction}). */
  reductions?: readonly R[];
}

/**
 * The base of the loss modules ({@link CrossEntropyLoss}, {@link MSELoss}, …, as PyTorch's
 * `_Loss`): the `reduction` and the module's other settings, checked when it is made (errors
 * name the module) and shown by `toString()`; weights as buffers (state-dict keys as
 * PyTorch's, converted by `to(dtype)`, loaded by `loadStateDict`); and `forward(input,
 * target)`, the loss function of the same name called with all of them.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const criteria: tg.nn.LossBase[] = [new tg.nn.MSELoss(), new tg.nn.L1Loss({ reduction: "sum" })];
 * criteria.map((c) => c.forward(tg.tensor([1, 2]), tg.tensor([0, 0])).item()); // [2.5, 3]
 * criteria.map((c) => c.reduction); // ["mean", "sum"]
 * ```
 * @category Losses
 */
export abstract class LossBase<R extends string = string> extends Module {
  /** How the losses are combined: `"mean"` (the default), `"sum"` or `"none"` (KLDivLoss also takes `"batchmean"`). */
  readonly reduction: R;
  readonly #loss: LossFunction;
  readonly #settings: readonly string[];
  readonly #weights: readonly string[];

  /**
   * Checks the options under the module's name — the object and its keys, its `reduction`
   * (default `"mean"`), then `spec.settings` — and registers the weight buffers.
   * @param name - the module's name, for errors
   * @param loss - the loss function
   * @param opts - the module's options
   * @param known - the module's option names (those of its loss function)
   * @param spec - its settings, weights and reductions
   * @internal
   */
  protected constructor(name: string, loss: LossFunction, opts: { reduction?: R }, known: OptionKeys<{ reduction?: R }>, spec: LossSpec<R> = {}) {
    checkOptions(name, opts, known);
    super();
    this.#loss = loss;
    this.reduction = checkReduction(name, opts.reduction ?? "mean", spec.reductions);
    const settings = spec.settings?.() ?? {};
    this.#settings = Object.keys(settings);
    Object.assign(this, settings);
    this.#weights = spec.weights ?? [];
    for (const key of this.#weights) this.registerBuffer(key, weightBuffer(name, key, (opts as Record<string, Tensor | NDArray | undefined>)[key]));
  }

  /**
   * Computes the loss: the loss function of the same name with this module's reduction,
   * settings and weights.
   * @param input - the prediction (logits, log-probabilities, probabilities or values, as the function takes)
   * @param target - the target, as the function takes it
   * @returns the loss: a scalar, or per element with `reduction: "none"`
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    return this.#loss(input, target, this.lossOptions() as never);
  }

  /**
   * The options `forward` passes to the loss function: the reduction, the settings, and the
   * weights that are set.
   * @returns the options
   * @internal
   */
  protected lossOptions(): Record<string, unknown> {
    const self = this as unknown as Record<string, unknown>;
    const opts: Record<string, unknown> = { reduction: this.reduction };
    for (const key of this.#settings) opts[key] = self[key];
    for (const key of this.#weights) if (self[key] !== null) opts[key] = self[key];
    return opts;
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…"` and the module's other settings, e.g. `, beta=…`
   */
  override extraRepr(): string {
    const self = this as unknown as Record<string, unknown>;
    return [`reduction="${this.reduction}"`, ...this.#settings.map((key) => `${key}=${String(self[key])}`)].join(", ");
  }
}

/**
 * The cross-entropy loss as a module (`torch.nn.CrossEntropyLoss`): `forward(input, target)`
 * is {@link crossEntropy} with the module's options. A class `weight` is a buffer (state-dict
 * key `weight`, as PyTorch), converted by `to(dtype)` and loaded by `loadStateDict`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const criterion = new tg.nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const logits = tg.randn([4, 3], { seed: 0, requiresGrad: true });
 * criterion.forward(logits, tg.tensor([0, 2, 1, 0], { dtype: "int32" })).backward();
 * logits.grad!.shape; // [4, 3]
 * ```
 * @category Losses
 */
export class CrossEntropyLoss extends LossBase<Reduction> {
  /** The class-index target value that is ignored. */
  declare readonly ignoreIndex: number;
  /** Amount of label smoothing. */
  declare readonly labelSmoothing: number;
  /** Rescaling weight per class (a buffer), or null. */
  declare weight: Tensor | null;

  /**
   * @param opts - `weight`, `ignoreIndex` (default −100), `reduction` (default `"mean"`), `labelSmoothing` (default 0)
   * @throws ValueError for a bad option
   */
  constructor(opts: CrossEntropyOptions = {}) {
    const op = "CrossEntropyLoss";
    super(op, crossEntropy, opts, CROSS_ENTROPY_KEYS, {
      settings: () => ({
        ignoreIndex: checkInteger(op, "options", "ignoreIndex", orDefault(opts.ignoreIndex, -100)),
        labelSmoothing: checkNumber(op, "options", "labelSmoothing", orDefault(opts.labelSmoothing, 0), { min: 0, max: 1 }),
      }),
      weights: ["weight"],
    });
  }

  /**
   * The options of crossEntropy: the default `ignoreIndex` is left out.
   * @returns the options
   * @internal
   */
  protected override lossOptions(): Record<string, unknown> {
    const opts = super.lossOptions();
    // PyTorch's ignore_index has no effect on probability targets; here the function refuses it there.
    if (this.ignoreIndex === -100) delete opts["ignoreIndex"];
    return opts;
  }
}

/**
 * The negative log-likelihood loss as a module (`torch.nn.NLLLoss`): `forward(input, target)`
 * is {@link nllLoss} with the module's options; a class `weight` is a buffer.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const criterion = new tg.nn.NLLLoss({ reduction: "sum" });
 * const logp = tg.logSoftmax(tg.randn([2, 5], { seed: 0 }), 1);
 * criterion.forward(logp, tg.tensor([4, 1], { dtype: "int32" })).shape; // []
 * ```
 * @category Losses
 */
export class NLLLoss extends LossBase<Reduction> {
  /** The target value that is ignored. */
  declare readonly ignoreIndex: number;
  /** Rescaling weight per class (a buffer), or null. */
  declare weight: Tensor | null;

  /**
   * @param opts - `weight`, `ignoreIndex` (default −100), `reduction` (default `"mean"`)
   * @throws ValueError for a bad option
   */
  constructor(opts: NllLossOptions = {}) {
    super("NLLLoss", nllLoss, opts, NLL_LOSS_KEYS, {
      settings: () => ({ ignoreIndex: checkInteger("NLLLoss", "options", "ignoreIndex", orDefault(opts.ignoreIndex, -100)) }),
      weights: ["weight"],
    });
  }
}

/**
 * The mean squared error as a module (`torch.nn.MSELoss`): `forward(input, target)` is
 * {@link mseLoss} with the module's reduction.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.MSELoss().forward(tg.tensor([1, 2, 3]), tg.tensor([1, 0, 0])).item(); // 13 / 3
 * ```
 * @category Losses
 */
export class MSELoss extends LossBase<Reduction> {
  /**
   * @param opts - `reduction` (default `"mean"`)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: RegressionLossOptions = {}) {
    super("MSELoss", mseLoss, opts, REGRESSION_KEYS);
  }
}

/**
 * The mean absolute error as a module (`torch.nn.L1Loss`): `forward(input, target)` is
 * {@link l1Loss} with the module's reduction.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.L1Loss({ reduction: "sum" }).forward(tg.tensor([1, 2, 3]), tg.tensor([1, 0, 0])).item(); // 5
 * ```
 * @category Losses
 */
export class L1Loss extends LossBase<Reduction> {
  /**
   * @param opts - `reduction` (default `"mean"`)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: RegressionLossOptions = {}) {
    super("L1Loss", l1Loss, opts, REGRESSION_KEYS);
  }
}

/**
 * Binary cross-entropy of logits as a module (`torch.nn.BCEWithLogitsLoss`):
 * `forward(input, target)` is {@link bceWithLogits} with the module's options; `weight` and
 * `posWeight` are buffers (state-dict keys `weight` and `pos_weight` through
 * {@link toPyTorchKeys}, as PyTorch).
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const criterion = new tg.nn.BCEWithLogitsLoss({ posWeight: tg.tensor([3]) });
 * criterion.forward(tg.tensor([[0.2], [-1]]), tg.tensor([[1], [0]])).shape; // []
 * Object.keys(tg.nn.toPyTorchKeys(criterion.stateDict()));                  // ["pos_weight"]
 * ```
 * @category Losses
 */
export class BCEWithLogitsLoss extends LossBase<Reduction> {
  /** Rescaling weight per element (a buffer, broadcast to the input), or null. */
  declare weight: Tensor | null;
  /** Weight of the positive term per class (a buffer), or null. */
  declare posWeight: Tensor | null;

  /**
   * @param opts - `weight`, `reduction` (default `"mean"`), `posWeight`
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: BceWithLogitsOptions = {}) {
    super("BCEWithLogitsLoss", bceWithLogits, opts, BCE_WITH_LOGITS_KEYS, { weights: ["weight", "posWeight"] });
  }
}

/**
 * Binary cross-entropy of probabilities as a module (`torch.nn.BCELoss`):
 * `forward(input, target)` is {@link binaryCrossEntropy} with the module's options; `weight`
 * is a buffer.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const probs = tg.sigmoid(tg.tensor([0.3, -2]));
 * new tg.nn.BCELoss().forward(probs, tg.tensor([1, 0])).item(); // the same as BCEWithLogitsLoss on the logits
 * ```
 * @category Losses
 */
export class BCELoss extends LossBase<Reduction> {
  /** Rescaling weight per element (a buffer, broadcast to the input), or null. */
  declare weight: Tensor | null;

  /**
   * @param opts - `weight`, `reduction` (default `"mean"`)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: BinaryCrossEntropyOptions = {}) {
    super("BCELoss", binaryCrossEntropy, opts, BCE_KEYS, { weights: ["weight"] });
  }
}

/**
 * The smooth L1 loss as a module (`torch.nn.SmoothL1Loss`): `forward(input, target)` is
 * {@link smoothL1Loss} with the module's options.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.SmoothL1Loss({ beta: 0.5 }).forward(tg.tensor([0.2, 3]), tg.tensor([0, 0])).item(); // (0.04 + 2.75) / 2
 * ```
 * @category Losses
 */
export class SmoothL1Loss extends LossBase<Reduction> {
  /** Where the loss turns from quadratic to linear. */
  declare readonly beta: number;

  /**
   * @param opts - `reduction` (default `"mean"`), `beta` (default 1)
   * @throws ValueError for an unknown reduction or a negative β
   */
  constructor(opts: SmoothL1LossOptions = {}) {
    super("SmoothL1Loss", smoothL1Loss, opts, SMOOTH_L1_KEYS, { settings: () => ({ beta: checkNumber("SmoothL1Loss", "options", "beta", orDefault(opts.beta, 1), { min: 0 }) }) });
  }
}

/**
 * The Huber loss as a module (`torch.nn.HuberLoss`): `forward(input, target)` is
 * {@link huberLoss} with the module's options.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.HuberLoss({ delta: 2, reduction: "sum" }).forward(tg.tensor([1, 5]), tg.tensor([0, 0])).item(); // 8.5
 * ```
 * @category Losses
 */
export class HuberLoss extends LossBase<Reduction> {
  /** Where the loss turns from quadratic to linear. */
  declare readonly delta: number;

  /**
   * @param opts - `reduction` (default `"mean"`), `delta` (default 1)
   * @throws ValueError for an unknown reduction or δ ≤ 0
   */
  constructor(opts: HuberLossOptions = {}) {
    super("HuberLoss", huberLoss, opts, HUBER_KEYS, {
      settings: () => ({ delta: checkNumber("HuberLoss", "options", "delta", orDefault(opts.delta, 1), { min: 0, minExclusive: true }) }),
    });
  }
}

/**
 * The KL-divergence loss as a module (`torch.nn.KLDivLoss`): `forward(input, target)` is
 * {@link klDiv} with the module's options. PyTorch's default reduction `"mean"` averages over
 * every element; `"batchmean"` gives the KL divergence per sample.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const criterion = new tg.nn.KLDivLoss({ reduction: "batchmean" });
 * const logq = tg.logSoftmax(tg.randn([3, 4], { seed: 0 }), 1);
 * criterion.forward(logq, tg.softmax(tg.randn([3, 4], { seed: 1 }), 1)).item(); // ≥ 0
 * ```
 * @category Losses
 */
export class KLDivLoss extends LossBase<Reduction | "batchmean"> {
  /** Whether the target holds log-probabilities. */
  declare readonly logTarget: boolean;

  /**
   * @param opts - `reduction` (default `"mean"`), `logTarget` (default false)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: KlDivOptions = {}) {
    super("KLDivLoss", klDiv, opts, KL_DIV_KEYS, {
      settings: () => ({ logTarget: booleanOption("KLDivLoss", "options", "logTarget", opts.logTarget, false) }),
      reductions: KL_REDUCTIONS,
    });
  }
}
