import {
  type DType,
  type NestedArray,
  NDArray,
  type TypedArray,
  TsgradError,
  ValueError,
  full,
  ndarray,
} from "@tsgrad/ndarray";
import type { Node } from "./primitive.js";
import { backward as runBackward } from "./engine.js";
import * as ops from "./ops/all.js";
import type { SliceRange, ReduceOptions } from "@tsgrad/ndarray";

/**
 * Options of {@link Variable.backward}.
 * @example
 * ```ts
 * import { type BackwardOptions, variable } from "@tsgrad/autograd";
 * const x = variable([3], { requiresGrad: true });
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
 * A gradient hook: sees the gradient flowing into a Variable and may return a
 * replacement (same shape) or nothing to keep it.
 * @example
 * ```ts
 * import { type GradHook, variable } from "@tsgrad/autograd";
 * const clip: GradHook = (g) => g.maximum(-1).neg().maximum(-1).neg(); // clamp to [-1, 1]
 * const x = variable([5], { requiresGrad: true });
 * x.registerHook(clip);
 * x.mul(x).sum().backward();
 * x.grad!.item(); // 1 (10, clipped)
 * ```
 * @category Autograd
 */
export type GradHook = (grad: Variable) => Variable | void;

/**
 * The handle {@link Variable.registerHook} returns.
 * @example
 * ```ts
 * import { type HookHandle, variable } from "@tsgrad/autograd";
 * const x = variable([1], { requiresGrad: true });
 * const handle: HookHandle = x.registerHook((g) => g.mul(100));
 * handle.remove();
 * x.sum().backward();
 * x.grad!.item(); // 1: the hook was removed
 * ```
 * @category Autograd
 */
export interface HookHandle {
  /** Unregisters the hook. */
  remove(): void;
}

/**
 * Anything an op accepts as an operand: a Variable, a raw NDArray or a number
 * (constants that do not require grad).
 * @example
 * ```ts
 * import { type Operand, variable, add } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * const operands: Operand[] = [variable([1, 2]), ndarray([10, 20]), 100];
 * operands.reduce((acc: Operand, x) => add(acc, x), 0); // a Variable: [111, 122]
 * ```
 * @category Autograd
 */
export type Operand = Variable | NDArray | number;

/**
 * A node value in the autograd graph: a {@link NDArray} plus what reverse-mode
 * differentiation needs — whether it requires a gradient, the op that created it
 * and, after {@link Variable.backward}, its accumulated gradient.
 *
 * Ops are free functions (`add(a, b)`, `matmul(x, w)`); the methods here are thin
 * delegates to them (`a.add(b)`).
 *
 * @example
 * ```ts
 * import { variable } from "@tsgrad/autograd";
 * const x = variable([1, 2, 3], { requiresGrad: true });
 * const y = x.mul(x).sum();    // Σ x²
 * y.backward();
 * x.grad!.data.toArray();      // [2, 4, 6]
 * ```
 * @category Autograd
 */
export class Variable {
  private dataTensor: NDArray;
  private dataVersion = 0;
  private requires: boolean;
  /** The accumulated gradient (a Variable of the same shape), or null before any backward. */
  grad: Variable | null = null;
  /** The recorded op that produced this Variable; null for leaves. */
  node: Node | null = null;
  /** An optional label shown by `toString()`. */
  name: string | undefined;
  /** @internal */
  hooks: GradHook[] = [];

  /**
   * @param data - the value
   * @param opts - `requiresGrad` (default false) and an optional `name`
   */
  constructor(data: NDArray, opts: { requiresGrad?: boolean; name?: string } = {}) {
    if (!(data instanceof NDArray)) throw new ValueError("Variable", "data must be an NDArray; use variable(...) to convert arrays", {});
    this.dataTensor = data;
    this.requires = opts.requiresGrad ?? false;
    this.name = opts.name;
    if (this.requires && data.dtype === "int32") {
      throw new TsgradError("Variable", "only float32 and float64 Variables can require gradients, got int32", { dtype: data.dtype });
    }
  }

  /** The value. Assigning replaces it (as optimizers do) and bumps {@link Variable.version}. */
  get data(): NDArray {
    return this.dataTensor;
  }

  /** Replaces the value (as optimizers do) and bumps {@link Variable.version}. */
  set data(t: NDArray) {
    if (!(t instanceof NDArray)) throw new ValueError("Variable.data", "must be assigned an NDArray", {});
    this.dataTensor = t;
    this.dataVersion++;
  }

  /** Counts assignments to `data`; a backward through an op whose input changed since is an error. */
  get version(): number {
    return this.dataVersion;
  }

  /** Whether gradients flow to this Variable. Only leaves may change it. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  /** Turns gradient tracking on or off; only leaves may turn it off. */
  set requiresGrad(value: boolean) {
    if (this.node !== null && !value) {
      throw new TsgradError("requiresGrad", "cannot turn off requiresGrad on a non-leaf Variable; use detach()", {});
    }
    if (value && this.dataTensor.dtype === "int32") {
      throw new TsgradError("requiresGrad", "only float32 and float64 Variables can require gradients, got int32", {});
    }
    this.requires = value;
  }

