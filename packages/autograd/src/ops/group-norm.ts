// groupNorm: PyTorch's F.group_norm as a composite (statistics per sample and channel group), the
// shared core of the GroupNorm and InstanceNorm layers; separate from BatchNorm's fused kernels.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "../primitives/add.js";
import { div } from "../primitives/div.js";
import { mean } from "../primitives/mean.js";
import { mul } from "../primitives/mul.js";
import { reshape } from "../primitives/reshape.js";
import { sqrt } from "../primitives/sqrt.js";
import { sub } from "../primitives/sub.js";
import { checkInteger, checkNumber, checkOptions, fmtShape, underName } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link groupNorm}.
 * @example
 * ```ts
 * import { type GroupNormOptions, groupNorm, randn } from "tsgrad";
 * const opts: GroupNormOptions = { eps: 1e-3 };
 * groupNorm(randn([2, 4, 3], { seed: 0 }), 2, null, null, opts).shape; // [2, 4, 3]
 * ```
 * @category Composite ops
 */
export interface GroupNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Group normalisation with PyTorch's `F.group_norm` semantics: the C channels of each
 * sample are split into `numGroups` groups of consecutive channels, each group is
 * normalised with its own mean and biased variance (over its channels and every spatial
 * position), `(x − μ) / √(σ² + eps)`, then scaled by `weight` and shifted by `bias` per
 * channel. One group is LayerNorm over `(C, *)`; C groups is InstanceNorm. Composite.
 *
 * @param x - input `(N, C, *)`, a float Tensor
 * @param numGroups - number of groups; must divide C
 * @param weight - optional scale per channel `(C)` (`null` for none)
 * @param bias - optional shift per channel `(C)` (`null` for none)
 * @param opts - `eps` (default 1e-5)
 * @returns the normalised Tensor, same shape as `x`
 * @throws ShapeError for an input of rank below 2 or affine parameters not of shape `(C)`;
 *   ValueError when `numGroups` does not divide C
 * @example
 * ```ts
 * import { tensor, groupNorm } from "tsgrad";
 * groupNorm(tensor([[1, 3, 10, 20]]), 2).toArray(); // ≈ [[-1, 1, -1, 1]]
 * ```
 * @category Composite ops
 */
export function groupNorm(x: Operand, numGroups: number, weight?: Operand | null, bias?: Operand | null, opts: GroupNormOptions = {}): Tensor {
  return underName("groupNorm", () => {
    checkOptions("groupNorm", opts, { eps: true });
    const op = "groupNorm";
    const v = asTensor(x, tensorAmong(weight, bias), op);
    if (v.ndim < 2) throw new T.ShapeError(op, `expected input (N, C, *), got ${fmtShape(v.shape)}`, { shape: v.shape });
    if (v.dtype === "int32") throw new T.DTypeError(op, `expected a float32 or float64 input, got int32 (shape ${fmtShape(v.shape)})`, { dtype: v.dtype });
    const channels = v.shape[1]!;
    checkInteger(op, "arguments", "numGroups", numGroups, 1);
    if (channels % numGroups !== 0) {
      throw new T.ValueError(op, `the input of shape ${fmtShape(v.shape)} has ${channels} channels, not divisible by numGroups=${numGroups}`, {
        shape: v.shape,
        numGroups,
      });
    }
    const eps = checkNumber(op, "options", "eps", opts.eps === undefined ? 1e-5 : opts.eps, { min: 0 });
    const n = v.shape[0]!;
    const per = (channels / numGroups) * v.shape.slice(2).reduce((a, d) => a * d, 1);
    if (per === 0) throw new T.ShapeError(op, `input of shape ${fmtShape(v.shape)} has no values to normalise`, { shape: v.shape });
    const view = [1, channels, ...v.shape.slice(2).map(() => 1)];
    const affine = (p: Operand | null | undefined, name: string): Tensor | null => {
      if (p === undefined || p === null) return null;
      const t = asTensor(p, v, op);
      if (t.ndim !== 1 || t.shape[0] !== channels) {
        throw new T.ShapeError(op, `${name} must have shape [${channels}] (one per channel of the input of shape ${fmtShape(v.shape)}), got ${fmtShape(t.shape)}`, {
          [name]: t.shape,
          input: v.shape,
        });
      }
      return reshape(t, view);
    };
    const w = affine(weight, "weight");
    const b = affine(bias, "bias");
    const g = reshape(v, [n, numGroups, per]);
    const centred = sub(g, mean(g, 2, { keepdims: true }));
    const variance = mean(mul(centred, centred), 2, { keepdims: true });
    let y = reshape(div(centred, sqrt(add(variance, eps))), v.shape);
    if (w) y = mul(y, w);
    if (b) y = add(y, b);
    return y;
  });
}
