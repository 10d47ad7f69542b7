// Optimizer, the base class of the optimizers: parameter groups, hyper-parameter checks and the
// atomic step. Packing and loading its state dicts is in optimizer-state-dict.ts.
import { Tensor, enableGrad, noGrad } from "@tsgrad/autograd";
import { DTypeError, NDArray, ShapeError, ValueError, zerosLike } from "@tsgrad/ndarray";
import { checkBoolean, fmtShape, isRecord, showValue, underName } from "../checks.js";
import { type FloatArray, flat } from "./flat.js";
import { type OptimizerStateDict, loadOptimizerState, packOptimizerState } from "./optimizer-state-dict.js";

/**
 * A hyper-parameter value: a number (`lr`, `momentum`, …), a flag (`nesterov`, …) or a
 * pair of numbers (Adam's `betas`).
 * @example
 * ```ts
 * import type { HyperValue } from "@tsgrad/nn";
 * const settings: Record<string, HyperValue> = { lr: 1e-3, betas: [0.9, 0.999], amsgrad: false };
 * ```
 * @category Optimizers
 */
export type HyperValue = number | boolean | readonly [number, number];

/**
 * The hyper-parameters every optimizer has; each optimizer extends it with its own.
 * @example
 * ```ts
 * import { type BaseHyperParams, type Optimizer, SGD } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * // Works with every optimizer: all of them have `lr`.
 * function scaleLr<H extends BaseHyperParams>(opt: Optimizer<H>, factor: number): void {
 *   for (const group of opt.paramGroups) group.lr *= factor;
 * }
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * scaleLr(opt, 0.5);
 * opt.paramGroups[0]!.lr; // 0.05
 * ```
 * @category Optimizers
 */
export interface BaseHyperParams {
  /** The learning rate. */
  lr: number;
}

/**
 * One parameter group: its parameters and the hyper-parameters that apply to them.
 * Schedulers and users may change the hyper-parameters (`group.lr = 0.01`) between steps.
 * @example
 * ```ts
 * import { type ParamGroup, type AdamOptions, Adam } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opt = new Adam([tensor([1, 2], { requiresGrad: true })], { lr: 0.01 });
 * const group: ParamGroup<AdamOptions> = opt.paramGroups[0]!;
 * [group.lr, group.betas, group.params.length]; // [0.01, [0.9, 0.999], 1]
 * ```
 * @category Optimizers
 */
export type ParamGroup<H> = H & {
  /** The parameters of the group. */
  params: Tensor[];
  /** The learning rate a scheduler started from (set by the first scheduler attached). */
  initialLr?: number;
};

/**
 * A parameter group as given to a constructor or to {@link Optimizer.addParamGroup}:
 * parameters plus any hyper-parameters that override the optimizer's defaults.
 * @example
 * ```ts
 * import { type ParamGroupSpec, type SGDOptions, SGD } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const backbone = tensor([1, 2], { requiresGrad: true });
 * const head = tensor([3], { requiresGrad: true });
 * const groups: ParamGroupSpec<SGDOptions>[] = [{ params: [backbone], lr: 0.001 }, { params: [head] }];
 * const opt = new SGD(groups, { lr: 0.1, momentum: 0.9 });
 * opt.paramGroups.map((g) => g.lr); // [0.001, 0.1]
 * ```
 * @category Optimizers
 */
export type ParamGroupSpec<H> = Partial<H> & {
  /** The parameters of the group. */
  params: Iterable<Tensor>;
};

/**
 * What an optimizer is built from: parameters (one group), or parameter groups.
 * @example
 * ```ts
 * import { type ParamsInput, type SGDOptions, SGD } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const w = tensor([1], { requiresGrad: true });
 * const asList: ParamsInput<SGDOptions> = [w];
 * const asGroups: ParamsInput<SGDOptions> = [{ params: [w], lr: 0.5 }];
 * [new SGD(asList).paramGroups[0]!.lr, new SGD(asGroups).paramGroups[0]!.lr]; // [0.001, 0.5]
 * ```
 * @category Optimizers
 */
