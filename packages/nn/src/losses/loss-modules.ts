// The losses as modules (CrossEntropyLoss, MSELoss, …, as torch.nn's): each holds its options and
// its weights as buffers (PyTorch's state-dict keys) and calls the loss function of the same name.
import { Tensor } from "@tsgrad/autograd";
import { type NDArray, ValueError } from "@tsgrad/ndarray";
import { checkBoolean, checkInteger, checkNumber, checkOptions } from "../checks.js";
import { Module } from "../module.js";
import { type BceWithLogitsOptions, bceWithLogits } from "./bce-with-logits.js";
import { type BinaryCrossEntropyOptions, binaryCrossEntropy } from "./binary-cross-entropy.js";
import { type CrossEntropyOptions, crossEntropy } from "./cross-entropy.js";
import { type KlDivOptions, klDiv } from "./kl-div.js";
import { l1Loss } from "./l1-loss.js";
import { type RegressionLossOptions, mseLoss } from "./mse-loss.js";
import { type NllLossOptions, nllLoss } from "./nll-loss.js";
import { type Reduction, checkReduction, tensorOf } from "./reduction.js";
import { type HuberLossOptions, type SmoothL1LossOptions, huberLoss, smoothL1Loss } from "./smooth-l1-loss.js";

/** A weight option as a buffer value: a detached Tensor sharing the values, or null. */
function weightBuffer(op: string, name: string, w: Tensor | NDArray | undefined): Tensor | null {
  if (w === undefined) return null;
  return w instanceof Tensor ? w.detach() : new Tensor(tensorOf(w, op, name));
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
export class CrossEntropyLoss extends Module {
  /** How the per-sample losses are combined. */
  readonly reduction: Reduction;
  /** The class-index target value that is ignored. */
  readonly ignoreIndex: number;
  /** Amount of label smoothing. */
  readonly labelSmoothing: number;
  /** Rescaling weight per class (a buffer), or null. */
  declare weight: Tensor | null;

  /**
   * @param opts - `weight`, `ignoreIndex` (default −100), `reduction` (default `"mean"`), `labelSmoothing` (default 0)
   * @throws ValueError for a bad option
   */
  constructor(opts: CrossEntropyOptions = {}) {
    checkOptions("CrossEntropyLoss", opts);
    super();
    const op = "CrossEntropyLoss";
    this.reduction = checkReduction(op, opts.reduction ?? "mean");
    this.ignoreIndex = checkInteger(op, "options", "ignoreIndex", opts.ignoreIndex ?? -100);
    this.labelSmoothing = checkNumber(op, "options", "labelSmoothing", opts.labelSmoothing ?? 0, { min: 0, max: 1 });
    this.registerBuffer("weight", weightBuffer(op, "weight", opts.weight));
  }

  /**
   * Computes the loss.
   * @param input - logits `(C)`, `(N, C)` or `(N, C, d1, …)`
   * @param target - int32 class indices, or class probabilities of the input's shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    const opts: CrossEntropyOptions = { reduction: this.reduction, labelSmoothing: this.labelSmoothing };
    // PyTorch's ignore_index has no effect on probability targets; here the function refuses it there.
    if (this.ignoreIndex !== -100) opts.ignoreIndex = this.ignoreIndex;
    if (this.weight !== null) opts.weight = this.weight;
    return crossEntropy(input, target, opts);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…", ignoreIndex=…, labelSmoothing=…`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}", ignoreIndex=${this.ignoreIndex}, labelSmoothing=${this.labelSmoothing}`;
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
export class NLLLoss extends Module {
  /** How the per-sample losses are combined. */
  readonly reduction: Reduction;
  /** The target value that is ignored. */
  readonly ignoreIndex: number;
  /** Rescaling weight per class (a buffer), or null. */
  declare weight: Tensor | null;

  /**
   * @param opts - `weight`, `ignoreIndex` (default −100), `reduction` (default `"mean"`)
   * @throws ValueError for a bad option
   */
  constructor(opts: NllLossOptions = {}) {
    checkOptions("NLLLoss", opts);
    super();
    const op = "NLLLoss";
    this.reduction = checkReduction(op, opts.reduction ?? "mean");
    this.ignoreIndex = checkInteger(op, "options", "ignoreIndex", opts.ignoreIndex ?? -100);
    this.registerBuffer("weight", weightBuffer(op, "weight", opts.weight));
  }

  /**
   * Computes the loss.
   * @param input - log-probabilities `(C)`, `(N, C)` or `(N, C, d1, …)`
   * @param target - int32 class indices
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    const opts: NllLossOptions = { reduction: this.reduction, ignoreIndex: this.ignoreIndex };
    if (this.weight !== null) opts.weight = this.weight;
    return nllLoss(input, target, opts);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…", ignoreIndex=…`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}", ignoreIndex=${this.ignoreIndex}`;
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
export class MSELoss extends Module {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;

  /**
   * @param opts - `reduction` (default `"mean"`)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: RegressionLossOptions = {}) {
    checkOptions("MSELoss", opts);
    super();
    this.reduction = checkReduction("MSELoss", opts.reduction ?? "mean");
  }

  /**
   * Computes the loss.
   * @param input - predictions
   * @param target - targets, same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…"`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
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
export class L1Loss extends Module {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;

  /**
   * @param opts - `reduction` (default `"mean"`)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: RegressionLossOptions = {}) {
    checkOptions("L1Loss", opts);
    super();
    this.reduction = checkReduction("L1Loss", opts.reduction ?? "mean");
  }

  /**
   * Computes the loss.
   * @param input - predictions
   * @param target - targets, same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…"`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
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
export class BCEWithLogitsLoss extends Module {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;
  /** Rescaling weight per element (a buffer, broadcast to the input), or null. */
  declare weight: Tensor | null;
  /** Weight of the positive term per class (a buffer), or null. */
  declare posWeight: Tensor | null;

  /**
   * @param opts - `weight`, `reduction` (default `"mean"`), `posWeight`
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: BceWithLogitsOptions = {}) {
    checkOptions("BCEWithLogitsLoss", opts);
    super();
    const op = "BCEWithLogitsLoss";
    this.reduction = checkReduction(op, opts.reduction ?? "mean");
    this.registerBuffer("weight", weightBuffer(op, "weight", opts.weight));
    this.registerBuffer("posWeight", weightBuffer(op, "posWeight", opts.posWeight));
  }

  /**
   * Computes the loss.
   * @param input - logits
   * @param target - targets in `[0, 1]`, same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    const opts: BceWithLogitsOptions = { reduction: this.reduction };
    if (this.weight !== null) opts.weight = this.weight;
    if (this.posWeight !== null) opts.posWeight = this.posWeight;
    return bceWithLogits(input, target, opts);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…"`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
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
export class BCELoss extends Module {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;
  /** Rescaling weight per element (a buffer, broadcast to the input), or null. */
  declare weight: Tensor | null;

  /**
   * @param opts - `weight`, `reduction` (default `"mean"`)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: BinaryCrossEntropyOptions = {}) {
    checkOptions("BCELoss", opts);
    super();
    this.reduction = checkReduction("BCELoss", opts.reduction ?? "mean");
    this.registerBuffer("weight", weightBuffer("BCELoss", "weight", opts.weight));
  }

  /**
   * Computes the loss.
   * @param input - probabilities in `[0, 1]`
   * @param target - targets in `[0, 1]`, same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    const opts: BinaryCrossEntropyOptions = { reduction: this.reduction };
    if (this.weight !== null) opts.weight = this.weight;
    return binaryCrossEntropy(input, target, opts);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…"`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
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
export class SmoothL1Loss extends Module {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;
  /** Where the loss turns from quadratic to linear. */
  readonly beta: number;

  /**
   * @param opts - `reduction` (default `"mean"`), `beta` (default 1)
   * @throws ValueError for an unknown reduction or a negative β
   */
  constructor(opts: SmoothL1LossOptions = {}) {
    checkOptions("SmoothL1Loss", opts);
    super();
    this.reduction = checkReduction("SmoothL1Loss", opts.reduction ?? "mean");
    this.beta = checkNumber("SmoothL1Loss", "options", "beta", opts.beta ?? 1, { min: 0 });
  }

  /**
   * Computes the loss.
   * @param input - predictions
   * @param target - targets, same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…", beta=…`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}", beta=${this.beta}`;
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
export class HuberLoss extends Module {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;
  /** Where the loss turns from quadratic to linear. */
  readonly delta: number;

  /**
   * @param opts - `reduction` (default `"mean"`), `delta` (default 1)
   * @throws ValueError for an unknown reduction or δ ≤ 0
   */
  constructor(opts: HuberLossOptions = {}) {
    checkOptions("HuberLoss", opts);
    super();
    this.reduction = checkReduction("HuberLoss", opts.reduction ?? "mean");
    this.delta = checkNumber("HuberLoss", "options", "delta", opts.delta ?? 1, { min: 0, minExclusive: true });
  }

  /**
   * Computes the loss.
   * @param input - predictions
   * @param target - targets, same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…", delta=…`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}", delta=${this.delta}`;
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
export class KLDivLoss extends Module {
  /** How the pointwise losses are combined. */
  readonly reduction: Reduction | "batchmean";
  /** Whether the target holds log-probabilities. */
  readonly logTarget: boolean;

  /**
   * @param opts - `reduction` (default `"mean"`), `logTarget` (default false)
   * @throws ValueError for an unknown reduction
   */
  constructor(opts: KlDivOptions = {}) {
    checkOptions("KLDivLoss", opts);
    super();
    const reduction = opts.reduction ?? "mean";
    if (reduction !== "mean" && reduction !== "batchmean" && reduction !== "sum" && reduction !== "none") {
      throw new ValueError("KLDivLoss", `reduction must be "mean", "batchmean", "sum" or "none", got ${JSON.stringify(reduction)}`, { reduction });
    }
    this.reduction = reduction;
    this.logTarget = checkBoolean("KLDivLoss", "options", "logTarget", opts.logTarget ?? false);
  }

  /**
   * Computes the loss.
   * @param input - log-probabilities
   * @param target - probabilities (log-probabilities with `logTarget`), same shape
   * @returns the loss
   */
  forward(input: Tensor, target: Tensor | NDArray): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `reduction="…", logTarget=…`
   */
  override extraRepr(): string {
    return `reduction="${this.reduction}", logTarget=${this.logTarget}`;
  }
}
