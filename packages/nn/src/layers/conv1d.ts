// Conv1d: the 1-D convolution layer (torch.nn.Conv1d), over sequences; its own file as every layer.
import { type Tensor, conv1d } from "@tsgrad/autograd";
import { type DType, ShapeError, ValueError, zeros } from "@tsgrad/ndarray";
import { type SeedOptions, calculateFanInAndFanOut, kaimingUniform, resolveSeed, uniform } from "../init.js";
import { checkBoolean, checkInteger, checkOptions, fmtShape, inputTensor, underName } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

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
export interface Conv1dLayerOptions extends SeedOptions {
  /** Step of the window (default 1). */
  stride?: number;
  /** Zeros added on each side (default 0), `"valid"` (none) or `"same"` (output length = input length; stride 1 only). */
  padding?: number | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
  /** Split channels into this many independent convolutions (default 1; must divide both channel counts). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
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
export class Conv1d extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Window size. */
  readonly kernelSize: number;
  /** Step. */
  readonly stride: number;
  /** Padding on each side, `"same"` or `"valid"`. */
  readonly padding: number | "same" | "valid";
  /** Dilation. */
  readonly dilation: number;
  /** Number of channel groups. */
  readonly groups: number;
  /** The filters, `(outChannels, inChannels / groups, kernelSize)`. */
  weight: Parameter;
  /** The bias, `(outChannels)`, or null. */
  bias: Parameter | null;

  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output (number of filters)
   * @param kernelSize - window size
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes, `groups` not dividing both channel counts, or `"same"` with a stride
   */
  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: Conv1dLayerOptions = {}) {
    checkOptions("Conv1d", opts);
    super();
    const op = "Conv1d";
    this.inChannels = checkInteger(op, "arguments", "inChannels", inChannels, 1);
    this.outChannels = checkInteger(op, "arguments", "outChannels", outChannels, 1);
    this.kernelSize = checkInteger(op, "arguments", "kernelSize", kernelSize, 1);
    this.stride = checkInteger(op, "options", "stride", opts.stride ?? 1, 1);
    const padding = opts.padding ?? 0;
    this.padding = padding === "same" || padding === "valid" ? padding : checkInteger(op, "options", "padding", padding, 0);
    this.dilation = checkInteger(op, "options", "dilation", opts.dilation ?? 1, 1);
    this.groups = checkInteger(op, "options", "groups", opts.groups ?? 1, 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(op, `groups=${this.groups} must divide inChannels=${inChannels} and outChannels=${outChannels}`, { groups: this.groups });
    }
    if (this.padding === "same" && this.stride !== 1) throw new ValueError(op, `padding "same" needs stride 1, got stride ${this.stride}`, {});
    const dtype = opts.dtype ?? "float32";
    const generator = resolveSeed(op, opts);
    const shape = [outChannels, inChannels / this.groups, kernelSize];
    this.weight = underName("Conv1d", () => kaimingUniform(new Parameter(zeros(shape, { dtype })), { a: Math.sqrt(5), generator }));
    if (checkBoolean("Conv1d", "options", "bias", opts.bias ?? true)) {
      const bound = 1 / Math.sqrt(calculateFanInAndFanOut(shape).fanIn);
      this.bias = underName("Conv1d", () => uniform(new Parameter(zeros([outChannels], { dtype })), -bound, bound, { generator }));
    } else {
      this.bias = null;
    }
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

  /**
   * The settings shown by `toString()` (defaults omitted, as PyTorch).
   * @returns `in, out, kernelSize=…, stride=…[, padding=…][, dilation=…][, groups=…][, bias=false]`
   */
  override extraRepr(): string {
    const p = this.padding;
    let s = `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.stride}`;
    if (typeof p === "string") s += `, padding="${p}"`;
    else if (p !== 0) s += `, padding=${p}`;
    if (this.dilation !== 1) s += `, dilation=${this.dilation}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=false";
    return s;
  }
}
