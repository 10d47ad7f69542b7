// The Tensor users hold: the autograd state of TensorBase plus a method for every op. It sits
// above the ops (its methods delegate to their free functions), so nothing below imports it.
import type { DType, NDArray, ReduceOptions, SliceRange, VarianceOptions } from "@tsgrad/ndarray";
import { backward as runBackward } from "./engine.js";
import * as ops from "./ops/all.js";
import type { ArgReduceOptions } from "./ops/compare.js";
import type { AxisArg } from "./primitives/reduce-attrs.js";
import { type Operand, TensorBase } from "./tensor-base.js";
import { castAs } from "./primitives/cast.js";

/**
 * Options of {@link Tensor.backward}.
 * @example
 * ```ts
 * import { type BackwardOptions, tensor } from "@tsgrad/autograd";
 * const x = tensor([3], { requiresGrad: true });
 * const y = x.mul(x).sum();
 * const keep: BackwardOptions = { retainGraph: true };
 * y.backward(undefined, keep);
 * y.backward();           // allowed: the first backward kept the graph
 * x.grad!.item();         // 12 (two passes of 2x, accumulated)
 * ```
 * @category Autograd
 */
export interface BackwardOptions {
  /** Record the backward pass as a graph so gradients can be differentiated again (default false). */
  createGraph?: boolean;
  /** Keep the graph's saved values for another backward (default: the value of `createGraph`). */
  retainGraph?: boolean;
}

/**
 * The n-dimensional array users hold: values (an {@link NDArray} of float32, float64 or
 * int32), and what reverse-mode differentiation needs — whether it requires a gradient,
 * the op that created it and, after {@link Tensor.backward}, its accumulated gradient
 * (a Tensor). Every op is a free function (`add(a, b)`) and a method (`a.add(b)`), one
 * definition for both. Create Tensors with {@link tensor}, {@link zeros}, {@link randn}, …
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const y = x.mul(x).sum();    // Σ x²
 * y.backward();
 * x.grad!.toArray();           // [2, 4, 6]
 * ```
 * @category Tensor
 */
export class Tensor extends TensorBase {
  /** @internal */
  wrapData(data: NDArray, requiresGrad = false): Tensor {
    return new Tensor(data, { requiresGrad });
  }

  /**
   * Computes the gradient of this Tensor with respect to every leaf that requires
   * grad and accumulates it into their `grad`.
   *
   * @param gradOutput - the gradient of the final objective with respect to this Tensor;
   *   may be omitted only for a one-element Tensor (it is then 1)
   * @param opts - `createGraph` for higher-order gradients, `retainGraph` to backward again
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * const x = tensor([3], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * x.grad!.item(); // 6
   * ```
   */
  backward(gradOutput?: Operand, opts: BackwardOptions = {}): void {
    runBackward([this], gradOutput === undefined ? undefined : [gradOutput], opts);
  }

  /**
   * A new leaf Tensor sharing this one's data, cut off from the graph. It keeps the value it
   * was taken at: an optimizer step after it gives the parameter new storage rather than
   * writing over the shared one.
   * @returns the detached Tensor (requiresGrad false)
   */
  detach(): Tensor {
    return new Tensor(this.shareData());
  }

  /**
   * A copy of the values in new storage that stays in the graph (its gradient flows
   * back to this Tensor), as PyTorch's `clone`.
   * @returns the copy
   */
  clone(): Tensor {
    return ops.mul(this, 1);
  }

  /**
   * Method form of {@link cast}: the values converted to another dtype (differentiable
   * between float dtypes; this Tensor itself when the dtype is the same).
   * @param dtype - the target dtype
   * @returns the converted Tensor
   */
  astype(dtype: DType): Tensor {
    return castAs("astype", this, dtype);
  }

  /**
   * Method form of {@link add}: `this + other` (broadcasting).
   * @param other - operand
   * @returns the result
   */
  add(other: Operand): Tensor {
    return ops.add(this, other);
  }

  /**
   * Method form of {@link sub}: `this - other`.
   * @param other - operand
   * @returns the result
   */
  sub(other: Operand): Tensor {
    return ops.sub(this, other);
  }

  /**
   * Method form of {@link mul}: `this · other`.
   * @param other - operand
   * @returns the result
   */
  mul(other: Operand): Tensor {
    return ops.mul(this, other);
  }

  /**
   * Method form of {@link div}: `this / other`.
   * @param other - operand
   * @returns the result
   */
  div(other: Operand): Tensor {
    return ops.div(this, other);
  }

  /**
   * Method form of {@link pow}: `this ** exponent`.
   * @param exponent - operand
   * @returns the result
   */
  pow(exponent: Operand): Tensor {
    return ops.pow(this, exponent);
  }

  /**
   * Method form of {@link maximum}: the elementwise maximum.
   * @param other - operand
   * @returns the result
   */
  maximum(other: Operand): Tensor {
    return ops.maximum(this, other);
  }

  /**
   * Method form of {@link minimum}: the elementwise minimum.
   * @param other - operand
   * @returns the result
   */
  minimum(other: Operand): Tensor {
    return ops.minimum(this, other);
  }

