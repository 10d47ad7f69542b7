// InstanceNorm2d, normalisation of each sample's channels on their own (torch.nn.InstanceNorm2d):
// one layer per file, so each layer's options, checks and forward read on their own.
import { Tensor, batchNormInference, groupNorm, mean, reshape, variance } from "@tsgrad/autograd";
import { type DType, ShapeError, ValueError, add, full, mul, ones, zeros } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, checkNumber, checkOptions, fmtShape, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * Options of {@link InstanceNorm2d}; the defaults are PyTorch's (no affine parameters, no
 * running statistics).
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.InstanceNorm2dOptions = { affine: true, trackRunningStats: true };
 * Object.keys(tg.nn.toPyTorchKeys(new tg.nn.InstanceNorm2d(3, opts).stateDict()));
 * // ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
 * ```
 * @category Normalization
 */
export interface InstanceNorm2dOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new value in the running statistics, `r ← (1 − m)·r + m·batch` (default 0.1). */
  momentum?: number;
  /** Learn a per-channel scale (`weight`, ones) and shift (`bias`, zeros) (default false, as PyTorch). */
  affine?: boolean;
  /** Keep running statistics, used in eval mode (default false, as PyTorch: eval uses each instance's own). */
  trackRunningStats?: boolean;
  /** Dtype of the parameters and buffers (default float32). */
  dtype?: DType;
}

/** The option names of {@link InstanceNorm2dOptions}. */
const KEYS: OptionKeys<InstanceNorm2dOptions> = { eps: true, momentum: true, affine: true, trackRunningStats: true, dtype: true };

/**
 * Instance normalisation (`torch.nn.InstanceNorm2d`, Ulyanov et al. 2016) over NCHW input:
 * each channel of each sample is normalised with its own mean and biased variance over H
 * and W — the style-transfer normalisation. PyTorch's defaults: no affine parameters and
 * no running statistics, so training and eval mode behave the same. With
 * `trackRunningStats`, training also updates `runningMean` and `runningVar` (the batch
 * average of the instances' means and unbiased variances, momentum 0.1) and eval mode
 * normalises with them; `numBatchesTracked` is kept for PyTorch's state-dict layout and,
 * as in PyTorch, never counts. An unbatched `(C, H, W)` input is accepted too.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const inorm = new tg.nn.InstanceNorm2d(3);
 * const y = inorm.forward(tg.randn([2, 3, 4, 4], { seed: 0 }));
 * y.mean({ axis: [2, 3] }).toArray(); // ≈ 0 for every sample and channel
 * ```
 * @category Normalization
 */
export class InstanceNorm2d extends Module {
  /** Number of channels C. */
  readonly numFeatures: number;
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Momentum of the running statistics. */
  momentum: number;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /** Per-channel scale (starts at 1), or null. */
  weight: Parameter | null;
  /** Per-channel shift (starts at 0), or null. */
  bias: Parameter | null;
  /** Running mean (a buffer; null without `trackRunningStats`). */
  declare runningMean: Tensor | null;
  /** Running variance (a buffer; null without `trackRunningStats`). */
  declare runningVar: Tensor | null;
  /** Kept for PyTorch's state-dict layout (an int32 scalar buffer that stays 0; null without `trackRunningStats`). */
  declare numBatchesTracked: Tensor | null;

