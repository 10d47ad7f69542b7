// MaxPool2d, the layer over the functional maxPool2d: one layer per file, so each layer's
// options, checks and forward read on their own.
import { type Tensor, maxPool2dWithIndices, reshape, tensor } from "@tsgrad/autograd";
import { ShapeError, type Size2d } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkIntPair, fmtShape, inputTensor, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { poolWindow } from "./pool-window.js";

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
export interface MaxPool2dLayerOptions<R extends boolean = false> {
  /** Step of the window (default: the kernel size, non-overlapping windows). */
  stride?: Size2d;
  /** Implicit −∞ padding on each side, at most half the kernel (default 0). */
  padding?: Size2d;
  /** Spacing between window taps (default 1). */
  dilation?: Size2d;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
  /**
   * Also return where each maximum is (PyTorch's `return_indices`; default false): `forward`
   * then gives `[values, indices]`, the indices an int32 Tensor of flat positions `h·W + w`
   * in each unpadded input plane, as PyTorch's.
   */
  returnIndices?: R;
}


/**
 * 2-D max pooling over an NCHW input (`torch.nn.MaxPool2d`): the largest value of each
 * window; the gradient goes to that position. An unbatched `(C, H, W)` input is accepted too.
 * With `returnIndices: true`, `forward` returns `[values, indices]` (typed so from the option).
 *
 * @example
 * ```ts
 * import { MaxPool2d } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new MaxPool2d(2).forward(tensor([[[[1, 9], [3, 4]]]])).toArray(); // [[[[9]]]]
 * const [values, indices] = new MaxPool2d(2, { returnIndices: true }).forward(tensor([[[[1, 9], [3, 4]]]]));
 * indices.toArray(); // [[[[1]]]]: row 0, column 1 of the 2×2 plane
 * ```
 * @category Layers
 */
export class MaxPool2d<R extends boolean = false> extends Module {
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
  /** Whether `forward` also returns the indices. */
  readonly returnIndices: R;

  /**
   * @param kernelSize - window size: one number or `[height, width]`
   * @param opts - `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`, `returnIndices`
   */
  constructor(kernelSize: Size2d, opts: MaxPool2dLayerOptions<R> = {}) {
    super();
    ({ kernelSize: this.kernelSize, stride: this.stride, padding: this.padding } = poolWindow("MaxPool2d", kernelSize, opts, KEYS, checkIntPair));
    this.dilation = checkIntPair("MaxPool2d", "options", "dilation", orDefault(opts.dilation, 1), 1);
    this.ceilMode = booleanOption("MaxPool2d", "options", "ceilMode", opts.ceilMode, false);
    this.returnIndices = booleanOption("MaxPool2d", "options", "returnIndices", opts.returnIndices, false) as R;
  }

  /**
   * Pools the input.
   * @param input - `(N, C, H, W)` or `(C, H, W)`
   * @returns `(N, C, OH, OW)` (or `(C, OH, OW)`); with `returnIndices`, `[values, indices]`
   * @throws ShapeError for a wrong rank or an empty output
   */
  forward(input: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const x = inputTensor("MaxPool2d", input);
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError("MaxPool2d", `expected input (N, C, H, W) or (C, H, W), got ${fmtShape(x.shape)}`, { shape: x.shape });
    const x4 = x.ndim === 4 ? x : reshape(x, [1, ...x.shape]);
    const pooled = maxPool2dWithIndices(x4, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
    const y = x.ndim === 4 ? pooled.values : reshape(pooled.values, pooled.values.shape.slice(1));
    if (!this.returnIndices) return y as R extends true ? [Tensor, Tensor] : Tensor;
    const indices = tensor(x.ndim === 4 ? pooled.indices : pooled.indices.reshape(y.shape));
    return [y, indices] as R extends true ? [Tensor, Tensor] : Tensor;
  }

  /**
   * The settings shown by `toString()`.
   * @returns `kernelSize=…, stride=…, padding=…, dilation=…, ceilMode=…`
   */
  override extraRepr(): string {
    return `kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, padding=${fmtShape(this.padding)}, dilation=${fmtShape(this.dilation)}, ceilMode=${this.ceilMode}`;
  }
}

/** The option names of {@link MaxPool2dLayerOptions}. */
const KEYS: OptionKeys<MaxPool2dLayerOptions<boolean>> = { stride: true, padding: true, dilation: true, ceilMode: true, returnIndices: true };