export type ParamsInput<H> = Iterable<Tensor> | Iterable<ParamGroupSpec<H>>;

/**
 * The state an optimizer keeps for one parameter (in {@link Optimizer.state} and its
 * state dict): Tensors of the parameter's shape (`expAvg`, `momentumBuffer`, …) and
 * counters (`step`).
 * @example
 * ```ts
 * import { type ParamState, Adam } from "@tsgrad/nn";
 * import { type Tensor, tensor } from "@tsgrad/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new Adam([w]);
 * w.sum().backward();
 * opt.step();
 * const state: ParamState = opt.stateDict().state["0"]!;
 * state["step"];                          // 1
 * (state["expAvg"] as Tensor).toArray();  // [0.1, 0.1]
 * ```
 * @category Optimizers
 */
export type ParamState = Record<string, Tensor | number>;

/**
 * A parameter's state as {@link Optimizer.update} reads and returns it: the values of
 * its Tensors as NDArrays (the update works on raw arrays) and its counters.
 * @example
 * ```ts
 * import type { ParamStateData } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/ndarray";
 * const momentum: ParamStateData = { momentumBuffer: zeros([3]), step: 0 };
 * ```
 * @category Optimizers
 */
export type ParamStateData = Record<string, NDArray | number>;

/**
 * What distinguishes one optimizer for the base class: its name (in errors) and the
 * entries its per-parameter state may hold.
 * @example
 * ```ts
 * import { type BaseHyperParams, type OptimizerLayout, type ParamUpdate, Optimizer } from "@tsgrad/nn";
 * import { type Tensor, tensor } from "@tsgrad/autograd";
 * import { type NDArray, ValueError, mul, sign, sub } from "@tsgrad/ndarray";
 * // signSGD: θ ← θ − lr · sign(∇θ). No per-parameter state.
 * const LAYOUT: OptimizerLayout = { name: "SignSGD", stateTensors: [], stateCounters: [], requiredState: [] };
 * class SignSGD extends Optimizer<BaseHyperParams> {
 *   constructor(params: Iterable<Tensor>, options: Partial<BaseHyperParams> = {}) {
 *     super(params, { lr: 0.01 }, options, LAYOUT);
 *   }
 *   protected checkHyper(group: BaseHyperParams, op: string, where: string): void {
 *     if (!(group.lr >= 0)) throw new ValueError(op, `${where}: lr must be ≥ 0, got ${group.lr}`, {});
 *   }
 *   protected update(param: NDArray, grad: NDArray, _state: unknown, group: BaseHyperParams): ParamUpdate {
 *     return { param: sub(param, mul(sign(grad), group.lr)), state: null };
 *   }
 * }
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new SignSGD([w], { lr: 0.5 });
 * w.mul(w).sum().backward();
 * opt.step();
 * w.toArray(); // [0.5, -1.5]
 * ```
 * @category Optimizers
 */
export interface OptimizerLayout {
  /** Name used in error messages, e.g. `"Adam"`. */
  name: string;
  /** State entries that are Tensors of the parameter's shape. */
  stateTensors: readonly string[];
  /** State entries that are non-negative integer counters. */
  stateCounters: readonly string[];
  /** Entries every non-empty state must hold. */
  requiredState: readonly string[];
}

/**
 * What {@link Optimizer.update} returns for one parameter: its new value and new state,
 * as NDArrays (the base class wraps the state's arrays in Tensors).
 * @example
 * ```ts
 * import type { ParamUpdate } from "@tsgrad/nn";
 * import { type NDArray, mul, sub, ndarray } from "@tsgrad/ndarray";
 * // What plain gradient descent returns for one parameter: the new value and no state.
 * const descend = (param: NDArray, grad: NDArray, lr: number): ParamUpdate => ({ param: sub(param, mul(grad, lr)), state: null });
 * descend(ndarray([1, 2]), ndarray([10, 10]), 0.1).param.toArray(); // [0, 1]
 * ```
 * @category Optimizers
 */