  /**
   * @param numFeatures - C, the number of channels
   * @param opts - `eps`, `momentum`, `affine` (default false), `trackRunningStats` (default false), `dtype`
   * @throws ValueError for bad options
   */
  constructor(numFeatures: number, opts: InstanceNorm2dOptions = {}) {
    checkOptions("InstanceNorm2d", opts, KEYS);
    super();
    const op = "InstanceNorm2d";
    this.numFeatures = checkInteger(op, "arguments", "numFeatures", numFeatures, 1);
    this.eps = checkNumber(op, "options", "eps", orDefault(opts.eps, 1e-5), { min: 0 });
    this.momentum = checkNumber(op, "options", "momentum", orDefault(opts.momentum, 0.1), { min: 0, max: 1 });
    this.affine = booleanOption(op, "options", "affine", opts.affine, false);
    this.trackRunningStats = booleanOption(op, "options", "trackRunningStats", opts.trackRunningStats, false);
    const dtype = opts.dtype ?? "float32";
    this.weight = underName("InstanceNorm2d", () => this.affine ? new Parameter(ones([numFeatures], { dtype })) : null);
    this.bias = underName("InstanceNorm2d", () => this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null);
    const track = this.trackRunningStats;
    this.registerBuffer("runningMean", track ? new Tensor(zeros([numFeatures], { dtype })) : null);
    this.registerBuffer("runningVar", track ? new Tensor(ones([numFeatures], { dtype })) : null);
    this.registerBuffer("numBatchesTracked", track ? new Tensor(zeros([], { dtype: "int32" })) : null);
  }

  /** Resets the running statistics to mean 0 and variance 1 (in place). */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    const dtype = this.runningMean!.dtype;
    this.runningMean!.data = zeros([this.numFeatures], { dtype });
    this.runningVar!.data = full([this.numFeatures], 1, { dtype });
    this.numBatchesTracked!.data = zeros([], { dtype: "int32" });
  }

  /**
   * Normalises each instance's channels: with their own statistics in training mode or
   * without running statistics, with the running ones in eval mode.
   * @param input - `(N, numFeatures, H, W)` or `(numFeatures, H, W)`
   * @returns the same shape
   * @throws ShapeError for a wrong rank or channel count; ValueError for a single spatial
   *   element when instance statistics are used (as PyTorch)
   */
  forward(input: Tensor): Tensor {
    const op = "InstanceNorm2d";
    const x = inputTensor(op, input);
    if ((x.ndim !== 3 && x.ndim !== 4) || x.shape[x.ndim - 3] !== this.numFeatures) {
      throw new ShapeError(op, `expected input (N, ${this.numFeatures}, H, W) or (${this.numFeatures}, H, W), got ${fmtShape(x.shape)}`, {
        shape: x.shape,
        numFeatures: this.numFeatures,
      });
    }
    const x4 = x.ndim === 4 ? x : reshape(x, [1, ...x.shape]);
    let y: Tensor;
    if (this.trackRunningStats && !this.training) {
      y = batchNormInference(x4, this.runningMean!, this.runningVar!, this.weight, this.bias, { eps: this.eps });
    } else {
      if (x4.shape[2]! * x4.shape[3]! <= 1) {
        throw new ValueError(op, `expected more than 1 spatial element to compute instance statistics, got input of shape ${fmtShape(x.shape)}`, { shape: x.shape });
      }
      if (this.trackRunningStats) this.#updateRunningStats(x4);
      y = groupNorm(x4, this.numFeatures, this.weight, this.bias, { eps: this.eps });
    }
    return x.ndim === 4 ? y : reshape(y, x.shape);
  }

  /** PyTorch's update: the batch average of each instance's mean and unbiased variance, from detached values. */
  #updateRunningStats(x4: Tensor): void {
    const [n, c] = x4.shape as [number, number];
    const flat = reshape(x4.detach(), [n, c, -1]);
    const m = this.momentum;
    const dtype = this.runningMean!.dtype;
    const instanceMean = mean(mean(flat, 2), 0).data;
    const instanceVar = mean(variance(flat, 2, { correction: 1 }), 0).data;
    this.runningMean!.data = add(mul(this.runningMean!.data, 1 - m), mul(instanceMean, m)).astype(dtype);
    this.runningVar!.data = add(mul(this.runningVar!.data, 1 - m), mul(instanceVar, m)).astype(dtype);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `numFeatures, eps=…, momentum=…, affine=…, trackRunningStats=…`
   */
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}
