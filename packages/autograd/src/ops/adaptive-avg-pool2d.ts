// adaptiveAvgPool2d: PyTorch's F.adaptive_avg_pool2d as a composite of two matmuls with constant
// averaging matrices (its windows are separable), so its gradients of every order come from matmul.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { matmul } from "../primitives/matmul.js";
import { reshape } from "../primitives/reshape.js";
import { fmtShape, underName } from "@tsgrad/ndarray/internal";

/**
 * The averaging matrix `(out, size)` of adaptive pooling along one axis: row `i` holds
 * `1/(end − start)` over PyTorch's window `[⌊i·size/out⌋, ⌈(i + 1)·size/out⌉)`.
 */
function averagingMatrix(size: number, out: number, dtype: T.DType): T.NDArray {
  const m = T.zeros([out, size], { dtype });
  const data = m.storage as Float32Array | Float64Array;
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) data[i * size + j] = 1 / (end - start);
  }
  return m;
}

function outputDim(op: string, v: unknown, input: number): number {
  if (v === null) return input;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new T.ValueError(op, `outputSize entries must be integers ≥ 1 (or null to keep the input's size), got ${JSON.stringify(v)}`, { outputSize: v });
  }
  return v;
}

/**
 * Adaptive 2-D average pooling with PyTorch's `F.adaptive_avg_pool2d` semantics: the
 * output has the requested size whatever the input's; output cell `(i, j)` averages the
 * input window rows `⌊i·H/OH⌋ … ⌈(i + 1)·H/OH⌉ − 1` and the same for columns (windows may
 * overlap, or repeat input cells when the output is larger). Composite: `A_H · x · A_Wᵀ`
 * with constant averaging matrices, so gradients of every order come from {@link matmul}.
 *
 * @param x - input `(N, C, H, W)` or `(C, H, W)`, a float Tensor
 * @param outputSize - `OH = OW`, or `[OH, OW]` where `null` keeps the input's size on that axis
 * @returns `(N, C, OH, OW)` (or `(C, OH, OW)`)
 * @throws ShapeError for a wrong rank; ValueError for a bad output size
 * @example
 * ```ts
 * import { tensor, adaptiveAvgPool2d } from "tsgrad";
 * adaptiveAvgPool2d(tensor([[[[1, 2, 3], [4, 5, 6]]]]), 1).toArray();       // [[[[3.5]]]]
 * adaptiveAvgPool2d(tensor([[[[1, 2, 3], [4, 5, 6]]]]), [null, 2]).shape;   // [1, 1, 2, 2]
 * ```
 * @category Composite ops
 */
export function adaptiveAvgPool2d(x: Operand, outputSize: number | readonly [number | null, number | null]): Tensor {
  return underName("adaptiveAvgPool2d", () => {
    const op = "adaptiveAvgPool2d";
    const v = asTensor(x, undefined, op);
    if (v.ndim !== 3 && v.ndim !== 4) throw new T.ShapeError(op, `expected input (N, C, H, W) or (C, H, W), got ${fmtShape(v.shape)}`, { shape: v.shape });
    if (v.dtype === "int32") throw new T.DTypeError(op, `expected a float32 or float64 input, got int32 (shape ${fmtShape(v.shape)})`, { dtype: v.dtype });
    const pairGiven = Array.isArray(outputSize);
    if (pairGiven && outputSize.length !== 2) {
      throw new T.ValueError(op, `outputSize must be an integer or a pair [OH, OW], got ${JSON.stringify(outputSize)}`, { outputSize });
    }
    const [oh0, ow0] = pairGiven ? outputSize : [outputSize, outputSize];
    const h = v.shape[v.ndim - 2]!;
    const w = v.shape[v.ndim - 1]!;
    if (h === 0 || w === 0) throw new T.ShapeError(op, `input of shape ${fmtShape(v.shape)} has an empty plane`, { shape: v.shape });
    const oh = outputDim(op, oh0, h);
    const ow = outputDim(op, ow0, w);
    let y = v;
    if (ow !== w) y = matmul(y, T.transpose(averagingMatrix(w, ow, v.dtype)).contiguous());
    if (oh !== h) y = matmul(averagingMatrix(h, oh, v.dtype), y);
    return y === v ? reshape(v, v.shape) : y;
  });
}