export interface ParamUpdate {
  /** The parameter's new value (same shape and dtype). */
  param: NDArray;
  /** The parameter's new state, or null to keep none. */
  state: ParamStateData | null;
}

/**
 * A parameter's state as an in-place update reads and writes it: each state Tensor's storage
 * (overwritten with the new values) and the counters.
 * @internal
 */
export type InPlaceState = Record<string, FloatArray | number>;

/**
 * Base class of the optimizers, after `torch.optim.Optimizer`: parameter groups with
 * their own hyper-parameters, per-parameter state, {@link Optimizer.zeroGrad},
 * {@link Optimizer.step}, and state dicts in PyTorch's layout.
 *
 * A step is atomic: hyper-parameters and every gradient are checked first, then the
 * parameters move. The built-in optimizers write a parameter's new value, and its state,
 * into the storage the optimizer gave them on an earlier step, when nothing else can read
 * the old values: no recorded graph that a backward has not released uses the parameter
 * (a backward through one would raise "modified after use"), no `detach()` (a module's
 * `stateDict()`) or optimizer `stateDict()` shared them since, and the storage is the
 * optimizer's own (not an array you assigned or loaded). Such a step allocates no arrays.
 * Otherwise, and on the first step, the new values go to new storage (`p.data = …`; the
 * state's Tensors get new NDArrays), so whatever held the old ones keeps them; either way
 * the values are the same to the bit and `p.version` grows by one. An NDArray you read
 * from `p.data` and keep (or a view you make of it without recording a graph) is the
 * parameter's storage: copy it (`p.data.clone()`, `tensor(p)`) to keep a snapshot.
 * Parameters whose `grad` is null are skipped.
 *
 * Subclasses give their defaults and {@link OptimizerLayout}, and implement
 * {@link Optimizer.checkHyper} and {@link Optimizer.update}.
 *
 * @typeParam H - the optimizer's hyper-parameters
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { SGD } from "@tsgrad/nn";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 * w.toArray(); // ≈ [0.8, 1.6]
 * ```
 * @category Optimizers
 */
export abstract class Optimizer<H extends BaseHyperParams = BaseHyperParams> {
  /** The hyper-parameters a group gets when it does not set them. */
  readonly defaults: Readonly<H>;
  /** The parameter groups, in order. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state (moment estimates and momentum buffers as Tensors, step counts). */
  readonly state: Map<Tensor, ParamState> = new Map();
  /** Name and state layout of this optimizer. */
  protected readonly layout: OptimizerLayout;
  /** Storage this optimizer allocated for parameters and state and has not shared since: it may write there in place. */
  readonly #own = new WeakSet<NDArray>();

  /**
   * @param params - parameters, or parameter groups with their own hyper-parameters
   * @param defaults - every hyper-parameter's default value
   * @param options - the user's overrides of `defaults` (unknown names are an error)
   * @param layout - name and state layout of the optimizer
   */
  protected constructor(params: ParamsInput<H>, defaults: H, options: Partial<H>, layout: OptimizerLayout) {
    this.layout = layout;
    const op = layout.name;
    if (!isRecord(options)) throw new ValueError(op, `options must be an object, got ${showValue(options)}`, {});
    this.checkKeys(op, Object.keys(options), "options", defaults);
    const merged = { ...defaults, ...options } as H;
    this.checkHyper(merged, op, "options");
    this.defaults = merged;
    if (params instanceof Tensor || params === null || typeof params !== "object" || !(Symbol.iterator in params)) {
      throw new ValueError(op, `params must be an iterable of Tensors or of parameter groups, got ${showValue(params)}`, {});
    }
    const items: unknown[] = [...(params as Iterable<unknown>)];
    let groups: ParamGroupSpec<H>[];
    if (items.every((x) => x instanceof Tensor)) groups = [{ params: items as Tensor[] } as unknown as ParamGroupSpec<H>];
    else if (items.every((x) => isRecord(x))) groups = items as ParamGroupSpec<H>[];
    else {
      throw new ValueError(op, "params must be all Tensors or all parameter groups ({ params, ...hyper }), not a mix", {});
    }
    // Validate every group before keeping any, so a bad one leaves no half-built optimizer.
    const built: ParamGroup<H>[] = [];
    const seen = new Set<Tensor>();
    groups.forEach((g, i) => built.push(this.buildGroup(op, g, i, seen)));
    if (seen.size === 0) throw new ValueError(op, "got an empty parameter list; an optimizer needs at least one parameter", {});
    this.paramGroups.push(...built);
  }

