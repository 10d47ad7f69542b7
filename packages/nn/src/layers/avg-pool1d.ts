// AvgPool1d: 1-D average pooling (torch.nn.AvgPool1d) over the functional avgPool1d; its own file as every layer.
import { type Tensor, avgPool1d } from "@tsgrad/autograd";
import { ShapeError } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, fmtShape, inputTensor } from "../checks.js";
import { Module } from "../module.js";
import { poolWindow } from "./pool-window.js";

/**
 * Options of {@link AvgPool1d}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.AvgPool1dLayerOptions = { stride: 1, padding: 1, countIncludePad: false };
 * new tg.nn.AvgPool1d(3, opts).forward(tg.ones([1, 1, 4])).toArray(); // [[[1, 1, 1, 1]]]
 * ```
 * @category Layers
 */
export interface AvgPool1dLayerOptions {
  /** Step of the window (default: the kernel size, non-overlapping windows). */
  stride?: number;
  /** Zero padding on each side, at most half the kernel (default 0). */
  padding?: number;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
  /** Count padded zeros in each window's divisor (PyTorch's `count_include_pad`; default true). */
  countIncludePad?: boolean;
}

/** The option names of {@link AvgPool1dLayerOptions}. */
const KEYS: OptionKeys<AvgPool1dLayerOptions> = { stride: true, padding: true, ceilMode: true, countIncludePad: true };

/**
 * 1-D average pooling over an `(N, C, L)` input (`torch.nn.AvgPool1d`, with its defaults
 * `ceilMode: false`, `countIncludePad: true`): the mean of each window. An unbatched
 * `(C, L)` input is accepted too.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.AvgPool1d(2).forward(tg.tensor([[[1, 3, 5, 7]]])).toArray(); // [[[2, 6]]]
 * ```
 * @category Layers
 */
export class AvgPool1d extends Module {
  /** Window size. */
  readonly kernelSize: number;
  /** Step. */
  readonly stride: number;
  /** Padding on each side. */
  readonly padding: number;
  /** Whether a last, partial window is pooled. */
  readonly ceilMode: boolean;
  /** Whether padded zeros count in the divisor. */
  readonly countIncludePad: boolean;

  /**
   * @param kernelSize - window size
   * @param opts - `stride` (default `kernelSize`), `padding`, `ceilMode`, `countIncludePad`
   * @throws ValueError for bad sizes
   */
  constructor(kernelSize: number, opts: AvgPool1dLayerOptions = {}) {
    super();
    const op = "AvgPool1d";
    ({ kernelSize: this.kernelSize, stride: this.stride, padding: this.padding } = poolWindow(op, kernelSize, opts, KEYS, checkInteger));
    this.ceilMode = booleanOption(op, "options", "ceilMode", opts.ceilMode, false);
    this.countIncludePad = booleanOption(op, "options", "countIncludePad", opts.countIncludePad, true);
  }

  /**
   * Pools the input.
   * @param input - `(N, C, L)` or `(C, L)`
   * @returns `(N, C, L_out)` (or `(C, L_out)`)
   * @throws ShapeError for a wrong rank or an empty output
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("AvgPool1d", input);
    if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError("AvgPool1d", `expected input (N, C, L) or (C, L), got ${fmtShape(x.shape)}`, { shape: x.shape });
    return avgPool1d(x, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
    });
  }

  /**
   * The settings shown by `toString()`.
   * @returns `kernelSize=…, stride=…, padding=…, ceilMode=…, countIncludePad=…`
   */
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, ceilMode=${this.ceilMode}, countIncludePad=${this.countIncludePad}`;
  }
}
