// BatchNorm1d and BatchNorm2d with their conventions (PyTorch, Keras, the originating post's
// NumPy class): the normalization layers in one file, beside the other layers.
import {
  type BatchNormResult,
  Tensor,
  batchNormInference,
  batchNormWithStats,
  fusedBatchNormWithStats,
} from "@tsgrad/autograd";
import { type DType, ShapeError, type NDArray, ValueError, add, full, mul, ones, zeros } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, checkNumber, checkOptions, fmtShape, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * The three BatchNorm conventions tsgrad reproduces:
 *
 * | convention | eps | running update | running variance | running stats start at |
 * |---|---|---|---|---|
 * | `"pytorch"` (default) | 1e-5 | `r ← (1 − m)·r + m·batch`, m = 0.1 | unbiased (n/(n−1)) | mean 0, var 1 |
 * | `"keras"` | 1e-3 | `r ← d·r + (1 − d)·batch`, d = 0.99 (so m = 0.01) | biased | mean 0, var 1 |
 * | `"post"` | 1e-8 | `r ← ρ·r + (1 − ρ)·batch`, ρ = 0.9 (so m = 0.1) | biased | mean 0, var 0 |
 *
 * Keras's `momentum` and the post's `rho` are decays: PyTorch's momentum is `1 − decay`
 * (see {@link momentumFromDecay}). `"post"` is the NumPy `BatchNormalization` class of
 * the post this project started from, exactly.
 * @example
 * ```ts
 * import { type BatchNormConvention, BatchNorm1d } from "@tsgrad/nn";
 * const convention: BatchNormConvention = "keras";
 * const bn = new BatchNorm1d(8, { convention });
 * [bn.eps, bn.momentum]; // [0.001, 0.01]
 * ```
 * @category Normalization
 */
export type BatchNormConvention = "pytorch" | "keras" | "post";

/**
 * Options of {@link BatchNorm1d} and {@link BatchNorm2d}. Unset options take the
 * values of the `convention` (PyTorch's by default).
 * @example
 * ```ts
 * import { type BatchNormOptions, BatchNorm2d } from "@tsgrad/nn";
 * const opts: BatchNormOptions = { convention: "post", fused: false, dtype: "float64" };
 * const bn = new BatchNorm2d(3, opts);
 * [bn.eps, bn.runningVar!.toArray()]; // [1e-8, [0, 0, 0]]: the post's epsilon, running variance from 0
 * ```
 * @category Normalization
 */
export interface BatchNormOptions {
  /** Which defaults to start from (default `"pytorch"`). */
  convention?: BatchNormConvention;
  /** Added to the variance before the square root. */
  eps?: number;
  /**
   * PyTorch-style momentum `m` of the running statistics, `r ← (1 − m)·r + m·batch`;
   * `null` for a cumulative average over all batches seen.
   */
  momentum?: number | null;
  /** Learn `weight` (γ, starts at 1) and `bias` (β, starts at 0) (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval uses batch statistics. */
  trackRunningStats?: boolean;
  /** Update the running variance with the unbiased batch variance `n/(n−1)·σ²`. */
  unbiasedRunningVar?: boolean;
  /** Initial value of the running variance. */
  initialRunningVar?: number;
  /**
   * Use the fused op (one node with the closed-form vjp) rather than the composition of
   * primitives (default true). Both give the same values and gradients — first and
   * second order, proven by the test suite; the fused op records one graph node instead
   * of about a dozen and computes its statistics in float64.
   */
  fused?: boolean;
  /** Dtype of the parameters and buffers (default float32). */
  dtype?: DType;
}

/** The option names of {@link BatchNormOptions}. */
const KEYS: OptionKeys<BatchNormOptions> = {
  convention: true,
  eps: true,
  momentum: true,
  affine: true,
  trackRunningStats: true,
  unbiasedRunningVar: true,
  initialRunningVar: true,
  fused: true,
  dtype: true,
};

interface Settings {
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
  unbiasedRunningVar: boolean;
  initialRunningVar: number;
  fused: boolean;
  dtype: DType;
}

const CONVENTIONS: Record<BatchNormConvention, Omit<Settings, "affine" | "trackRunningStats" | "fused" | "dtype">> = {
  pytorch: { eps: 1e-5, momentum: 0.1, unbiasedRunningVar: true, initialRunningVar: 1 },
  keras: { eps: 1e-3, momentum: 0.01, unbiasedRunningVar: false, initialRunningVar: 1 },
  post: { eps: 1e-8, momentum: 0.1, unbiasedRunningVar: false, initialRunningVar: 0 },
};

/**
 * PyTorch's momentum from a decay (Keras's `momentum`, the post's `rho`): `1 − decay`.
 *
 * @param decay - the weight of the old running value, in [0, 1]
 * @returns the weight of the new batch statistic
 * @example
 * ```ts
 * import { momentumFromDecay } from "@tsgrad/nn";
 * momentumFromDecay(0.99); // ≈ 0.01 (Keras's default)
 * ```
 * @category Normalization
 */
export function momentumFromDecay(decay: number): number {
  return 1 - checkNumber("momentumFromDecay", "arguments", "decay", decay, { min: 0, max: 1 });
}

