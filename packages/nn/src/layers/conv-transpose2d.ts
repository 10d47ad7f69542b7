// ConvTranspose2d: the transposed 2-D convolution layer (torch.nn.ConvTranspose2d) over the
// functional convTranspose2d; its own file as every layer.
import { type Tensor, convTranspose2d, reshape } from "@tsgrad/autograd";
import { ShapeError, type Size2d, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkIntPair, describe, fmtShape, inputTensor, orDefault } from "../checks.js";
import { CONV_KEYS, ConvBase, type ConvBaseOptions, type ConvRules } from "./conv-base.js";

/** ConvTranspose2d's sizes and padding are integers or pairs; its weight is transposed. */
const RULES: ConvRules<readonly [number, number], readonly [number, number]> = {
  size: checkIntPair,
  padding: (op, p) => checkIntPair(op, "options", "padding", p, 0),
  transposed: true,
};

/** The output padding: an integer ≥ 0 or a pair of them, each smaller than the stride. */
function checkOutputPadding(value: unknown, stride: readonly [number, number]): [number, number] {
  const op = "ConvTranspose2d";
  const outputPadding = checkIntPair(op, "options", "outputPadding", value, 0);
  if (outputPadding[0] >= stride[0] || outputPadding[1] >= stride[1]) {
    throw new ValueError(op, `outputPadding ${fmtShape(outputPadding)} must be smaller than the stride ${fmtShape(stride)}`, { outputPadding });
  }
  return outputPadding;
}

/**
 * Options of {@link ConvTranspose2d}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // Doubles the resolution: stride 2, with outputPadding 1 to land on exactly 2·H.
 * const opts: tg.nn.ConvTranspose2dLayerOptions = { stride: 2, padding: 1, outputPadding: 1, seed: 0 };
 * new tg.nn.ConvTranspose2d(4, 2, 3, opts).forward(tg.zeros([1, 4, 5, 5])).shape; // [1, 2, 10, 10]
 * ```
 * @category Layers
 */
export interface ConvTranspose2dLayerOptions extends ConvBaseOptions {
  /** Stride of the convolution this one transposes (default 1). */
  stride?: Size2d;
  /** Padding of the convolution this one transposes: removed from each side of the output (default 0). */
  padding?: Size2d;
  /** Extra rows/columns at the bottom/right of the output, each smaller than the stride (default 0). */
  outputPadding?: Size2d;
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2d;
}

/** The option names of {@link ConvTranspose2dLayerOptions}. */
const KEYS: OptionKeys<ConvTranspose2dLayerOptions> = { ...CONV_KEYS, outputPadding: true };

/**
 * Transposed 2-D convolution over an NCHW input (`torch.nn.ConvTranspose2d`, the gradient
 * of a {@link Conv2d} with respect to its input — "deconvolution" in decoders and U-Nets):
 * weight `(inChannels, outChannels / groups, kh, kw)`, bias `(outChannels)`, as PyTorch,
 * so state dicts map one to one. Output size
 * `(H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1`. PyTorch's default
 * initialisation: U(−1/√fanIn, 1/√fanIn) with fanIn = outChannels / groups · kh · kw (the
 * weight's second axis, as PyTorch computes it). An unbatched `(C, H, W)` input is accepted.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const up = new tg.nn.ConvTranspose2d(8, 4, 2, { stride: 2, seed: 0 });
 * up.forward(tg.randn([1, 8, 6, 6], { seed: 1 })).shape;           // [1, 4, 12, 12]
 * up.forward(tg.randn([1, 8, 6, 6], { seed: 1 }), [12, 12]).shape; // the same, sized explicitly
 * ```
 * @category Layers
 */
export class ConvTranspose2d extends ConvBase<readonly [number, number], readonly [number, number]> {
  /** Output padding `[oph, opw]`. */
  readonly outputPadding: readonly [number, number];

  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output
   * @param kernelSize - window size: one number or `[height, width]`
   * @param opts - `stride`, `padding`, `outputPadding`, `groups`, `bias`, `dilation`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes, `groups` not dividing both channel counts, or an
   *   `outputPadding` not smaller than the stride
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, opts: ConvTranspose2dLayerOptions = {}) {
    let outputPadding: readonly [number, number] = [0, 0];
    super("ConvTranspose2d", inChannels, outChannels, kernelSize, opts, KEYS, RULES, (layer) => {
      outputPadding = checkOutputPadding(orDefault(opts.outputPadding, 0), layer.stride);
    });
    this.outputPadding = outputPadding;
  }

  /**
   * Applies the transposed convolution.
   * @param input - `(N, inChannels, H, W)` or unbatched `(inChannels, H, W)`
   * @param outputSize - optional `[OH, OW]` (or a full output shape, whose last two entries
   *   count): picks the output padding, as PyTorch's `output_size`; must lie between the
   *   smallest output size and that plus `stride − 1`
   * @returns `(N, outChannels, OH, OW)` (or `(outChannels, OH, OW)`)
   * @throws ShapeError for a wrong rank or channel count; ValueError for an unreachable `outputSize`
   */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    const op = "ConvTranspose2d";
    const x = inputTensor(op, input);
    if ((x.ndim !== 3 && x.ndim !== 4) || x.shape[x.ndim - 3] !== this.inChannels) {
      throw new ShapeError(op, `expected input (N, ${this.inChannels}, H, W) or (${this.inChannels}, H, W), got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    const batched = x.ndim === 4;
    const x4 = batched ? x : reshape(x, [1, ...x.shape]);
    const outputPadding = outputSize === undefined ? this.outputPadding : this.#outputPaddingFor(x4.shape, outputSize);
    const y = convTranspose2d(x4, this.weight, this.bias, {
      stride: [...this.stride] as [number, number],
      padding: [...this.padding] as [number, number],
      outputPadding,
      dilation: [...this.dilation] as [number, number],
      groups: this.groups,
    });
    return batched ? y : reshape(y, y.shape.slice(1));
  }

  /** PyTorch's `_output_padding`: the padding that gives the requested output size. */
  #outputPaddingFor(inputShape: readonly number[], outputSize: readonly number[]): [number, number] {
    const op = "ConvTranspose2d";
    if (!Array.isArray(outputSize) || outputSize.length < 2 || outputSize.length > 4 || !outputSize.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ValueError(op, `outputSize must be [OH, OW] (optionally with the leading N and C), got ${describe(outputSize)}`, { outputSize });
    }
    const size = outputSize.slice(-2);
    const out: [number, number] = [0, 0];
    for (const i of [0, 1]) {
      const smallest = (inputShape[2 + i]! - 1) * this.stride[i]! - 2 * this.padding[i]! + this.dilation[i]! * (this.kernelSize[i]! - 1) + 1;
      const largest = smallest + this.stride[i]! - 1;
      if (size[i]! < smallest || size[i]! > largest) {
        throw new ValueError(
          op,
          `requested output size ${fmtShape(size)} is not reachable from input ${fmtShape(inputShape)}: axis ${i} must be in [${smallest}, ${largest}]`,
          { outputSize, inputShape },
        );
      }
      out[i] = size[i]! - smallest;
    }
    return out;
  }

  /**
   * The settings `toString()` shows when they differ from their defaults.
   * @returns the padding, output padding and dilation
   */
  protected override reprSettings(): [string, unknown, number][] {
    return [
      ["padding", this.padding, 0],
      ["outputPadding", this.outputPadding, 0],
      ["dilation", this.dilation, 1],
    ];
  }
}
