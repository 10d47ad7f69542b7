// MaxPool1d: 1-D max pooling (torch.nn.MaxPool1d) over the functional maxPool1d; its own file as every layer.
import { type Tensor, maxPool1dWithIndices, tensor } from "@tsgrad/autograd";
import { ShapeError } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, fmtShape, inputTensor, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { poolWindow } from "./pool-window.js";

/**
 * Options of {@link MaxPool1d}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.MaxPool1dLayerOptions<true> = { stride: 1, returnIndices: true };
 * const [values, indices] = new tg.nn.MaxPool1d(2, opts).forward(tg.tensor([[[1, 5, 2]]]));
 * [values.toArray(), indices.toArray()]; // [[[[5, 5]]], [[[1, 1]]]]
 * ```
 * @category Layers
 */
export interface MaxPool1dLayerOptions<R extends boolean = false> {
  /** Step of the window (default: the kernel size, non-overlapping windows). */
  stride?: number;
  /** Implicit −∞ padding on each side, at most half the kernel (default 0). */
  padding?: number;
  /** Spacing between window taps (default 1). */
  dilation?: number;
  /** Also pool a last, partial window past the input's end (PyTorch's `ceil_mode`; default false). */
  ceilMode?: boolean;
  /** Also return where each maximum is, as an int32 Tensor of positions along L (PyTorch's `return_indices`; default false). */
  returnIndices?: R;
}


/**
 * 1-D max pooling over an `(N, C, L)` input (`torch.nn.MaxPool1d`): the largest value of
 * each window; the gradient goes to that position. An unbatched `(C, L)` input is accepted
 * too. With `returnIndices: true`, `forward` returns `[values, indices]`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.MaxPool1d(2).forward(tg.tensor([[[1, 9, 3, 4]]])).toArray(); // [[[9, 4]]]
 * ```
 * @category Layers
 */
export class MaxPool1d<R extends boolean = false> extends Module {
  /** Window size. */
  readonly kernelSize: number;
  /** Step. */
  readonly stride: number;
  /** Padding on each side. */
  readonly padding: number;
  /** Dilation. */
  readonly dilation: number;
  /** Whether a last, partial window is pooled. */
  readonly ceilMode: boolean;
  /** Whether `forward` also returns the indices. */
  readonly returnIndices: R;

  /**
   * @param kernelSize - window size
   * @param opts - `stride` (default `kernelSize`), `padding`, `dilation`, `ceilMode`, `returnIndices`
   * @throws ValueError for bad sizes
   */
  constructor(kernelSize: number, opts: MaxPool1dLayerOptions<R> = {}) {
    super();
    const op = "MaxPool1d";
    ({ kernelSize: this.kernelSize, stride: this.stride, padding: this.padding } = poolWindow(op, kernelSize, opts, KEYS, checkInteger));
    this.dilation = checkInteger(op, "options", "dilation", orDefault(opts.dilation, 1), 1);
    this.ceilMode = booleanOption(op, "options", "ceilMode", opts.ceilMode, false);
    this.returnIndices = booleanOption(op, "options", "returnIndices", opts.returnIndices, false) as R;
  }

  /**
   * Pools the input.
   * @param input - `(N, C, L)` or `(C, L)`
   * @returns `(N, C, L_out)` (or `(C, L_out)`); with `returnIndices`, `[values, indices]`
   * @throws ShapeError for a wrong rank or an empty output
   */
  forward(input: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const x = inputTensor("MaxPool1d", input);
    if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError("MaxPool1d", `expected input (N, C, L) or (C, L), got ${fmtShape(x.shape)}`, { shape: x.shape });
    const { values, indices } = maxPool1dWithIndices(x, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    });
    return (this.returnIndices ? [values, tensor(indices)] : values) as R extends true ? [Tensor, Tensor] : Tensor;
  }

  /**
   * The settings shown by `toString()`.
   * @returns `kernelSize=…, stride=…, padding=…, dilation=…, ceilMode=…`
   */
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, dilation=${this.dilation}, ceilMode=${this.ceilMode}`;
  }
}

/** The option names of {@link MaxPool1dLayerOptions}. */
const KEYS: OptionKeys<MaxPool1dLayerOptions<boolean>> = { stride: true, padding: true, dilation: true, ceilMode: true, returnIndices: true };