function settingsFrom(op: string, opts: BatchNormOptions): Settings {
  const convention = opts.convention ?? "pytorch";
  const base = CONVENTIONS[convention];
  if (base === undefined) {
    throw new ValueError(op, `unknown convention ${JSON.stringify(convention)}; expected "pytorch", "keras" or "post"`, { convention });
  }
  const momentum = opts.momentum === undefined ? base.momentum : opts.momentum;
  if (momentum !== null) checkNumber(op, "options", "momentum", momentum, { min: 0, max: 1 });
  const eps = checkNumber(op, "options", "eps", orDefault(opts.eps, base.eps), { min: 0 });
  return {
    eps,
    momentum,
    affine: booleanOption(op, "options", "affine", opts.affine, true),
    trackRunningStats: booleanOption(op, "options", "trackRunningStats", opts.trackRunningStats, true),
    unbiasedRunningVar: booleanOption(op, "options", "unbiasedRunningVar", opts.unbiasedRunningVar, base.unbiasedRunningVar),
    initialRunningVar: checkNumber(op, "options", "initialRunningVar", orDefault(opts.initialRunningVar, base.initialRunningVar), { min: 0 }),
    fused: booleanOption(op, "options", "fused", opts.fused, true),
    dtype: opts.dtype ?? "float32",
  };
}

/**
 * The shared implementation of {@link BatchNorm1d} and {@link BatchNorm2d}: batch
 * statistics in training (running statistics updated from detached values), running
 * statistics in eval.
 * @example
 * ```ts
 * import { type BatchNormBase, BatchNorm1d, BatchNorm2d } from "@tsgrad/nn";
 * // Code that handles both layers.
 * const layers: BatchNormBase[] = [new BatchNorm1d(4), new BatchNorm2d(8)];
 * layers.map((bn) => bn.numFeatures); // [4, 8]
 * for (const bn of layers) bn.resetRunningStats();
 * ```
 * @category Normalization
 */
export abstract class BatchNormBase extends Module {
  /** Number of features (C) normalised. */
  readonly numFeatures: number;
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Momentum of the running statistics (null: cumulative average). */
  momentum: number | null;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /** Whether the running variance takes the unbiased batch variance. */
  readonly unbiasedRunningVar: boolean;
  /** Whether the fused op is used (see {@link BatchNormOptions.fused}). */
  fused: boolean;
  /** γ, the scale, one per feature (starts at 1); null when not affine. */
  weight: Parameter | null;
  /** β, the shift, one per feature (starts at 0); null when not affine. */
  bias: Parameter | null;
  /** Running mean (a buffer, a Tensor updated in place; null without `trackRunningStats`). */
  declare runningMean: Tensor | null;
  /** Running variance (a buffer, a Tensor updated in place; null without `trackRunningStats`). */
  declare runningVar: Tensor | null;
  /** Number of training batches seen (an int32 scalar buffer; null without `trackRunningStats`). */
  declare numBatchesTracked: Tensor | null;
  private readonly op: string;
  private readonly initialRunningVar: number;

  /**
   * @param op - the layer's name, for errors
   * @param numFeatures - C
   * @param opts - the options
   */
  protected constructor(op: string, numFeatures: number, opts: BatchNormOptions) {
    super();
    this.op = op;
    this.numFeatures = checkInteger(op, "arguments", "numFeatures", numFeatures, 1);
    const s = settingsFrom(op, opts);
    this.eps = s.eps;
    this.momentum = s.momentum;
    this.affine = s.affine;
    this.trackRunningStats = s.trackRunningStats;
    this.unbiasedRunningVar = s.unbiasedRunningVar;
    this.initialRunningVar = s.initialRunningVar;
    this.fused = s.fused;
    this.weight = underName(op, () => s.affine ? new Parameter(ones([numFeatures], { dtype: s.dtype })) : null);
    this.bias = underName(op, () => s.affine ? new Parameter(zeros([numFeatures], { dtype: s.dtype })) : null);
    if (s.trackRunningStats) {
      this.registerBuffer("runningMean", underName(op, () => new Tensor(zeros([numFeatures], { dtype: s.dtype }))));
      this.registerBuffer("runningVar", underName(op, () => new Tensor(full([numFeatures], s.initialRunningVar, { dtype: s.dtype }))));
      this.registerBuffer("numBatchesTracked", underName(op, () => new Tensor(zeros([], { dtype: "int32" }))));
    } else {
      this.registerBuffer("runningMean", null);
      this.registerBuffer("runningVar", null);
      this.registerBuffer("numBatchesTracked", null);
    }
  }

  /** Throws unless the input's rank and channel count fit the layer. @internal */
  protected abstract checkInput(x: Tensor): void;

