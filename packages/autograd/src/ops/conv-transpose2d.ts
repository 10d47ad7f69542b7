// convTranspose2d, the transposed 2-D convolution, as a composite of the conv2d primitives;
// one op per file as in the rest of ops/.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "../primitives/add.js";
import { conv2dInputGrad } from "../primitives/conv2d.js";
import { reshape } from "../primitives/reshape.js";
import { type OptionKeys, checkIntPair, checkOptions, fmtShape, isRecord, underName } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link convTranspose2d} (PyTorch's `F.conv_transpose2d` arguments).
 * @example
 * ```ts
 * import { type ConvTranspose2dOptions, convTranspose2d, tensor } from "@tsgrad/autograd";
 * import { ones } from "@tsgrad/ndarray";
 * const opts: ConvTranspose2dOptions = { stride: 2, padding: 1, outputPadding: 1 };
 * convTranspose2d(tensor(ones([1, 4, 4, 4])), ones([4, 2, 3, 3]), null, opts).shape; // [1, 2, 8, 8]
 * ```
 * @category Composite ops
 */
export interface ConvTranspose2dOptions {
  /** Stride of the convolution this one transposes (default 1). */
  stride?: T.Size2d;
  /** Padding of the convolution this one transposes: removed from each side of the output (default 0). */
  padding?: T.Size2d;
  /** Extra rows/columns added at the bottom/right of the output, each smaller than the stride (default 0). */
  outputPadding?: T.Size2d;
  /** Dilation of the kernel (default 1). */
  dilation?: T.Size2d;
  /** Channel groups (default 1). */
  groups?: number;
}

const CONV_TRANSPOSE2D_KEYS: OptionKeys<ConvTranspose2dOptions> = { stride: true, padding: true, outputPadding: true, dilation: true, groups: true };

function pairOf(op: string, name: string, v: T.Size2d | undefined, fallback: number): [number, number] {
  return checkIntPair(op, "options", name, v === undefined ? fallback : v, 0);
}

/**
 * Transposed 2-D convolution ("deconvolution") with PyTorch's `F.conv_transpose2d`
 * semantics: the gradient of a {@link conv2d} with respect to its input, applied to
 * `x`. Weight layout `(C_in, C_out/groups, kh, kw)`; output size
 * `(H − 1)·s − 2·pad + d·(kh − 1) + outputPadding + 1`. Composite of
 * {@link conv2dInputGrad} and a broadcast `add` of the bias.
 *
 * @param x - input `(N, C_in, H, W)`
 * @param weight - filters `(C_in, C_out/groups, kh, kw)`
 * @param bias - optional bias `(C_out)` (`null` or omitted for none)
 * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`
 * @returns `(N, C_out, H_out, W_out)`
 * @throws ShapeError for wrong ranks or a channel mismatch; ValueError when `outputPadding` is not smaller than the stride
 * @example
 * ```ts
 * import { tensor, convTranspose2d } from "@tsgrad/autograd";
 * import { ones } from "@tsgrad/ndarray";
 * convTranspose2d(tensor(ones([1, 1, 2, 2])), ones([1, 1, 2, 2])).data.toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 * @category Composite ops
 */
export function convTranspose2d(x: Operand, weight: Operand, bias?: Operand | null, opts: ConvTranspose2dOptions = {}): Tensor {
  return underName("convTranspose2d", () => {
    if (isRecord(bias)) {
      throw new T.ValueError("convTranspose2d", `bias must be a Tensor, null or undefined, got an options object; options are the fourth argument: convTranspose2d(x, weight, null, { … })`, {});
    }
    checkOptions("convTranspose2d", opts, CONV_TRANSPOSE2D_KEYS);
    const op = "convTranspose2d";
    const vx = asTensor(x, tensorAmong(weight, bias), "convTranspose2d");
    const vw = asTensor(weight, vx, "convTranspose2d");
    if (vx.ndim !== 4 || vw.ndim !== 4) {
      throw new T.ShapeError(op, `input (N, C_in, H, W) and weight (C_in, C_out/groups, kh, kw) must have rank 4, got ${fmtShape(vx.shape)} and ${fmtShape(vw.shape)}`, {
        input: vx.shape,
        weight: vw.shape,
      });
    }
    const groups = opts.groups === undefined ? 1 : opts.groups;
    const [N, Cin, H, W] = vx.shape as [number, number, number, number];
    const [Cw, Cg, kh, kw] = vw.shape as [number, number, number, number];
    if (Cin !== Cw) {
      throw new T.ShapeError(op, `input of shape ${fmtShape(vx.shape)} has ${Cin} channels but weight of shape ${fmtShape(vw.shape)} expects ${Cw}`, {
        input: vx.shape,
        weight: vw.shape,
      });
    }
    const [sh, sw] = pairOf(op, "stride", opts.stride, 1);
    const [ph, pw] = pairOf(op, "padding", opts.padding, 0);
    const [oph, opw] = pairOf(op, "outputPadding", opts.outputPadding, 0);
    const [dh, dw] = pairOf(op, "dilation", opts.dilation, 1);
    if (oph >= sh || opw >= sw) {
      throw new T.ValueError(op, `outputPadding [${oph}, ${opw}] must be smaller than the stride [${sh}, ${sw}]`, { outputPadding: opts.outputPadding, stride: opts.stride });
    }
    const outShape = [N, Cg * groups, (H - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1, (W - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1];
    const y = conv2dInputGrad(vx, vw, outShape, { stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], groups });
    if (bias === undefined || bias === null) return y;
    const vb = asTensor(bias, vw, "convTranspose2d");
    if (vb.ndim !== 1 || vb.shape[0] !== outShape[1]) {
      throw new T.ShapeError(op, `bias must have shape [${outShape[1]}] (one per output channel), got ${fmtShape(vb.shape)}`, { bias: vb.shape });
    }
    return add(y, reshape(vb, [1, outShape[1]!, 1, 1]));
  });
}
