// The Tensor users hold: the autograd state of TensorBase plus a method for every op, put on it
// from the ops' `<name>Methods` exports. It sits above the ops, so nothing below imports it.
import { type DType, type NDArray, TsgradError } from "@tsgrad/ndarray";
import { backward as runBackward } from "./engine.js";
import * as ops from "./ops/all.js";
import { type Operand, TensorBase } from "./tensor-base.js";
import { castAs } from "./primitives/cast.js";
import { underName } from "@tsgrad/ndarray/internal";

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
    return underName("clone", () => ops.mul(this, 1));
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

}

// The op methods. Each op file exports its method forms beside its free functions, as a
// `<name>Methods` object (`log1pMethods = { log1p() { … } } satisfies ThisType<Tensor>`, CONTRIBUTING.md);
// the table (primitives/index.ts) and ops/all.ts re-export them. Here every such export is
// put on the prototype, and the interface below, merged into the class, gives them their
// types and TSDoc: an op added to the table needs no line in this file.
type Ops = typeof ops;
type MethodObjects = { [K in keyof Ops]: K extends `${string}Methods` ? Ops[K] : never }[keyof Ops];
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type OpMethods = Intersection<MethodObjects>;

export interface Tensor extends OpMethods {}

for (const [key, methods] of Object.entries(ops)) {
  if (!key.endsWith("Methods")) continue;
  for (const [name, method] of Object.entries(methods as object)) {
    if (Object.prototype.hasOwnProperty.call(Tensor.prototype, name)) {
      throw new TsgradError("Tensor", `${key} defines the method "${name}", which Tensor already has`, { method: name });
    }
    Object.defineProperty(Tensor.prototype, name, { value: method, writable: true, configurable: true });
  }
}
