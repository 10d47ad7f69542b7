import { type Tensor, maxPool2d, reshape } from "@tsgrad/autograd";
import { ShapeError, type Size2d } from "@tsgrad/ndarray";
import { fmtShape, pair, inputTensor } from "../internal.js";
import { Module } from "../module.js";
import { checkBoolean } from "../optim/validate.js";

/**
 * Options of {@link MaxPool2d}.
 * @example
 * ```ts
 * import { type MaxPool2dLayerOptions, MaxPool2d } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const overlapping: MaxPool2dLayerOptions = { stride: 2, padding: 1 };
 * new MaxPool2d(3, overlapping).forward(zeros([1, 1, 8, 8])).shape; // [1, 1, 4, 4]
 * ```
 * @category Layers
 */
export interface MaxPool2dLayerOptions {
  /** Step of the window (default: the kernel size, non-overlapping windows). */
  stride?: Size2d;
  /** Implicit −∞ padding on each side, at most half the kernel (default 0). */
  padding?: Size2d;
  /** Spacing between window taps (default 1). */
  dilation?: Size2d;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
}

/**
 * 2-D max pooling over an NCHW input (`torch.nn.MaxPool2d`): the largest value of each
 * window; the gradient goes to that position. An unbatched `(C, H, W)` input is accepted too.
 *
 * @example
 * ```ts
 * import { MaxPool2d } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new MaxPool2d(2).forward(tensor([[[[1, 9], [3, 4]]]])).toArray(); // [[[[9]]]]
 * ```
 * @category Layers
 */
export class MaxPool2d extends Module {
  /** Window size `[kh, kw]`. */
  readonly kernelSize: readonly [number, number];
  /** Step `[sh, sw]`. */
  readonly stride: readonly [number, number];
  /** Padding `[ph, pw]`. */
  readonly padding: readonly [number, number];
  /** Dilation `[dh, dw]`. */
  readonly dilation: readonly [number, number];
  /** Whether a last, partial window is pooled. */
  readonly ceilMode: boolean;

  /**
   * @param kernelSize - window size: one number or `[height, width]`
   * @param opts - `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`
   */
  constructor(kernelSize: Size2d, opts: MaxPool2dLayerOptions = {}) {
    super();
    this.kernelSize = pair("MaxPool2d", "kernelSize", kernelSize, 1);
    this.stride = pair("MaxPool2d", "stride", opts.stride ?? this.kernelSize, 1);
    this.padding = pair("MaxPool2d", "padding", opts.padding ?? 0, 0);
    this.dilation = pair("MaxPool2d", "dilation", opts.dilation ?? 1, 1);
    this.ceilMode = checkBoolean("MaxPool2d", "options", "ceilMode", opts.ceilMode ?? false);
  }

  /**
   * Pools the input.
   * @param input - `(N, C, H, W)` or `(C, H, W)`
   * @returns `(N, C, OH, OW)` (or `(C, OH, OW)`)
   * @throws ShapeError for a wrong rank or an empty output
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("MaxPool2d", input);
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError("MaxPool2d", `expected input (N, C, H, W) or (C, H, W), got ${fmtShape(x.shape)}`, { shape: x.shape });
    const x4 = x.ndim === 4 ? x : reshape(x, [1, ...x.shape]);
    const y = maxPool2d(x4, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
    return x.ndim === 4 ? y : reshape(y, y.shape.slice(1));
  }

  /**
   * The settings shown by `toString()`.
   * @returns `kernelSize=…, stride=…, padding=…, dilation=…, ceilMode=…`
   */
  override extraRepr(): string {
    return `kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, padding=${fmtShape(this.padding)}, dilation=${fmtShape(this.dilation)}, ceilMode=${this.ceilMode}`;
  }
}