  /** Resets the running statistics to their initial values (in place, as PyTorch). */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    const dtype = this.runningMean!.dtype;
    this.runningMean!.data = zeros([this.numFeatures], { dtype });
    this.runningVar!.data = full([this.numFeatures], this.initialRunningVar, { dtype });
    this.numBatchesTracked!.data = zeros([], { dtype: "int32" });
  }

  /**
   * Normalises `input` per feature/channel: with the batch's statistics in training
   * mode (or when not tracking running statistics), with the running ones in eval mode.
   *
   * @param input - `(N, C)` or `(N, C, L)` for BatchNorm1d, `(N, C, H, W)` for BatchNorm2d
   * @returns the output, same shape
   * @throws ShapeError for a wrong rank or channel count; ValueError for a single value per
   *   channel where batch statistics are used (training, or `trackRunningStats: false`)
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor(this.op, input);
    this.checkInput(x);
    const useBatchStats = this.training || !this.trackRunningStats;
    if (!useBatchStats) {
      return batchNormInference(x, this.runningMean!, this.runningVar!, this.weight, this.bias, { eps: this.eps });
    }
    const count = x.size / this.numFeatures;
    // As PyTorch: batch statistics (training, or eval without running statistics) need more than one value per channel.
    if (count <= 1) {
      throw new ValueError(this.op, `expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`, {
        shape: x.shape,
      });
    }
    const run = this.fused ? fusedBatchNormWithStats : batchNormWithStats;
    const result: BatchNormResult = run(x, this.weight, this.bias, { eps: this.eps });
    if (this.training && this.trackRunningStats) this.updateRunningStats(result, count);
    return result.output;
  }

  private updateRunningStats(result: BatchNormResult, count: number): void {
    const runningMean = this.runningMean!;
    const runningVar = this.runningVar!;
    const tracked = this.numBatchesTracked!.item() + 1;
    const m = this.momentum ?? 1 / tracked;
    const dtype = runningMean.dtype;
    const batchVar = this.unbiasedRunningVar ? mul(result.variance, count / (count - 1)) : result.variance;
    // NOTE: running statistics come from the detached batch statistics (never traced) and
    // are updated in place, as PyTorch's: the buffers keep their identity.
    runningMean.data = add(mul(runningMean.data, 1 - m), mul(result.mean, m)).astype(dtype);
    runningVar.data = add(mul(runningVar.data, 1 - m), mul(batchVar, m)).astype(dtype);
    this.numBatchesTracked!.data = full([], tracked, { dtype: "int32" });
  }

  /**
   * The settings shown by `toString()`.
   * @returns e.g. `100, eps=1e-05, momentum=0.1, affine=true, trackRunningStats=true`
   */
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

function channelError(op: string, x: Tensor, expected: string, c: number): never {
  throw new ShapeError(op, `expected input of shape ${expected} with C = ${c}, got ${fmtShape(x.shape)}`, { shape: x.shape, numFeatures: c });
}

/**
 * BatchNorm over `(N, C)` or `(N, C, L)` input, as `torch.nn.BatchNorm1d`: each of the
 * C features is normalised over N (and L) with the batch's mean and biased variance in
 * training, then scaled by `weight` (γ) and shifted by `bias` (β); running statistics
 * are updated from detached values and used in eval mode.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const bn = new tg.nn.BatchNorm1d(3);
 * const y = bn.forward(tg.randn([16, 3], { seed: 0 }));
 * y.shape;                   // [16, 3]
 * bn.runningMean!.toArray(); // a Tensor buffer, moved 10% of the way to the batch mean
 * bn.eval();                 // now normalises with bn.runningMean and bn.runningVar
 * ```
 * @category Normalization
 */
export class BatchNorm1d extends BatchNormBase {
  /**
   * @param numFeatures - C, the number of features
   * @param opts - `convention`, `eps`, `momentum`, `affine`, `trackRunningStats`, `fused`, …
   */
  constructor(numFeatures: number, opts: BatchNormOptions = {}) {
    checkOptions("BatchNorm1d", opts, KEYS);
    super("BatchNorm1d", numFeatures, opts);
  }

  /** @internal */
  protected checkInput(x: Tensor): void {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) channelError("BatchNorm1d", x, "(N, C) or (N, C, L)", this.numFeatures);
  }
}

/**
 * BatchNorm over NCHW input, as `torch.nn.BatchNorm2d`: each channel is normalised over
 * N, H and W (statistics with keepdims, no transpose), then scaled by `weight` (γ) and
 * shifted by `bias` (β).
 *
 * @example
 * ```ts
 * import { BatchNorm2d } from "@tsgrad/nn";
 * import { randn } from "@tsgrad/autograd";
 * const bn = new BatchNorm2d(4);
 * bn.forward(randn([2, 4, 5, 5], { seed: 0 })).shape; // [2, 4, 5, 5]
 * ```
 * @category Normalization
 */
export class BatchNorm2d extends BatchNormBase {
  /**
   * @param numChannels - C, the number of channels
   * @param opts - `convention`, `eps`, `momentum`, `affine`, `trackRunningStats`, `fused`, …
   */
  constructor(numChannels: number, opts: BatchNormOptions = {}) {
    checkOptions("BatchNorm2d", opts, KEYS);
    super("BatchNorm2d", numChannels, opts);
  }

  /** @internal */
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 4 || x.shape[1] !== this.numFeatures) channelError("BatchNorm2d", x, "(N, C, H, W)", this.numFeatures);
  }
}