  /**
   * Checks one group's hyper-parameters, throwing a ValueError that names the
   * optimizer, `where` and the bad value. Called on construction, on
   * {@link Optimizer.addParamGroup}, before every step and when loading a state dict.
   *
   * @param group - the hyper-parameters
   * @param op - the operation, for errors (e.g. `"SGD"`, `"SGD.step"`)
   * @param where - where they come from, for messages (e.g. `"parameter group 1"`)
   */
  protected abstract checkHyper(group: H, op: string, where: string): void;

  /**
   * Computes one parameter's update from its value, gradient, state and group. Must not
   * modify anything: the base class assigns the results once every update is computed.
   *
   * @param param - the parameter's value
   * @param grad - its gradient (same shape and dtype)
   * @param state - its state from earlier steps, if any, as NDArrays
   * @param group - the hyper-parameters of its group
   * @returns the new value and state
   */
  protected abstract update(param: NDArray, grad: NDArray, state: ParamStateData | undefined, group: H): ParamUpdate;

  /**
   * The same update as {@link Optimizer.update}, written into the parameter's and the state's
   * own storage: `param` and the state's arrays are overwritten with the new values. Called
   * only when the base class found that storage unshared; every loop must read element i of
   * its inputs before it writes element i, so that the results equal `update`'s to the bit.
   *
   * @param param - the parameter's storage (contiguous, the parameter's size)
   * @param grad - its gradient's elements in row-major order
   * @param state - its state: arrays to overwrite and counters
   * @param group - the hyper-parameters of its group
   * @returns false when it cannot (the state lacks an array the loop needs, as on a first
   *   step; nothing is written then), else the new state (the same arrays, counters updated)
   *   or null for none
   * @internal
   */
  protected updateInPlace(param: FloatArray, grad: FloatArray, state: InPlaceState, group: H): InPlaceState | null | false {
    void param;
    void grad;
    void state;
    void group;
    return false;
  }

  private checkKeys(op: string, keys: readonly string[], where: string, defaults: H = this.defaults as H): void {
    const known = Object.keys(defaults);
    for (const key of keys) {
      if (key !== "params" && key !== "initialLr" && !known.includes(key)) {
        throw new ValueError(op, `${where}: unknown hyper-parameter "${key}"; expected one of ${known.join(", ")}`, {
          key,
        });
      }
    }
  }

  private buildGroup(op: string, spec: ParamGroupSpec<H>, index: number, seen: Set<Tensor>): ParamGroup<H> {
    const where = `parameter group ${index}`;
    if (!isRecord(spec)) throw new ValueError(op, `${where} must be an object { params, ...hyper }, got ${showValue(spec)}`, {});
    const source = spec.params as unknown;
    if (source instanceof Tensor || source === null || typeof source !== "object" || !(Symbol.iterator in source)) {
      throw new ValueError(op, `${where}: params must be an iterable of Tensors, got ${showValue(source)}`, {});
    }
    this.checkKeys(op, Object.keys(spec), where);
    const params = [...(source as Iterable<unknown>)];
    params.forEach((p, j) => {
      if (!(p instanceof Tensor)) throw new ValueError(op, `${where}: params[${j}] is ${showValue(p)}, not a Tensor`, {});
      if (!p.isLeaf) throw new ValueError(op, `${where}: params[${j}] is not a leaf Tensor; an optimizer can only update leaves`, {});
      if (p.dtype === "int32") throw new DTypeError(op, `${where}: params[${j}] has dtype int32; only float parameters can be optimized`, {});
      if (seen.has(p)) throw new ValueError(op, `${where}: params[${j}] appears more than once among the parameter groups`, {});
      seen.add(p);
    });
    const { params: _ignored, ...hyper } = spec;
    const group = { ...this.defaults, ...hyper, params: params as Tensor[] } as ParamGroup<H>;
    this.checkHyper(group, op, where);
    return group;
  }