  /**
   * Method form of {@link neg}: `-this`.
   * @returns the result
   */
  neg(): Tensor {
    return ops.neg(this);
  }

  /**
   * Method form of {@link abs}: `|this|`.
   * @returns the result
   */
  abs(): Tensor {
    return ops.abs(this);
  }

  /**
   * Method form of {@link square}: `this²`.
   * @returns the result
   */
  square(): Tensor {
    return ops.square(this);
  }

  /**
   * Method form of {@link sqrt}: `√this`.
   * @returns the result
   */
  sqrt(): Tensor {
    return ops.sqrt(this);
  }

  /**
   * Method form of {@link exp}: `e^this`.
   * @returns the result
   */
  exp(): Tensor {
    return ops.exp(this);
  }

  /**
   * Method form of {@link log}: `ln this`.
   * @returns the result
   */
  log(): Tensor {
    return ops.log(this);
  }

  /**
   * Method form of {@link log1p}: `ln(1 + this)`, accurate near 0.
   * @returns the result
   */
  log1p(): Tensor {
    return ops.log1p(this);
  }

  /**
   * Method form of {@link expm1}: `e^this − 1`, accurate near 0.
   * @returns the result
   */
  expm1(): Tensor {
    return ops.expm1(this);
  }

  /**
   * Method form of {@link sin}: `sin this`.
   * @returns the result
   */
  sin(): Tensor {
    return ops.sin(this);
  }

  /**
   * Method form of {@link cos}: `cos this`.
   * @returns the result
   */
  cos(): Tensor {
    return ops.cos(this);
  }

  /**
   * Method form of {@link tanh}: `tanh this`.
   * @returns the result
   */
  tanh(): Tensor {
    return ops.tanh(this);
  }

