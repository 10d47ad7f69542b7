// The state the graph core works on — value, gradient, recorded node, version, hooks — and
// operand conversion. It knows nothing of Tensor's op methods (they live in tensor.ts, above the
// ops), so the core imports no module that imports it back.
import { type DType, DTypeError, NDArray, ShapeError, TsgradError, ValueError, full } from "@tsgrad/ndarray";
import { type OptionKeys, checkBoolean, checkOptions, describeValue, fmtShape } from "@tsgrad/ndarray/internal";
import type { Node } from "./primitive.js";
import type { Tensor } from "./tensor.js";

/**
 * A gradient hook: sees the gradient flowing into a Tensor and may return a
 * replacement (same shape and dtype) or nothing to keep it.
 * @example
 * ```ts
 * import { type GradHook, tensor } from "@tsgrad/autograd";
 * const clip: GradHook = (g) => g.clamp(-1, 1);
 * const x = tensor([5], { requiresGrad: true });
 * x.registerHook(clip);
 * x.mul(x).sum().backward();
 * x.grad!.item(); // 1 (10, clipped)
 * ```
 * @category Autograd
 */
export type GradHook = (grad: Tensor) => Tensor | void;

/**
 * The handle {@link TensorBase.registerHook} returns.
 * @example
 * ```ts
 * import { type HookHandle, tensor } from "@tsgrad/autograd";
 * const x = tensor([1], { requiresGrad: true });
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
 * Anything an op accepts as an operand: a Tensor, or — beside a Tensor — an NDArray or a
 * number (constants that do not require grad).
 * @example
 * ```ts
 * import { type Operand, type Tensor, tensor, add } from "@tsgrad/autograd";
 * import { ndarray } from "@tsgrad/ndarray";
 * const operands: Operand[] = [ndarray([10, 20]), 100];
 * operands.reduce<Tensor>((acc, x) => add(acc, x), tensor([1, 2])).toArray(); // [111, 122]
 * ```
 * @category Autograd
 */
export type Operand = Tensor | NDArray | number;

/** The options the Tensor constructor takes. */
const TENSOR_CONSTRUCTOR_KEYS: OptionKeys<{ requiresGrad?: boolean; name?: string }> = { requiresGrad: true, name: true };

/**
 * The state autograd keeps for a {@link Tensor}: its value, whether it requires a gradient,
 * the op that produced it, its accumulated gradient, a version counter and hooks. The graph
 * core (nodes, the engine, the primitive table) works on this class; users hold `Tensor`,
 * which adds a method for every op.
 * @example
 * ```ts
 * import { TensorBase, tensor } from "@tsgrad/autograd";
 * const x = tensor([1, 2], { requiresGrad: true });
 * x instanceof TensorBase; // true
 * x.isLeaf;                // true
 * ```
 * @category Autograd
 */
export abstract class TensorBase {
  private value: NDArray;
  private dataVersion = 0;
  // Bookkeeping for in-place writers (not state of the value: snapshots and equality ignore it):
  // recorded nodes, not yet released, that took this Tensor as an input at version
  // #graphUsesVersion, and the version at which `detach()` last shared the value.
  #graphUses = 0;
  #graphUsesVersion = -1;
  #sharedVersion = -1;
  private requires: boolean;
  #grad: Tensor | null = null;
  /** The recorded op that produced this Tensor; null for leaves. */
  node: Node | null = null;
  /** An optional label. */
  name: string | undefined;
  /** @internal */
  hooks: GradHook[] = [];

  /**
   * @param data - the value
   * @param opts - `requiresGrad` (default false) and an optional `name`
   */
  constructor(data: NDArray, opts: { requiresGrad?: boolean; name?: string } = {}) {
    if (!(data instanceof NDArray)) throw new ValueError("Tensor", "data must be an NDArray; use tensor(...) to convert arrays", {});
    opts = checkOptions("Tensor", opts, TENSOR_CONSTRUCTOR_KEYS);
    const requiresGrad = opts.requiresGrad === undefined ? false : opts.requiresGrad;
    checkBoolean("Tensor", "options", "requiresGrad", requiresGrad);
    this.value = data;
    this.requires = requiresGrad;
    this.name = opts.name;
    if (this.requires && data.dtype === "int32") {
      throw new TsgradError("Tensor", "only float32 and float64 Tensors can require gradients, got int32", { dtype: data.dtype });
    }
  }

  /**
   * A new Tensor holding `data`, of the class users hold (the graph core creates results,
   * gradients and constants through it).
   * @internal
   */
  abstract wrapData(data: NDArray, requiresGrad?: boolean): Tensor;

