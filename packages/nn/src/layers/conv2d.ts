// Conv2d, the layer over the functional conv2d (weights, bias, PyTorch's initialisation): one layer
// per file, so each layer's options, checks and forward read on their own.
import { type Tensor, conv2d, reshape } from "@tsgrad/autograd";
import { ShapeError, type Size2d } from "@tsgrad/ndarray";
import { type OptionKeys, checkIntPair, fmtShape, inputTensor } from "../checks.js";
import { CONV_KEYS, ConvBase, type ConvBaseOptions, samePaddingRules } from "./conv-base.js";


/**
 * Options of {@link Conv2d}.
 * @example
 * ```ts
 * import { type Conv2dLayerOptions, Conv2d } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const opts: Conv2dLayerOptions = { padding: "same", bias: false, seed: 0 };
 * new Conv2d(3, 8, 3, opts).forward(zeros([1, 3, 16, 16])).shape; // [1, 8, 16, 16]
 * ```
 * @category Layers
 */
export interface Conv2dLayerOptions extends ConvBaseOptions {
  /** Step of the window along (height, width) (default 1). */
  stride?: Size2d;
  /** Zeros added on each side (default 0), `"valid"` (none) or `"same"` (output size = input size; stride 1 only). */
  padding?: Size2d | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2d;
}

/**
 * 2-D convolution over an NCHW input (`torch.nn.Conv2d`, zero padding): weight
 * `(outChannels, inChannels / groups, kh, kw)`, bias `(outChannels)`. PyTorch's
 * default initialisation: weight and bias U(−1/√fanIn, 1/√fanIn) with
 * fanIn = inChannels / groups · kh · kw, drawn from `seed`/`generator` when given.
 * An unbatched `(C, H, W)` input gives a `(outChannels, OH, OW)` output.
 *
 * @example
 * ```ts
 * import { Conv2d } from "@tsgrad/nn";
 * import { randn } from "@tsgrad/autograd";
 * const conv = new Conv2d(3, 8, 3, { padding: 1, seed: 0 });
 * conv.forward(randn([2, 3, 16, 16], { seed: 1 })).shape; // [2, 8, 16, 16]
 * ```
 * @category Layers
 */
export class Conv2d extends ConvBase<readonly [number, number], readonly [number, number] | "same" | "valid"> {
  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output (number of filters)
   * @param kernelSize - window size: one number or `[height, width]`
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias`, `dtype`, `seed`/`generator`
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, opts: Conv2dLayerOptions = {}) {
    super("Conv2d", inChannels, outChannels, kernelSize, opts, CONV_KEYS satisfies OptionKeys<Conv2dLayerOptions>, samePaddingRules<readonly [number, number]>(checkIntPair));
  }

  /**
   * Convolves the input.
   * @param input - `(N, inChannels, H, W)` or unbatched `(inChannels, H, W)`
   * @returns `(N, outChannels, OH, OW)` (or `(outChannels, OH, OW)`)
   * @throws ShapeError for a wrong rank or channel count, or an empty output
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Conv2d", input);
    const batched = x.ndim === 4;
    if ((x.ndim !== 3 && x.ndim !== 4) || x.shape[x.ndim - 3] !== this.inChannels) {
      throw new ShapeError("Conv2d", `expected input (N, ${this.inChannels}, H, W) or (${this.inChannels}, H, W), got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    const x4 = batched ? x : reshape(x, [1, ...x.shape]);
    const y = conv2d(x4, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
    return batched ? y : reshape(y, y.shape.slice(1));
  }
}