  /**
   * Method form of {@link sigmoid}: `σ(this)`.
   * @returns the result
   */
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }

  /**
   * Method form of {@link relu}: `max(this, 0)`.
   * @returns the result
   */
  relu(): Tensor {
    return ops.relu(this);
  }

  /**
   * Method form of {@link erf}: the error function.
   * @returns the result
   */
  erf(): Tensor {
    return ops.erf(this);
  }

  /**
   * Method form of {@link gelu}: GELU.
   * @param opts - `approximate`
   * @returns the result
   */
  gelu(opts?: { approximate?: "none" | "tanh" }): Tensor {
    return ops.gelu(this, opts);
  }

  /**
   * Method form of {@link leakyRelu}: leaky ReLU.
   * @param negativeSlope - slope for negative inputs (default 0.01)
   * @returns the result
   */
  leakyRelu(negativeSlope?: number): Tensor {
    return ops.leakyRelu(this, negativeSlope);
  }

  /**
   * Method form of {@link clamp}: the values clamped to `[min, max]`.
   * @param min - lower bound (none when omitted)
   * @param max - upper bound (none when omitted)
   * @returns the result
   */
  clamp(min?: number, max?: number): Tensor {
    return ops.clamp(this, min, max);
  }

  /**
   * Method form of {@link sum}: the sum.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  sum(axis?: AxisArg, opts?: ReduceOptions): Tensor {
    return ops.sum(this, axis, opts);
  }

  /**
   * Method form of {@link mean}: the mean.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  mean(axis?: AxisArg, opts?: ReduceOptions): Tensor {
    return ops.mean(this, axis, opts);
  }

  /**
   * Method form of {@link max}: the maximum.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  max(axis?: AxisArg, opts?: ReduceOptions): Tensor {
    return ops.max(this, axis, opts);
  }

  /**
   * Method form of {@link min}: the minimum.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  min(axis?: AxisArg, opts?: ReduceOptions): Tensor {
    return ops.min(this, axis, opts);
  }

  /**
   * Method form of {@link variance}: the variance (unbiased by default).
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`, `correction`
   * @returns the result
   */
  variance(axis?: number | readonly number[] | VarianceOptions, opts?: VarianceOptions): Tensor {
    return ops.variance(this, axis, opts);
  }

  /**
   * Method form of {@link std}: the standard deviation.
   * @param axis - axis or axes (all when omitted), or the options
   * @param opts - `axis`, `keepdims`, `correction`
   * @returns the result
   */
  std(axis?: number | readonly number[] | VarianceOptions, opts?: VarianceOptions): Tensor {
    return ops.std(this, axis, opts);
  }

  /**
   * Method form of {@link logSumExp}: `log Σ exp(this)` along an axis.
   * @param axis - the axis (default -1)
   * @param keepdims - keep the axis with size 1
   * @returns the result
   */
  logSumExp(axis?: number, keepdims?: boolean): Tensor {
    return ops.logSumExp(this, axis, keepdims);
  }

  /**
   * Method form of {@link argmax}: the int32 indices of the maxima (not differentiable).
   * @param axis - the axis (flattened when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  argmax(axis?: number | ArgReduceOptions, opts?: ArgReduceOptions): Tensor {
    return ops.argmax(this, axis, opts);
  }

  /**
   * Method form of {@link argmin}: the int32 indices of the minima (not differentiable).
   * @param axis - the axis (flattened when omitted), or the options
   * @param opts - `axis`, `keepdims`
   * @returns the result
   */
  argmin(axis?: number | ArgReduceOptions, opts?: ArgReduceOptions): Tensor {
    return ops.argmin(this, axis, opts);
  }

  /**
   * Method form of {@link softmax}: the softmax along an axis.
   * @param axis - the axis (default -1)
   * @returns the result
   */
  softmax(axis?: number): Tensor {
    return ops.softmax(this, axis);
  }

  /**
   * Method form of {@link logSoftmax}: the log-softmax along an axis.
   * @param axis - the axis (default -1)
   * @returns the result
   */
  logSoftmax(axis?: number): Tensor {
    return ops.logSoftmax(this, axis);
  }

  /**
   * Method form of {@link matmul}: `this @ other`.
   * @param other - right operand
   * @returns the result
   */
  matmul(other: Operand): Tensor {
    return ops.matmul(this, other);
  }

  /**
   * Method form of {@link reshape}: the Tensor in a new shape (a view where possible).
   * @param shape - the new shape (one -1 allowed)
   * @returns the result
   */
  reshape(shape: readonly number[]): Tensor {
    return ops.reshape(this, shape);
  }

  /**
   * Method form of {@link transpose}: the Tensor with two axes swapped.
   * @param dim0 - first axis (default -2)
   * @param dim1 - second axis (default -1)
   * @returns the result
   */
  transpose(dim0?: number, dim1?: number): Tensor {
    return ops.transpose(this, dim0, dim1);
  }

  /**
   * Method form of {@link permute}: the Tensor with its axes reordered.
   * @param axes - the new order of the axes
   * @returns the result
   */
  permute(axes: readonly number[]): Tensor {
    return ops.permute(this, axes);
  }

  /**
   * Method form of {@link broadcastTo}: the Tensor broadcast to a shape.
   * @param shape - the target shape
   * @returns the result
   */
  broadcastTo(shape: readonly number[]): Tensor {
    return ops.broadcastTo(this, shape);
  }

  /**
   * Method form of {@link expand}: the Tensor expanded to a shape (-1 keeps an axis).
   * @param shape - the target shape
   * @returns the result
   */
  expand(shape: readonly number[]): Tensor {
    return ops.expand(this, shape);
  }

  /**
   * Method form of {@link squeeze}: the Tensor without axes of size 1.
   * @param axis - the axes to drop (all of size 1 when omitted)
   * @returns the result
   */
  squeeze(axis?: number | readonly number[]): Tensor {
    return ops.squeeze(this, axis);
  }

  /**
   * Method form of {@link unsqueeze}: the Tensor with a new axis of size 1.
   * @param axis - where the new axis goes
   * @returns the result
   */
  unsqueeze(axis: number): Tensor {
    return ops.unsqueeze(this, axis);
  }

  /**
   * Method form of {@link flatten}: the Tensor with a range of axes merged.
   * @param startAxis - first axis to merge (default 0)
   * @param endAxis - last axis to merge (default -1)
   * @returns the result
   */
  flatten(startAxis?: number, endAxis?: number): Tensor {
    return ops.flatten(this, startAxis, endAxis);
  }

  /**
   * Method form of {@link slice}: a slice of the Tensor.
   * @param ranges - one range per leading axis
   * @returns the result
   */
  slice(ranges: readonly SliceRange[]): Tensor {
    return ops.slice(this, ranges);
  }

  /**
   * Method form of {@link gather}: the values picked along an axis by an index of the same rank.
   * @param axis - the axis
   * @param index - int32 indices
   * @returns the result
   */
  gather(axis: number, index: NDArray | Tensor): Tensor {
    return ops.gather(this, axis, index);
  }

  /**
   * Method form of {@link indexSelect}: the slices along an axis at the given indices.
   * @param axis - the axis
   * @param index - 1-D int32 indices
   * @returns the result
   */
  indexSelect(axis: number, index: NDArray | Tensor): Tensor {
    return ops.indexSelect(this, axis, index);
  }

  /**
   * Method form of {@link eq}: the int32 mask of `this == other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  eq(other: Operand): Tensor {
    return ops.eq(this, other);
  }

  /**
   * Method form of {@link ne}: the int32 mask of `this != other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  ne(other: Operand): Tensor {
    return ops.ne(this, other);
  }

  /**
   * Method form of {@link lt}: the int32 mask of `this < other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  lt(other: Operand): Tensor {
    return ops.lt(this, other);
  }

  /**
   * Method form of {@link le}: the int32 mask of `this <= other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  le(other: Operand): Tensor {
    return ops.le(this, other);
  }

  /**
   * Method form of {@link gt}: the int32 mask of `this > other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  gt(other: Operand): Tensor {
    return ops.gt(this, other);
  }

  /**
   * Method form of {@link ge}: the int32 mask of `this >= other` (not differentiable).
   * @param other - operand
   * @returns the result
   */
  ge(other: Operand): Tensor {
    return ops.ge(this, other);
  }
}