  /** True when no recorded op created this Variable. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** Shape of `data`. */
  get shape(): readonly number[] {
    return this.dataTensor.shape;
  }

  /** Dtype of `data`. */
  get dtype(): DType {
    return this.dataTensor.dtype;
  }

  /** Rank of `data`. */
  get ndim(): number {
    return this.dataTensor.ndim;
  }

  /** Number of elements of `data`. */
  get size(): number {
    return this.dataTensor.size;
  }

  /**
   * Computes the gradient of this Variable with respect to every leaf that requires
   * grad and accumulates it into their `grad`.
   *
   * @param gradOutput - the gradient of the final objective with respect to this Variable;
   *   may be omitted only for a one-element Variable (it is then 1)
   * @param opts - `createGraph` for higher-order gradients, `retainGraph` to backward again
   * @example
   * ```ts
   * import { variable } from "@tsgrad/autograd";
   * const x = variable([3], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * x.grad!.item(); // 6
   * ```
   */
  backward(gradOutput?: Operand, opts: BackwardOptions = {}): void {
    runBackward([this], gradOutput === undefined ? undefined : [gradOutput], opts);
  }

  /**
   * A new leaf Variable sharing this one's data, cut off from the graph.
   * @returns the detached Variable (requiresGrad false)
   */
  detach(): Variable {
    return new Variable(this.dataTensor);
  }

  /** Sets {@link Variable.grad} to null. */
  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * The value of a one-element Variable as a number.
   * @returns the single element
   */
  item(): number {
    return this.dataTensor.item();
  }

  /**
   * Registers a hook called with this Variable's gradient during backward, before it
   * is accumulated (for leaves) or passed on (for intermediate values). A hook may
   * return a replacement gradient.
   *
   * @param hook - the hook
   * @returns a handle whose `remove()` unregisters it
   * @example
   * ```ts
   * import { variable } from "@tsgrad/autograd";
   * const x = variable([1, 2], { requiresGrad: true });
   * x.registerHook((g) => g.mul(10));
   * x.sum().backward();
   * x.grad!.data.toArray(); // [10, 10]
   * ```
   */
  registerHook(hook: GradHook): HookHandle {
    this.hooks.push(hook);
    return {
      remove: () => {
        const i = this.hooks.indexOf(hook);
        if (i >= 0) this.hooks.splice(i, 1);
      },
    };
  }

  /**
   * Prints the data and, when set, the op that created it.
   * @returns the printed form
   */
  toString(): string {
    const base = this.dataTensor.toString().replace(/^tensor/, "variable");
    const extra = this.node ? `, gradFn=${this.node.primitive.name}` : this.requires ? ", requiresGrad=true" : "";
    return extra ? base.replace(/\)$/, `${extra})`) : base;
  }

  /** Method form of `add`. @param other - operand @returns `this + other` */
  add(other: Operand): Variable {
    return ops.add(this, other);
  }
  /** Method form of `sub`. @param other - operand @returns `this - other` */
  sub(other: Operand): Variable {
    return ops.sub(this, other);
  }
  /** Method form of `mul`. @param other - operand @returns `this · other` */
  mul(other: Operand): Variable {
    return ops.mul(this, other);
  }
  /** Method form of `div`. @param other - operand @returns `this / other` */
  div(other: Operand): Variable {
    return ops.div(this, other);
  }
  /** Method form of `pow`. @param exponent - operand @returns `this ** exponent` */
  pow(exponent: Operand): Variable {
    return ops.pow(this, exponent);
  }
  /** Method form of `maximum`. @param other - operand @returns elementwise maximum */
  maximum(other: Operand): Variable {
    return ops.maximum(this, other);
  }
  /** Method form of `neg`. @returns `-this` */
  neg(): Variable {
    return ops.neg(this);
  }
  /** Method form of `sqrt`. @returns `√this` */
  sqrt(): Variable {
    return ops.sqrt(this);
  }
  /** Method form of `exp`. @returns `e^this` */
  exp(): Variable {
    return ops.exp(this);
  }
  /** Method form of `log`. @returns `ln this` */
  log(): Variable {
    return ops.log(this);
  }
  /** Method form of `tanh`. @returns `tanh this` */
  tanh(): Variable {
    return ops.tanh(this);
  }
  /** Method form of `sigmoid`. @returns `σ(this)` */
  sigmoid(): Variable {
    return ops.sigmoid(this);
  }
  /** Method form of `relu`. @returns `max(this, 0)` */
  relu(): Variable {
    return ops.relu(this);
  }
  /** Method form of `abs`. @returns `|this|` */
  abs(): Variable {
    return ops.abs(this);
  }
  /** Method form of `square`. @returns `this²` */
  square(): Variable {
    return ops.square(this);
  }
  /** Method form of `sum`. @param opts - `axis`, `keepdims` @returns the sum */
  sum(opts?: ReduceOptions): Variable {
    return ops.sum(this, opts);
  }
  /** Method form of `mean`. @param opts - `axis`, `keepdims` @returns the mean */
  mean(opts?: ReduceOptions): Variable {
    return ops.mean(this, opts);
  }
  /** Method form of `max`. @param opts - `axis`, `keepdims` @returns the maximum */
  max(opts?: ReduceOptions): Variable {
    return ops.max(this, opts);
  }
  /** Method form of `min`. @param opts - `axis`, `keepdims` @returns the minimum */
  min(opts?: ReduceOptions): Variable {
    return ops.min(this, opts);
  }
  /** Method form of `matmul`. @param other - right operand @returns `this @ other` */
  matmul(other: Operand): Variable {
    return ops.matmul(this, other);
  }
  /** Method form of `reshape`. @param shape - new shape (one -1 allowed) @returns the reshaped Variable */
  reshape(shape: readonly number[]): Variable {
    return ops.reshape(this, shape);
  }
  /** Method form of `transpose`. @param dim0 - first axis (default -2) @param dim1 - second axis (default -1) @returns the transposed Variable */
  transpose(dim0?: number, dim1?: number): Variable {
    return ops.transpose(this, dim0, dim1);
  }
  /** Method form of `permute`. @param axes - new order of the axes @returns the permuted Variable */
  permute(axes: readonly number[]): Variable {
    return ops.permute(this, axes);
  }
  /** Method form of `broadcastTo`. @param shape - target shape @returns the broadcast Variable */
  broadcastTo(shape: readonly number[]): Variable {
    return ops.broadcastTo(this, shape);
  }
  /** Method form of `squeeze`. @param axis - axes of size 1 to drop (default all) @returns the squeezed Variable */
  squeeze(axis?: number | readonly number[]): Variable {
    return ops.squeeze(this, axis);
  }
  /** Method form of `unsqueeze`. @param axis - where the new axis goes @returns the unsqueezed Variable */
  unsqueeze(axis: number): Variable {
    return ops.unsqueeze(this, axis);
  }
  /** Method form of `flatten`. @param startAxis - first axis to merge @param endAxis - last axis to merge @returns the flattened Variable */
  flatten(startAxis?: number, endAxis?: number): Variable {
    return ops.flatten(this, startAxis, endAxis);
  }
  /** Method form of `slice`. @param ranges - one range per leading axis @returns the sliced Variable */
  slice(ranges: readonly SliceRange[]): Variable {
    return ops.slice(this, ranges);
  }
}

