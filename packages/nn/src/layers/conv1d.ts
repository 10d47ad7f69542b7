// Conv1d: the 1-D convolution layer (torch.nn.Conv1d), over sequences; its own file as every layer.
import { type Tensor, conv1d } from "@tsgrad/autograd";
import { ShapeError } from "@tsgrad/ndarray";
import { type OptionKeys, checkInteger, fmtShape, inputTensor } from "../checks.js";
import { CONV_KEYS, ConvBase, type ConvBaseOptions, samePaddingRules } from "./conv-base.js";


/**
 * Options of {@link Conv1d}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.Conv1dLayerOptions = { padding: "same", bias: false, seed: 0 };
 * new tg.nn.Conv1d(2, 4, 3, opts).forward(tg.zeros([1, 2, 10])).shape; // [1, 4, 10]
 * ```
 * @category Layers
 */
export interface Conv1dLayerOptions extends ConvBaseOptions {
  /** Step of the window (default 1). */
  stride?: number;
  /** Zeros added on each side (default 0), `"valid"` (none) or `"same"` (output length = input length; stride 1 only). */
  padding?: number | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
}

/**
 * 1-D convolution over an `(N, C, L)` input (`torch.nn.Conv1d`, zero padding): weight
 * `(outChannels, inChannels / groups, kernelSize)`, bias `(outChannels)` — PyTorch's
 * names and layouts, so state dicts map one to one. PyTorch's default initialisation:
 * weight and bias U(−1/√fanIn, 1/√fanIn) with fanIn = inChannels / groups · kernelSize,
 * drawn from `seed`/`generator` when given. An unbatched `(C, L)` input gives a
 * `(outChannels, L_out)` output.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const conv = new tg.nn.Conv1d(3, 8, 5, { padding: 2, seed: 0 });
 * conv.forward(tg.randn([2, 3, 20], { seed: 1 })).shape; // [2, 8, 20]
 * ```
 * @category Layers
 */
export class Conv1d extends ConvBase<number, number | "same" | "valid"> {
  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output (number of filters)
   * @param kernelSize - window size
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes, `groups` not dividing both channel counts, or `"same"` with a stride
   */
  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: Conv1dLayerOptions = {}) {
    super("Conv1d", inChannels, outChannels, kernelSize, opts, CONV_KEYS satisfies OptionKeys<Conv1dLayerOptions>, samePaddingRules(checkInteger));
  }

  /**
   * Convolves the input.
   * @param input - `(N, inChannels, L)` or unbatched `(inChannels, L)`
   * @returns `(N, outChannels, L_out)` (or `(outChannels, L_out)`)
   * @throws ShapeError for a wrong rank or channel count, or an input shorter than the dilated kernel
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Conv1d", input);
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[x.ndim - 2] !== this.inChannels) {
      throw new ShapeError("Conv1d", `expected input (N, ${this.inChannels}, L) or (${this.inChannels}, L), got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    const pad = typeof this.padding === "number" ? this.padding : 0;
    const span = this.dilation * (this.kernelSize - 1) + 1;
    if (this.padding !== "same" && x.shape[x.ndim - 1]! + 2 * pad < span) {
      throw new ShapeError("Conv1d", `input of shape ${fmtShape(x.shape)} is too short: length ${x.shape[x.ndim - 1]} with padding ${pad} is less than the dilated kernel size ${span}`, {
        shape: x.shape,
      });
    }
    return conv1d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}