  /**
   * Adds a parameter group (e.g. layers unfrozen during fine-tuning). Hyper-parameters
   * it does not set take the optimizer's defaults.
   *
   * @param group - `{ params, ...hyper }`
   * @throws ValueError for a parameter already in a group, a non-leaf or a bad hyper-parameter
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD } from "@tsgrad/nn";
   * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
   * opt.addParamGroup({ params: [tensor([2], { requiresGrad: true })], lr: 0.01 });
   * opt.paramGroups.length; // 2
   * ```
   */
  addParamGroup(group: ParamGroupSpec<H>): void {
    const seen = new Set<Tensor>(this.paramGroups.flatMap((g) => g.params));
    this.paramGroups.push(this.buildGroup(`${this.layout.name}.addParamGroup`, group, this.paramGroups.length, seen));
  }

  /**
   * Clears the gradient of every parameter, as PyTorch's `zero_grad()`: sets `grad` to
   * null (the default), or with `setToNone` false replaces existing gradients by zeros.
   *
   * @param setToNone - null the gradients (default true) instead of zeroing them
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD } from "@tsgrad/nn";
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new SGD([w]);
   * w.sum().backward();
   * opt.zeroGrad();
   * w.grad; // null
   * ```
   */
  zeroGrad(setToNone = true): void {
    checkBoolean(`${this.layout.name}.zeroGrad`, "arguments", "setToNone", setToNone);
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (setToNone) p.grad = null;
        else if (p.grad !== null) p.grad = new Tensor(zerosLike(p.data));
      }
    }
  }

  /**
   * Performs one optimization step on every parameter that has a gradient. With a
   * `closure` (which should zero the gradients, compute the loss, call `backward` and
   * return the loss), it is evaluated first with grad mode on and its result returned.
   *
   * Atomic: hyper-parameters, and each gradient's and each state Tensor's shape and dtype
   * against its parameter, are checked before anything changes.
   *
   * @typeParam L - what the closure returns
   * @param closure - optional: re-evaluates the model and returns the loss
   * @returns the closure's result, or undefined without a closure
   * @throws ShapeError or DTypeError when a gradient or state Tensor does not match its parameter; ValueError for a bad hyper-parameter
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { Adam } from "@tsgrad/nn";
   * const w = tensor([1, -1], { requiresGrad: true });
   * const opt = new Adam([w], { lr: 0.1 });
   * const loss = opt.step(() => {
   *   opt.zeroGrad();
   *   const l = w.mul(w).sum();
   *   l.backward();
   *   return l;
   * });
   * ```
   */
  step<L = undefined>(closure?: () => L): L | undefined {
    if (closure !== undefined && typeof closure !== "function") {
      throw new ValueError(`${this.layout.name}.step`, `closure must be a function or omitted, got ${showValue(closure)}`, {});
    }
    const loss = closure === undefined ? undefined : enableGrad(closure);
    // An error of a helper (the allocator refusing a buffer) is named after this call.
    noGrad(() => underName(`${this.layout.name}.step`, () => this.applyStep()));
    return loss;
  }

  private applyStep(): void {
    const op = `${this.layout.name}.step`;
    this.paramGroups.forEach((g, i) => this.checkHyper(g, op, `parameter group ${i}`));
    const pending: { p: Tensor; grad: NDArray; group: ParamGroup<H> }[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const i = index++;
        if (p.grad === null) continue;
        if (!(p.grad instanceof Tensor)) {
          throw new ValueError(op, `the gradient of parameter ${i} must be a Tensor or null, got ${showValue(p.grad)}`, { index: i });
        }
        const grad = p.grad.data;
        if (grad.ndim !== p.ndim || grad.shape.some((d, k) => d !== p.shape[k])) {
          throw new ShapeError(op, `the gradient of parameter ${i} has shape ${fmtShape(grad.shape)} but the parameter has shape ${fmtShape(p.shape)}`, {
            param: p.shape,
            grad: grad.shape,
            index: i,
          });
        }
        if (grad.dtype !== p.dtype) {
          throw new DTypeError(op, `the gradient of parameter ${i} has dtype ${grad.dtype} but the parameter has dtype ${p.dtype}`, {
            param: p.dtype,
            grad: grad.dtype,
            index: i,
          });
        }
        this.checkStateFits(op, p, i);
        pending.push({ p, grad, group });
      }
    }
    // Storage a gradient reads from must not be written during the step.
    const gradStorage = new Set(pending.map(({ grad }) => grad.storage));
    const inPlace = pending.filter(({ p }) => this.ownsUnshared(p, gradStorage));
    const outOfPlace = pending.filter((item) => !inPlace.includes(item));
    // Every new value is computed before any parameter moves: updates are pure, in-place ones touch only their own parameter.
    const results = outOfPlace.map(({ p, grad, group }) => this.update(p.data, grad, stateData(this.state.get(p)), group));
    for (const item of inPlace) {
      if (!this.stepInPlace(item.p, item.grad, item.group)) {
        outOfPlace.push(item);
        results.push(this.update(item.p.data, item.grad, stateData(this.state.get(item.p)), item.group));
      }
    }
    outOfPlace.forEach(({ p, grad }, k) => {
      const { param, state } = results[k]!;
      const before = new Set<NDArray>([p.data, grad, ...Object.values(stateData(this.state.get(p)) ?? {}).filter((v) => v instanceof NDArray)]);
      // New storage from the update becomes the optimizer's own; anything it passed through stays shared.
      if (!before.has(param)) this.#own.add(param);
      p.data = param;
      if (state === null) this.state.delete(p);
      else {
        for (const v of Object.values(state)) if (v instanceof NDArray && !before.has(v)) this.#own.add(v);
        this.state.set(p, stateTensors(state));
      }
    });
  }

  /**
   * Each state Tensor of `p` (momentum buffer, moment estimates) must have `p`'s shape and dtype:
   * after `p.data` is replaced by an array of another shape the state no longer fits, and
   * stepping would read past it (NaN) — refused before any parameter moves.
   */
  private checkStateFits(op: string, p: Tensor, i: number): void {
    const state = this.state.get(p);
    if (state === undefined) return;
    for (const name of this.layout.stateTensors) {
      const v = state[name];
      if (v === undefined) continue;
      if (!(v instanceof Tensor)) {
        throw new ValueError(op, `the state "${name}" of parameter ${i} must be a Tensor, got ${showValue(v)}`, { index: i });
      }
      if (v.ndim !== p.ndim || v.shape.some((d, k) => d !== p.shape[k])) {
        throw new ShapeError(
          op,
          `the state "${name}" of parameter ${i} has shape ${fmtShape(v.shape)} but the parameter has shape ${fmtShape(p.shape)} (was p.data replaced? reset with opt.state.delete(p))`,
          { param: p.shape, state: v.shape, index: i },
        );
      }
      if (v.dtype !== p.dtype) {
        throw new DTypeError(op, `the state "${name}" of parameter ${i} has dtype ${v.dtype} but the parameter has dtype ${p.dtype}`, {
          param: p.dtype,
          state: v.dtype,
          index: i,
        });
      }
    }
  }

  /** Whether `p`'s value and state are storage only this optimizer can see (see the class's notes). */
  private ownsUnshared(p: Tensor, gradStorage: ReadonlySet<unknown>): boolean {
    if (!this.#own.has(p.data) || p.valueShared || gradStorage.has(p.data.storage)) return false;
    const state = this.state.get(p);
    if (state === undefined) return true;
    for (const v of Object.values(state)) {
      if (v instanceof Tensor && (!this.#own.has(v.data) || v.valueShared || gradStorage.has(v.data.storage))) return false;
    }
    return true;
  }

  /** Runs {@link Optimizer.updateInPlace} on `p` and keeps its result; false when it declined (nothing changed). */
  private stepInPlace(p: Tensor, grad: NDArray, group: ParamGroup<H>): boolean {
    const state = this.state.get(p) ?? {};
    const arrays: InPlaceState = {};
    const byStorage = new Map<unknown, Tensor>();
    for (const [name, v] of Object.entries(state)) {
      if (v instanceof Tensor) {
        arrays[name] = v.data.storage as FloatArray;
        byStorage.set(v.data.storage, v);
      } else arrays[name] = v;
    }
    const next = this.updateInPlace(p.data.storage as FloatArray, flat(grad), arrays, group);
    if (next === false) return false;
    // The same storage, new values: each Tensor's version moves on, as an assignment's would.
    p.data = p.data;
    if (next === null) {
      this.state.delete(p);
      return true;
    }
    for (const name of Object.keys(state)) if (!(name in next)) delete state[name];
    for (const [name, v] of Object.entries(next)) {
      if (typeof v === "number") state[name] = v;
      else {
        const t = byStorage.get(v);
        if (t === undefined) throw new Error(`${this.layout.name}.updateInPlace returned new storage for "${name}"`);
        t.data = t.data;
        state[name] = t;
      }
    }
    this.state.set(p, state);
    return true;
  }

  /**
   * The optimizer's state in PyTorch's layout: `{ state: { index: {...} }, paramGroups:
   * [{ ...hyper, params: [indices] }] }`, parameters numbered across the groups in order.
   * The state's Tensors are shared, and keep their values: the next step gives them new
   * storage rather than overwriting theirs. The records are fresh copies.
   *
   * @returns the state dict
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { SGD } from "@tsgrad/nn";
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
   * w.sum().backward();
   * opt.step();
   * Object.keys(opt.stateDict().state["0"]!); // ["momentumBuffer"]
   * ```
   */
  stateDict(): OptimizerStateDict {
    // The dict shares the state's Tensors: the next step gives them new storage instead of overwriting it.
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) this.#own.delete(v.data);
    return packOptimizerState(this.paramGroups, this.state);
  }

  /**
   * Restores a state dict from {@link Optimizer.stateDict} (of an optimizer of the same
   * kind over parameters of the same shapes, in the same group layout). Saved parameter
   * indices map to this optimizer's parameters by position, as in PyTorch; the state's
   * Tensors (NDArrays are accepted too) are cast to their parameter's dtype. Everything
   * is validated first: on an error nothing has changed.
   *
   * @param stateDict - the state to load
   * @throws ValueError or ShapeError describing the first mismatch
   * @example
   * ```ts
   * import { tensor } from "@tsgrad/autograd";
   * import { Adam } from "@tsgrad/nn";
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new Adam([w]);
   * const saved = opt.stateDict();
   * new Adam([tensor([0, 0], { requiresGrad: true })]).loadStateDict(saved);
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const op = `${this.layout.name}.loadStateDict`;
    loadOptimizerState(op, stateDict, this.paramGroups, this.state, this.layout, {
      checkKeys: (keys, where) => this.checkKeys(op, keys, where),
      checkHyper: (group, where) => this.checkHyper(group, op, where),
    });
  }
}

/** A state's values as {@link Optimizer.update} reads them: each Tensor's NDArray. */
function stateData(state: ParamState | undefined): ParamStateData | undefined {
  if (state === undefined) return undefined;
  const out: ParamStateData = {};
  for (const [name, value] of Object.entries(state)) out[name] = value instanceof Tensor ? value.data : value;
  return out;
}

/** An update's new state as the optimizer keeps it: each NDArray wrapped in a Tensor. */
function stateTensors(state: ParamStateData): ParamState {
  const out: ParamState = {};
  for (const [name, value] of Object.entries(state)) out[name] = typeof value === "number" ? value : new Tensor(value);
  return out;
}