/**
 * Options of {@link variable}.
 * @example
 * ```ts
 * import { type VariableOptions, variable } from "@tsgrad/autograd";
 * const opts: VariableOptions = { requiresGrad: true, dtype: "float64", name: "w" };
 * variable([1, 2], opts).toString(); // variable([1., 2.], dtype=float64, requiresGrad=true)
 * ```
 * @category Autograd
 */
export interface VariableOptions {
  /** Whether gradients flow to the Variable (default false). */
  requiresGrad?: boolean;
  /** Element type when converting arrays (default float32, or the typed array's own). */
  dtype?: DType;
  /** Optional label. */
  name?: string;
}

/**
 * Creates a leaf {@link Variable} from an NDArray, nested arrays, a typed array or a number.
 *
 * @param data - the value (an NDArray is used as is unless `dtype` differs)
 * @param opts - `requiresGrad`, `dtype`, `name`
 * @returns a new leaf Variable
 * @example
 * ```ts
 * import { variable } from "@tsgrad/autograd";
 * const w = variable([[1, 2], [3, 4]], { requiresGrad: true, dtype: "float64" });
 * w.shape; // [2, 2]
 * ```
 * @category Autograd
 */
export function variable(data: NDArray | NestedArray | TypedArray, opts: VariableOptions = {}): Variable {
  let t: NDArray;
  if (data instanceof NDArray) t = opts.dtype && opts.dtype !== data.dtype ? data.astype(opts.dtype) : data;
  else t = opts.dtype ? ndarray(data, { dtype: opts.dtype }) : ndarray(data);
  return new Variable(t, { requiresGrad: opts.requiresGrad ?? false, ...(opts.name !== undefined ? { name: opts.name } : {}) });
}

/**
 * Converts an operand to a Variable. A number becomes a 0-d constant with the dtype
 * of `like` (float32 if none), following PyTorch's rule for Python scalars. Anything
 * else is a ValueError naming `op`, the operation the operand was given to.
 * @internal
 */
export function asVariable(x: Operand, like?: Operand, op = "asVariable"): Variable {
  if (x instanceof Variable) return x;
  if (x instanceof NDArray) return new Variable(x);
  if (typeof x !== "number") {
    const got = x === null ? "null" : Array.isArray(x) ? "an array (convert it with variable(...))" : typeof x;
    throw new ValueError(op, `expected a Variable, an NDArray or a number as operand, got ${got}`, { got });
  }
  let dtype: DType = "float32";
  const ref = like instanceof Variable ? like.data : like instanceof NDArray ? like : undefined;
  if (ref) dtype = ref.dtype === "int32" && !Number.isInteger(x) ? "float32" : ref.dtype;
  return new Variable(full([], x, { dtype }));
}
