// GroupNorm, normalisation over groups of channels per sample (torch.nn.GroupNorm): one layer per
// file, so each layer's options, checks and forward read on their own.
import { type Tensor, groupNorm } from "@tsgrad/autograd";
import { type DType, ShapeError, ValueError, ones, zeros } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, checkNumber, checkOptions, fmtShape, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * Options of {@link GroupNorm}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.GroupNormOptions = { eps: 1e-6, affine: false };
 * new tg.nn.GroupNorm(2, 4, opts).parameters().length; // 0
 * ```
 * @category Normalization
 */
export interface GroupNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-channel scale (`weight`, ones) and shift (`bias`, zeros) (default true). */
  affine?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/** The option names of {@link GroupNormOptions}. */
const KEYS: OptionKeys<GroupNormOptions> = { eps: true, affine: true, dtype: true };

/**
 * Group normalisation (`torch.nn.GroupNorm`, Wu & He 2018): the `numChannels` channels of
 * each sample are split into `numGroups` groups of consecutive channels; each group is
 * normalised with its own mean and biased variance over its channels and positions, then
 * scaled and shifted per channel by `weight` and `bias` (shape `(numChannels)`, PyTorch's
 * names). Independent of the batch size, and the same in training and eval mode.
 * `numGroups = 1` normalises each sample as a whole; `numGroups = numChannels` is an
 * instance norm with affine parameters.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const gn = new tg.nn.GroupNorm(4, 16);
 * gn.forward(tg.randn([2, 16, 8, 8], { seed: 0 })).shape; // [2, 16, 8, 8]
 * ```
 * @category Normalization
 */
export class GroupNorm extends Module {
  /** Number of groups. */
  readonly numGroups: number;
  /** Number of channels C the input must have. */
  readonly numChannels: number;
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Per-channel scale, `(numChannels)` (starts at 1), or null. */
  weight: Parameter | null;
  /** Per-channel shift, `(numChannels)` (starts at 0), or null. */
  bias: Parameter | null;

  /**
   * @param numGroups - number of groups; must divide `numChannels`
   * @param numChannels - C, the channels of the input
   * @param opts - `eps` (default 1e-5), `affine` (default true), `dtype`
   * @throws ValueError when `numChannels` is not divisible by `numGroups`, or for bad options
   */
  constructor(numGroups: number, numChannels: number, opts: GroupNormOptions = {}) {
    checkOptions("GroupNorm", opts, KEYS);
    super();
    const op = "GroupNorm";
    this.numGroups = checkInteger(op, "arguments", "numGroups", numGroups, 1);
    this.numChannels = checkInteger(op, "arguments", "numChannels", numChannels, 1);
    if (numChannels % numGroups !== 0) {
      throw new ValueError(op, `numChannels=${numChannels} is not divisible by numGroups=${numGroups}`, { numGroups, numChannels });
    }
    this.eps = checkNumber(op, "options", "eps", orDefault(opts.eps, 1e-5), { min: 0 });
    this.affine = booleanOption(op, "options", "affine", opts.affine, true);
    const dtype = opts.dtype ?? "float32";
    this.weight = underName("GroupNorm", () => this.affine ? new Parameter(ones([numChannels], { dtype })) : null);
    this.bias = underName("GroupNorm", () => this.affine ? new Parameter(zeros([numChannels], { dtype })) : null);
  }

  /**
   * Normalises the input.
   * @param input - `(N, numChannels, *)`
   * @returns the same shape
   * @throws ShapeError for an input of rank below 2 or with another channel count
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("GroupNorm", input);
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError("GroupNorm", `expected input (N, ${this.numChannels}, *) with C = numChannels = ${this.numChannels}, got ${fmtShape(x.shape)}`, {
        shape: x.shape,
        numChannels: this.numChannels,
      });
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, { eps: this.eps });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `numGroups, numChannels, eps=…, affine=…`
   */
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
  }
}