  /** The value, as an {@link NDArray} (the power-user door to storage and raw kernels). */
  get data(): NDArray {
    return this.value;
  }

  /** Replaces the value (as optimizers do) and bumps {@link TensorBase.version}. */
  set data(t: NDArray) {
    if (!(t instanceof NDArray)) throw new ValueError("Tensor.data", "must be assigned an NDArray", {});
    this.value = t;
    this.dataVersion++;
  }

  /** Counts assignments to `data`; a backward through an op whose input changed since is an error. */
  get version(): number {
    return this.dataVersion;
  }

  /**
   * Counts a recorded node that took this Tensor as an input (at the current version).
   * @internal
   */
  noteGraphUse(): void {
    if (this.#graphUsesVersion !== this.dataVersion) {
      this.#graphUsesVersion = this.dataVersion;
      this.#graphUses = 0;
    }
    this.#graphUses++;
  }

  /**
   * Uncounts a node recorded at `version` when a backward releases it.
   * @param version - the version the node saved for this input
   * @internal
   */
  dropGraphUse(version: number): void {
    if (version === this.#graphUsesVersion && this.#graphUses > 0) this.#graphUses--;
  }

  /**
   * The value, noted as shared with another Tensor (`detach()`): an in-place writer must not
   * overwrite it until `data` is next replaced.
   * @returns the value
   * @internal
   */
  shareData(): NDArray {
    this.#sharedVersion = this.dataVersion;
    return this.value;
  }

  /**
   * Whether something the library knows of may still read the current value: a recorded
   * graph not yet released by a backward (it would raise "modified after use" anyway, but
   * its saved values and views must stay as they were), or a Tensor from `detach()` (a
   * state dict, a snapshot). Optimizers write a parameter's storage in place only when this
   * is false; otherwise they give it new storage.
   * @internal
   */
  get valueShared(): boolean {
    return (this.#graphUses > 0 && this.#graphUsesVersion === this.dataVersion) || this.#sharedVersion === this.dataVersion;
  }

  /** Whether gradients flow to this Tensor. Only leaves may turn it off. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  /** Turns gradient tracking on or off; only leaves may turn it off. */
  set requiresGrad(value: boolean) {
    checkBoolean("requiresGrad", "", "value", value);
    if (this.node !== null && !value) {
      throw new TsgradError("requiresGrad", "cannot turn off requiresGrad on a non-leaf Tensor; use detach()", {});
    }
    if (value && this.value.dtype === "int32") {
      throw new TsgradError("requiresGrad", "only float32 and float64 Tensors can require gradients, got int32", {});
    }
    this.requires = value;
  }

  /** True when no recorded op created this Tensor. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The shape. */
  get shape(): readonly number[] {
    return this.value.shape;
  }

  /** The element type. */
  get dtype(): DType {
    return this.value.dtype;
  }

  /** The rank (number of axes). */
  get ndim(): number {
    return this.value.ndim;
  }

  /** The number of elements. */
  get size(): number {
    return this.value.size;
  }

  /**
   * The accumulated gradient (a Tensor of the same shape and dtype), or null before any
   * backward. Assigning checks, as PyTorch does: a Tensor of exactly this Tensor's shape and
   * dtype, or null (undefined clears it too); anything else is refused before it is stored.
   */
  get grad(): Tensor | null {
    return this.#grad;
  }

  set grad(g: Tensor | null) {
    if (g === null || g === undefined) {
      this.#grad = null;
      return;
    }
    if (!(g instanceof TensorBase)) {
      throw new ValueError("grad", `a gradient must be a Tensor or null, got ${describeValue(g)}`, {});
    }
    const shape = this.value.shape;
    if (g.shape.length !== shape.length || g.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError("grad", `assigned gradient of shape ${fmtShape(g.shape)} to a Tensor of shape ${fmtShape(shape)}; expected the same shape`, { shape: [...shape], gradShape: [...g.shape] });
    }
    if (g.dtype !== this.value.dtype) {
      throw new DTypeError("grad", `assigned gradient of dtype ${g.dtype} to a Tensor of dtype ${this.value.dtype}; expected the same dtype`, { dtype: this.value.dtype, gradDtype: g.dtype });
    }
    this.#grad = g;
  }

  /** Sets {@link TensorBase.grad} to null. */
  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * The value of a one-element Tensor as a number.
   * @returns the single element
   */
  item(): number {
    return this.value.item();
  }

  /**
   * The values as nested arrays of numbers (a number for a 0-d Tensor).
   * @returns the nested arrays
   */
  toArray(): ReturnType<NDArray["toArray"]> {
    return this.value.toArray();
  }

  /**
   * The values as a new contiguous typed array in row-major order.
   * @returns a typed array of the Tensor's dtype
   */
  toTypedArray(): ReturnType<NDArray["toTypedArray"]> {
    return this.value.toTypedArray();
  }

  /**
   * Registers a hook called with this Tensor's gradient during backward, before it
   * is accumulated (for leaves) or passed on (for intermediate values). A hook may
   * return a replacement gradient of the same shape and dtype.
   *
   * @param hook - the hook
   * @returns a handle whose `remove()` unregisters it
   * @throws TsgradError when the Tensor does not require grad (as PyTorch's)
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.registerHook((g) => g.mul(10));
   * x.sum().backward();
   * x.grad!.toArray(); // [10, 10]
   * ```
   */
  registerHook(hook: GradHook): HookHandle {
    if (typeof hook !== "function") throw new ValueError("registerHook", `hook must be a function, got ${describeValue(hook)}`, {});
    // As PyTorch's: a hook there would never run.
    if (!this.requires) {
      throw new TsgradError("registerHook", `cannot register a hook on a Tensor that does not require grad (shape ${fmtShape(this.shape)}); set requiresGrad first`, {
        shape: this.shape,
      });
    }
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
    // NDArray prints "ndarray(" and aligns continuation lines under it; "tensor(" is one shorter.
    const base = this.value.toString().replace(/^ndarray/, "tensor").replace(/\n /g, "\n");
    const extra = this.node ? `, gradFn=${this.node.primitive.name}` : this.requires ? ", requiresGrad=true" : "";
    return extra ? base.replace(/\)$/, `${extra})`) : base;
  }
}

/** What to do instead of assigning each read-only property (the getters without a setter). */
const READ_ONLY: Readonly<Record<string, string>> = {
  shape: "use reshape(...)",
  dtype: "use astype(...)",
  ndim: "use reshape(...)",
  size: "use reshape(...)",
  version: "it counts the in-place changes of the data",
  isLeaf: "use detach() for a new leaf",
  valueShared: "it says whether the data is shared",
};
// Assigning a getter-only property would raise the engine's TypeError (or, outside strict
// mode, do nothing); a setter that refuses gives a typed error naming the property instead.
// The types keep them read-only: the setters exist for JavaScript callers.
for (const [name, instead] of Object.entries(READ_ONLY)) {
  const d = Object.getOwnPropertyDescriptor(TensorBase.prototype, name)!;
  Object.defineProperty(TensorBase.prototype, name, {
    ...d,
    set(): never {
      throw new TsgradError(name, `a Tensor's ${name} is read-only; ${instead}`, {});
    },
  });
}

/**
 * The first Tensor among some operands (the one constants are made beside), if any.
 * @internal
 */
export function tensorAmong(...operands: readonly unknown[]): Tensor | undefined {
  for (const x of operands) {
    if (x instanceof TensorBase) return x as Tensor;
    if (Array.isArray(x)) {
      const inner = x.find((y) => y instanceof TensorBase);
      if (inner !== undefined) return inner as Tensor;
    }
  }
  return undefined;
}

/**
 * Converts an operand to a Tensor. A Tensor is returned as is; an NDArray or a number
 * becomes a constant beside `like` (a number takes the dtype of `like`, PyTorch's rule for
 * Python scalars). An op needs at least one Tensor operand; anything else is a ValueError
 * naming `op`, the operation the operand was given to.
 * @internal
 */
export function asTensor(x: Operand, like?: Operand, op = "asTensor"): Tensor {
  if (x instanceof TensorBase) return x as Tensor;
  if (!(x instanceof NDArray) && typeof x !== "number") {
    const got = describeValue(x, "convert it with tensor(...)");
    throw new ValueError(op, `expected a Tensor, an NDArray or a number as operand, got ${got}`, { got });
  }
  if (!(like instanceof TensorBase)) {
    throw new ValueError(op, `expected a Tensor operand, got ${describeValue(x)}${like === undefined ? "" : ` and ${describeValue(like)}`}; wrap it with tensor(...)`, {});
  }
  if (x instanceof NDArray) return like.wrapData(x);
  const dtype: DType = like.dtype === "int32" && !Number.isInteger(x) ? "float32" : like.dtype;
  if (dtype === "int32" && (x < -(2 ** 31) || x >= 2 ** 31)) {
    throw new ValueError(op, `the number ${x} beside an int32 Tensor does not fit int32; expected a value in [-2^31, 2^31)`, { value: x });
  }
  return like.wrapData(full([], x, { dtype }));
}
