// Conv2d, the layer over the functional conv2d (weights, bias, PyTorch's initialisation): one layer
// per file, so each layer's options, checks and forward read on their own.
import { type Tensor, conv2d, reshape } from "@tsgrad/autograd";
import { type DType, ShapeError, type Size2d, ValueError, zeros } from "@tsgrad/ndarray";
import { type SeedOptions, calculateFanInAndFanOut, kaimingUniform, resolveSeed, uniform } from "../init.js";
import { checkBoolean, checkInteger, checkIntPair, checkOptions, describe, fmtShape, inputTensor, underName } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

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
export interface Conv2dLayerOptions extends SeedOptions {
  /** Step of the window along (height, width) (default 1). */
  stride?: Size2d;
  /** Zeros added on each side (default 0), `"valid"` (none) or `"same"` (output size = input size; stride 1 only). */
  padding?: Size2d | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2d;
  /** Split channels into this many independent convolutions (default 1; must divide both channel counts). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
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
export class Conv2d extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Window size `[kh, kw]`. */
  readonly kernelSize: readonly [number, number];
  /** Step `[sh, sw]`. */
  readonly stride: readonly [number, number];
  /** Padding `[ph, pw]`, `"same"` or `"valid"`. */
  readonly padding: readonly [number, number] | "same" | "valid";
  /** Dilation `[dh, dw]`. */
  readonly dilation: readonly [number, number];
  /** Number of channel groups. */
  readonly groups: number;
  /** The filters, `(outChannels, inChannels / groups, kh, kw)`. */
  weight: Parameter;
  /** The bias, `(outChannels)`, or null. */
  bias: Parameter | null;

  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output (number of filters)
   * @param kernelSize - window size: one number or `[height, width]`
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias`, `dtype`, `seed`/`generator`
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, opts: Conv2dLayerOptions = {}) {
    checkOptions("Conv2d", opts);
    super();
    this.inChannels = checkInteger("Conv2d", "arguments", "inChannels", inChannels, 1);
    this.outChannels = checkInteger("Conv2d", "arguments", "outChannels", outChannels, 1);
    this.kernelSize = checkIntPair("Conv2d", "arguments", "kernelSize", kernelSize, 1);
    this.stride = checkIntPair("Conv2d", "options", "stride", opts.stride ?? 1, 1);
    const padding = opts.padding ?? 0;
    this.padding = padding === "same" || padding === "valid" ? padding : checkIntPair("Conv2d", "options", "padding", padding, 0);
    this.dilation = checkIntPair("Conv2d", "options", "dilation", opts.dilation ?? 1, 1);
    this.groups = checkInteger("Conv2d", "options", "groups", opts.groups ?? 1, 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError("Conv2d", `groups=${this.groups} must divide inChannels=${inChannels} and outChannels=${outChannels}`, { groups: this.groups });
    }
    if (this.padding === "same" && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
      throw new ValueError("Conv2d", `padding "same" needs stride 1, got stride ${describe(opts.stride)}`, {});
    }
    const dtype = opts.dtype ?? "float32";
    const generator = resolveSeed("Conv2d", opts);
    const shape = [outChannels, inChannels / this.groups, this.kernelSize[0], this.kernelSize[1]];
    this.weight = underName("Conv2d", () => kaimingUniform(new Parameter(zeros(shape, { dtype })), { a: Math.sqrt(5), generator }));
    if (checkBoolean("Conv2d", "options", "bias", opts.bias ?? true)) {
      const bound = 1 / Math.sqrt(calculateFanInAndFanOut(shape).fanIn);
      this.bias = underName("Conv2d", () => uniform(new Parameter(zeros([outChannels], { dtype })), -bound, bound, { generator }));
    } else {
      this.bias = null;
    }
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

  /**
   * The settings shown by `toString()` (defaults omitted, as PyTorch).
   * @returns `in, out, kernelSize=[…], stride=[…][, padding=…][, dilation=…][, groups=…][, bias=false]`
   */
  override extraRepr(): string {
    const p = this.padding;
    let s = `${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}`;
    if (typeof p === "string") s += `, padding="${p}"`;
    else if (p[0] !== 0 || p[1] !== 0) s += `, padding=${fmtShape(p)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${fmtShape(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=false";
    return s;
  }
}
