// AvgPool2d, the layer over the functional avgPool2d: one layer per file, so each layer's
// options, checks and forward read on their own.
import { type Tensor, avgPool2d, reshape } from "@tsgrad/autograd";
import { ShapeError, type Size2d } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkIntPair, fmtShape, inputTensor } from "../checks.js";
import { Module } from "../module.js";
import { poolWindow } from "./pool-window.js";

/**
 * Options of {@link AvgPool2d}.
 * @example
 * ```ts
 * import { type AvgPool2dLayerOptions, AvgPool2d } from "@tsgrad/nn";
 * import { ones } from "@tsgrad/autograd";
 * const opts: AvgPool2dLayerOptions = { stride: 1, padding: 1 };
 * new AvgPool2d(3, opts).forward(ones([1, 1, 3, 3])).toArray(); // corners 4/9: padded zeros count
 * ```
 * @category Layers
 */
export interface AvgPool2dLayerOptions {
  /** Step of the window (default: the kernel size, non-overlapping windows). */
  stride?: Size2d;
  /** Zero padding on each side, at most half the kernel (default 0). */
  padding?: Size2d;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
  /** Count padded zeros in each window's divisor (PyTorch's `count_include_pad`; default true). */
  countIncludePad?: boolean;
}

/** The option names of {@link AvgPool2dLayerOptions}. */
const KEYS: OptionKeys<AvgPool2dLayerOptions> = { stride: true, padding: true, ceilMode: true, countIncludePad: true };

/**
 * 2-D average pooling over an NCHW input (`torch.nn.AvgPool2d`, with its defaults
 * `ceilMode: false`, `countIncludePad: true`): the mean of each window. An unbatched
 * `(C, H, W)` input is accepted too.
 *
 * @example
 * ```ts
 * import { AvgPool2d } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new AvgPool2d(2).forward(tensor([[[[1, 2], [3, 6]]]])).toArray(); // [[[[3]]]]
 * ```
 * @category Layers
 */
export class AvgPool2d extends Module {
  /** Window size `[kh, kw]`. */
  readonly kernelSize: readonly [number, number];
  /** Step `[sh, sw]`. */
  readonly stride: readonly [number, number];
  /** Padding `[ph, pw]`. */
  readonly padding: readonly [number, number];
  /** Whether a last, partial window is pooled. */
  readonly ceilMode: boolean;
  /** Whether padded zeros count in the divisor. */
  readonly countIncludePad: boolean;

  /**
   * @param kernelSize - window size: one number or `[height, width]`
   * @param opts - `stride` (default `kernelSize`), `padding`, `ceilMode`, `countIncludePad`
   */
  constructor(kernelSize: Size2d, opts: AvgPool2dLayerOptions = {}) {
    super();
    ({ kernelSize: this.kernelSize, stride: this.stride, padding: this.padding } = poolWindow("AvgPool2d", kernelSize, opts, KEYS, checkIntPair));
    this.ceilMode = booleanOption("AvgPool2d", "options", "ceilMode", opts.ceilMode, false);
    this.countIncludePad = booleanOption("AvgPool2d", "options", "countIncludePad", opts.countIncludePad, true);
  }

  /**
   * Pools the input.
   * @param input - `(N, C, H, W)` or `(C, H, W)`
   * @returns `(N, C, OH, OW)` (or `(C, OH, OW)`)
   * @throws ShapeError for a wrong rank or an empty output
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("AvgPool2d", input);
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError("AvgPool2d", `expected input (N, C, H, W) or (C, H, W), got ${fmtShape(x.shape)}`, { shape: x.shape });
    const x4 = x.ndim === 4 ? x : reshape(x, [1, ...x.shape]);
    const y = avgPool2d(x4, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
    });
    return x.ndim === 4 ? y : reshape(y, y.shape.slice(1));
  }

  /**
   * The settings shown by `toString()`.
   * @returns `kernelSize=…, stride=…, padding=…, ceilMode=…, countIncludePad=…`
   */
  override extraRepr(): string {
    const flags = `ceilMode=${this.ceilMode}, countIncludePad=${this.countIncludePad}`;
    return `kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, padding=${fmtShape(this.padding)}, ${flags}`;
  }
}
