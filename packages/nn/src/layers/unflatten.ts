// Unflatten, the inverse of Flatten (torch.nn.Unflatten): one layer per file, so each layer's
// options, checks and forward read on their own.
import { type Tensor, reshape } from "@tsgrad/autograd";
import { ShapeError, ValueError } from "@tsgrad/ndarray";
import { checkInteger, describe, fmtShape, inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Splits one axis into several (`torch.nn.Unflatten`), the inverse of {@link Flatten}: axis
 * `dim` of size `n` becomes the axes `unflattenedSize`, whose product must be `n`; one
 * entry may be −1, inferred.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.Unflatten(1, [4, 2, 2]).forward(tg.zeros([8, 16])).shape; // [8, 4, 2, 2]
 * new tg.nn.Unflatten(-1, [2, -1]).forward(tg.zeros([3, 6])).shape;   // [3, 2, 3]
 * ```
 * @category Layers
 */
export class Unflatten extends Module {
  /** The axis that is split (negative counts from the end). */
  readonly dim: number;
  /** The sizes it is split into (one may be −1). */
  readonly unflattenedSize: readonly number[];

  /**
   * @param dim - the axis to split; negative counts from the end
   * @param unflattenedSize - the new sizes (integers ≥ 1, or one −1)
   * @throws ValueError for a bad axis or sizes
   */
  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    this.dim = checkInteger("Unflatten", "arguments", "dim", dim);
    if (!Array.isArray(unflattenedSize) || unflattenedSize.length === 0) {
      throw new ValueError("Unflatten", `arguments: invalid unflattenedSize ${describe(unflattenedSize)}; expected a non-empty array of sizes`, { unflattenedSize });
    }
    const sizes = unflattenedSize.map((d) => (d === -1 ? -1 : checkInteger("Unflatten", "arguments", "unflattenedSize entry", d, 0)));
    if (sizes.filter((d) => d === -1).length > 1) {
      throw new ValueError("Unflatten", `arguments: unflattenedSize ${fmtShape(sizes)} has more than one -1`, { unflattenedSize });
    }
    this.unflattenedSize = Object.freeze(sizes);
  }

  /**
   * Splits the axis.
   * @param input - a Tensor with axis `dim`
   * @returns the input with axis `dim` replaced by `unflattenedSize`
   * @throws ShapeError when the axis does not exist or its size does not fit
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Unflatten", input);
    const axis = this.dim < 0 ? this.dim + x.ndim : this.dim;
    if (axis < 0 || axis >= x.ndim) {
      throw new ShapeError("Unflatten", `dim ${this.dim} is out of range for the input of shape ${fmtShape(x.shape)}`, { shape: x.shape, dim: this.dim });
    }
    const n = x.shape[axis]!;
    const known = this.unflattenedSize.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
    const inferred = this.unflattenedSize.includes(-1);
    const fits = inferred ? known > 0 && n % known === 0 : known === n;
    if (!fits) {
      throw new ShapeError(
        "Unflatten",
        `cannot split axis ${this.dim} of size ${n} (input ${fmtShape(x.shape)}) into ${fmtShape(this.unflattenedSize)}`,
        { shape: x.shape, unflattenedSize: this.unflattenedSize },
      );
    }
    const sizes = this.unflattenedSize.map((d) => (d === -1 ? n / known : d));
    return reshape(x, [...x.shape.slice(0, axis), ...sizes, ...x.shape.slice(axis + 1)]);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `dim=…, unflattenedSize=[…]`
   */
  override extraRepr(): string {
    return `dim=${this.dim}, unflattenedSize=${fmtShape(this.unflattenedSize)}`;
  }
}
