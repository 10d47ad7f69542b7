// conv1d: PyTorch's F.conv1d as a composite — a conv2d over a height-1 image (the input and the
// kernel unsqueezed on axis 2) — so it inherits conv2d's kernels and vjps of every order.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { conv2d } from "../primitives/conv2d.js";
import { reshape } from "../primitives/reshape.js";
import { type OptionKeys, checkInteger, checkOptions, fmtShape, underName, isRecord } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link conv1d} (PyTorch's `F.conv1d` arguments).
 * @example
 * ```ts
 * import { type Conv1dOptions, conv1d, randn } from "tsgrad";
 * const opts: Conv1dOptions = { stride: 2, padding: 1 };
 * conv1d(randn([1, 2, 8], { seed: 0 }), randn([4, 2, 3], { seed: 1 }), null, opts).shape; // [1, 4, 4]
 * ```
 * @category Composite ops
 */
export interface Conv1dOptions {
  /** Step of the window (default 1). */
  stride?: number;
  /** Zeros added on each side (default 0), `"valid"` (none) or `"same"` (output length = input length; stride 1 only). */
  padding?: number | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
  /** Split channels into this many independent convolutions (default 1; must divide both channel counts). */
  groups?: number;
}

const CONV1D_KEYS: OptionKeys<Conv1dOptions> = { stride: true, padding: true, dilation: true, groups: true };

/** A 1-D size option (`n` or `[n]`) as an integer ≥ `min`. @internal */
export function size1d(op: string, name: string, v: unknown, fallback: number, min: number): number {
  const n = v === undefined ? fallback : Array.isArray(v) && v.length === 1 ? (v[0] as unknown) : v;
  return checkInteger(op, "options", name, n, min);
}

/**
 * 1-D convolution (cross-correlation, as every framework) with PyTorch's `F.conv1d`
 * semantics: input `(N, C_in, L)` or unbatched `(C_in, L)`, weight
 * `(C_out, C_in/groups, k)`, bias `(C_out)`; output length
 * `⌊(L + 2·pad − d·(k − 1) − 1) / stride⌋ + 1`. Composite: a {@link conv2d} of the
 * input and the kernel reshaped to height 1, so gradients of every order come from it.
 *
 * @param x - input `(N, C_in, L)` or `(C_in, L)`
 * @param weight - filters `(C_out, C_in/groups, k)`
 * @param bias - optional bias `(C_out)` (`null` or omitted for none)
 * @param opts - `stride`, `padding` (a number, `"same"` or `"valid"`), `dilation`, `groups`
 * @returns `(N, C_out, L_out)` (or `(C_out, L_out)`)
 * @throws ShapeError for wrong ranks or a channel mismatch; ValueError for bad options or an empty output
 * @example
 * ```ts
 * import { tensor, conv1d } from "tsgrad";
 * conv1d(tensor([[[1, 2, 3, 4]]]), tensor([[[1, -1]]])).toArray(); // [[[-1, -1, -1]]]
 * ```
 * @category Composite ops
 */
export function conv1d(x: Operand, weight: Operand, bias?: Operand | null, opts: Conv1dOptions = {}): Tensor {
  if (isRecord(bias)) {
    throw new T.ValueError("conv1d", `bias must be a Tensor, null or undefined, got an options object; options are the fourth argument: conv1d(x, weight, null, { … })`, {});
  }
  return underName("conv1d", () => {
    checkOptions("conv1d", opts, CONV1D_KEYS);
    const op = "conv1d";
    const vx = asTensor(x, tensorAmong(weight, bias), op);
    const vw = asTensor(weight, vx, op);
    if ((vx.ndim !== 2 && vx.ndim !== 3) || vw.ndim !== 3) {
      throw new T.ShapeError(op, `expected input (N, C_in, L) or (C_in, L) and weight (C_out, C_in/groups, k), got ${fmtShape(vx.shape)} and ${fmtShape(vw.shape)}`, {
        input: vx.shape,
        weight: vw.shape,
      });
    }
    const groups = size1d(op, "groups", opts.groups, 1, 1);
    const channels = vx.shape[vx.ndim - 2]!;
    if (channels !== vw.shape[1]! * groups) {
      throw new T.ShapeError(
        op,
        `input of shape ${fmtShape(vx.shape)} has ${channels} channels but weight of shape ${fmtShape(vw.shape)} with groups=${groups} expects ${vw.shape[1]! * groups}`,
        { input: vx.shape, weight: vw.shape, groups },
      );
    }
    const stride = size1d(op, "stride", opts.stride, 1, 1);
    const dilation = size1d(op, "dilation", opts.dilation, 1, 1);
    const p = opts.padding === undefined ? 0 : opts.padding;
    const pad = p === "same" || p === "valid" ? 0 : size1d(op, "padding", p, 0, 0);
    const padding: [number, number] | "same" = p === "same" ? p : [0, pad];
    if (padding === "same" && stride !== 1) throw new T.ValueError(op, `padding "same" needs stride 1, got stride ${stride}`, { stride });
    const length = vx.shape[vx.ndim - 1]!;
    const k = vw.shape[2]!;
    if (padding !== "same" && length + 2 * pad - dilation * (k - 1) - 1 < 0) {
      throw new T.ShapeError(
        op,
        `input of shape ${fmtShape(vx.shape)} is too short: length ${length} with padding ${pad} is less than the dilated kernel size ${dilation * (k - 1) + 1}`,
        { input: vx.shape, weight: vw.shape },
      );
    }
    const unbatched = vx.ndim === 2;
    const x4 = reshape(vx, [unbatched ? 1 : vx.shape[0]!, channels, 1, length]);
    const w4 = reshape(vw, [vw.shape[0]!, vw.shape[1]!, 1, k]);
    const y = conv2d(x4, w4, bias, { stride: [1, stride], padding, dilation: [1, dilation], groups });
    return reshape(y, unbatched ? [y.shape[1]!, y.shape[3]!] : [y.shape[0]!, y.shape[1]!, y.shape[3]!]);
  });
}
