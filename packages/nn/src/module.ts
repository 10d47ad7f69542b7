// Module, the base class of layers and models: registration and discovery of parameters, buffers
// and children, modes and repr. Turning that state into state dicts and back is in state-dict.ts.
import { Tensor } from "@tsgrad/autograd";
import { type DType, NDArray, TsgradError, ValueError, zerosLike } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkBoolean, checkOptions, describe, underName } from "./checks.js";
import { Parameter } from "./parameter.js";
import {
  type LoadStateDictOptions,
  type LoadStateDictResult,
  type StateDict,
  type StateEntry,
  loadStateEntries,
  stateDictOf,
} from "./state-dict.js";

/**
 * Options of {@link Module.registerBuffer}.
 * @example
 * ```ts
 * import { type BufferOptions, Module } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * class Counter extends Module {
 *   constructor() {
 *     super();
 *     const scratch: BufferOptions = { persistent: false }; // state, but not saved
 *     this.registerBuffer("count", zeros([1]));
 *     this.registerBuffer("cache", zeros([4]), scratch);
 *   }
 *   forward(): never {
 *     throw new Error("not used");
 *   }
 * }
 * Object.keys(new Counter().stateDict()); // ["count"]
 * ```
 * @category Modules
 */
export interface BufferOptions {
  /** Whether the buffer is part of {@link Module.stateDict} (default true). */
  persistent?: boolean;
}

/** The option names of {@link BufferOptions}. */
const BUFFER_KEYS: OptionKeys<BufferOptions> = { persistent: true };

interface BufferSlot {
  tensor: Tensor | null;
  persistent: boolean;
}

interface Members {
  params: [string, Parameter | null][];
  modules: [string, Module | null][];
}

const join = (prefix: string, name: string): string => (prefix === "" ? name : `${prefix}.${name}`);

/**
 * The base class of every layer and model, as `torch.nn.Module`.
 *
 * A subclass implements `forward(...)`. **The way to call a module is
 * `module.forward(input)`** — there is no implicit call syntax in TypeScript.
 *
 * Parameters and child modules are registered by assigning them to properties
 * (`this.fc = new Linear(2, 3)`, `this.scale = new Parameter(ones([3]))`): the
 * module discovers them by walking its own properties in insertion order. Plain
 * arrays are not walked — hold a list of modules in a {@link ModuleList} or a
 * {@link Sequential} (a plain array of modules is reported as an error rather than
 * silently ignored). {@link Module.registerParameter} and
 * {@link Module.registerModule} do the same explicitly and check the name.
 * Buffers — Tensors that are state but not trained (`requiresGrad` false), like
 * BatchNorm's running statistics — are declared with {@link Module.registerBuffer},
 * read as properties and replaced with {@link Module.setBuffer} (or by assigning the
 * property).
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 *
 * class Mlp extends tg.nn.Module {
 *   fc1 = new tg.nn.Linear(4, 8, { seed: 1 });
 *   act = new tg.nn.ReLU();
 *   fc2 = new tg.nn.Linear(8, 2, { seed: 2 });
 *   forward(x: tg.Tensor): tg.Tensor {
 *     return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
 *   }
 * }
 * const model = new Mlp();
 * model.forward(tg.randn([5, 4], { seed: 0 })).shape;    // [5, 2]
 * model.namedParameters().map(([name]) => name);          // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 * ```
 * @category Modules
 */
export abstract class Module {
  /** Whether the module is in training mode (set by {@link Module.train} and {@link Module.eval}). */
  training = true;
  readonly #buffers = new Map<string, BufferSlot>();

  /**
   * Names every error of `forward` after the class: an error an op inside raises under its
   * own name (`maxPool2d`, `linear`, a child's `Linear`) is raised again as `<Class>: <op>: …`
   * (same class and details), so the message starts with the layer the user called.
   */
  constructor() {
    const name = new.target.name;
    const proto = new.target.prototype as { forward?: unknown };
    if (name !== "" && typeof proto.forward === "function") {
      const forward = (...inputs: unknown[]): unknown => underName(name, () => (proto.forward as (...a: unknown[]) => unknown).apply(this, inputs));
      Object.defineProperty(this, "forward", {
        value: forward,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    } else if (typeof proto.forward !== "function") {
      // A JavaScript subclass that never wrote forward: a typed error when called, as PyTorch's
      // NotImplementedError, not "forward is not a function".
      const cls = name === "" ? "Module" : name;
      Object.defineProperty(this, "forward", {
        value: () => {
          throw new TsgradError(cls, `${cls} does not implement forward(); a Module subclass must define forward(...inputs)`, {});
        },
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }

  /**
   * The computation of the module. Subclasses declare their own signature, e.g.
   * `forward(x: Tensor): Tensor`; call it directly: `model.forward(x)`.
   * @param inputs - the inputs, as the subclass declares them
   * @returns the output, as the subclass declares it
   */
  abstract forward(...inputs: never[]): unknown;

  /** This module's own parameters and children, walked from its own properties. */
  #members(): Members {
    const params: Members["params"] = [];
    const modules: Members["modules"] = [];
    for (const key of Object.keys(this)) {
      const desc = Object.getOwnPropertyDescriptor(this, key);
      if (desc === undefined || !("value" in desc)) continue;
      const v: unknown = desc.value;
      if (v instanceof Parameter) params.push([key, v]);
      else if (v instanceof Module) modules.push([key, v]);
      else if (Array.isArray(v) && v.some((x) => x instanceof Module || x instanceof Parameter)) {
        throw new TsgradError(
          this.constructor.name,
          `property "${key}" is a plain array holding modules or parameters, which a Module does not register; hold modules in a ModuleList (or Sequential) instead: this.${key} = new ModuleList([...])`,
          { property: key },
        );
      }
    }
    return { params, modules };
  }

  /** Throws unless `name` may be registered as a `kind` on this module. */
  #checkName(op: string, name: unknown, kind: "parameter" | "module" | "buffer"): asserts name is string {
    if (typeof name !== "string" || name === "" || name.includes(".") || name === "__proto__") {
      throw new ValueError(op, `a ${kind} name must be a non-empty string without "." (and not "__proto__"), got ${describe(name)}`, { name });
    }
    const cls = this.constructor.name;
    const desc = Object.getOwnPropertyDescriptor(this, name);
    if (desc === undefined) {
      if (name in this) throw new TsgradError(op, `attribute "${name}" already exists on ${cls} (it is inherited, e.g. a method); choose another name`, { name });
      return;
    }
    if (this.#buffers.has(name)) {
      if (kind === "buffer") return;
      throw new TsgradError(op, `"${name}" is already a buffer of ${cls}; it cannot become a ${kind}`, { name });
    }
    if (!("value" in desc)) throw new TsgradError(op, `attribute "${name}" of ${cls} is an accessor; it cannot become a ${kind}`, { name });
    const v: unknown = desc.value;
    const fits = v === undefined || v === null || (kind === "parameter" && v instanceof Parameter) || (kind === "module" && v instanceof Module);
    if (!fits) throw new TsgradError(op, `attribute "${name}" already exists on ${cls} and holds ${describe(v)}; it cannot become a ${kind}`, { name });
  }

  /**
   * Registers a parameter under `name` (the same as assigning it to the property,
   * with the name checked). `null` declares an absent parameter, as Linear's `bias`
   * when `bias: false`.
   *
   * @param name - property name (no dots)
   * @param param - the parameter, or null
   * @throws ValueError for a bad name; TsgradError when the value is not a Parameter or the name is taken by something else
   * @example
   * ```ts
   * import { Linear, Parameter } from "@tsgrad/nn";
   * import { ones } from "@tsgrad/autograd";
   * const layer = new Linear(2, 2);
   * layer.registerParameter("scale", new Parameter(ones([2])));
   * layer.namedParameters().map(([n]) => n); // ["weight", "bias", "scale"]
   * ```
   */
  registerParameter(name: string, param: Parameter | null): void {
    this.#checkName("registerParameter", name, "parameter");
    const value: unknown = param;
    if (value !== null && !(value instanceof Parameter)) {
      throw new TsgradError(
        "registerParameter",
        `cannot register ${describe(value)} as parameter "${name}": expected a Parameter or null${value instanceof Tensor ? " (wrap the Tensor: new Parameter(v))" : ""}`,
        { name },
      );
    }
    (this as Record<string, unknown>)[name] = param;
  }

  /**
   * Registers a child module under `name` (the same as assigning it to the property,
   * with the name checked).
   *
   * @param name - property name (no dots)
   * @param module - the child, or null
   * @throws ValueError for a bad name; TsgradError when the value is not a Module or the name is taken
   * @example
   * ```ts
   * import { Sequential, Linear } from "@tsgrad/nn";
   * const net = new Sequential();
   * net.registerModule("head", new Linear(4, 1));
   * net.namedChildren().map(([n]) => n); // ["head"]
   * ```
   */
  registerModule(name: string, module: Module | null): void {
    this.#checkName("registerModule", name, "module");
    if (module !== null && !(module instanceof Module)) {
      throw new TsgradError("registerModule", `cannot register ${describe(module)} as module "${name}": expected a Module or null`, { name });
    }
    (this as Record<string, unknown>)[name] = module;
  }

  /**
   * Registers a buffer: a Tensor that is part of the module's state but not trained
   * (running statistics, fixed masks), as PyTorch's `register_buffer`. It becomes
   * readable as the property `name` (the Tensor itself, not a copy); replace it with
   * {@link Module.setBuffer} or by assigning the property. Persistent buffers are saved
   * in {@link Module.stateDict}. Registering an existing buffer again replaces its
   * value and persistence. A buffer must not require gradients.
   *
   * Declare the property type in the subclass with `declare`, e.g.
   * `declare runningMean: Tensor;`.
   *
   * @param name - property name (no dots)
   * @param tensor - initial value, or null for an absent buffer
   * @param opts - `persistent` (default true)
   * @throws ValueError for a bad name; TsgradError when the value is not a Tensor, requires gradients, or the name is taken
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * import { zeros } from "@tsgrad/autograd";
   * const layer = new Linear(2, 2);
   * layer.registerBuffer("steps", zeros([], { dtype: "int32" }));
   * Object.keys(layer.stateDict()); // ["weight", "bias", "steps"]
   * ```
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: BufferOptions = {}): void {
    this.#checkName("registerBuffer", name, "buffer");
    checkBufferValue("registerBuffer", name, tensor);
    const persistent = booleanOption("registerBuffer", "options", "persistent", checkOptions("registerBuffer", opts, BUFFER_KEYS).persistent, true);
    this.#buffers.set(name, { tensor, persistent });
    Object.defineProperty(this, name, {
      get: () => this.#buffers.get(name)!.tensor,
      set: (t: Tensor | null) => this.setBuffer(name, t),
      enumerable: true,
      configurable: true,
    });
  }

  /**
   * Replaces a registered buffer with another Tensor (stored as given, not copied). To
   * change a buffer's values but keep the Tensor, assign its `data` instead.
   *
   * @param name - the buffer's name
   * @param tensor - the new value, or null
   * @throws TsgradError when no buffer `name` is registered, or the value is not a Tensor or requires gradients
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * import { ones, zeros } from "@tsgrad/autograd";
   * const layer = new Linear(2, 2);
   * layer.registerBuffer("mask", ones([2]));
   * layer.setBuffer("mask", zeros([2]));
   * layer.getBuffer("mask")!.toArray(); // [0, 0]
   * ```
   */
  setBuffer(name: string, tensor: Tensor | null): void {
    checkName("setBuffer", name);
    const slot = this.#buffers.get(name);
    if (slot === undefined) {
      const known = [...this.#buffers.keys()];
      throw new TsgradError("setBuffer", `${this.constructor.name} has no buffer "${name}" (buffers: ${known.length ? known.join(", ") : "none"}); register it first with registerBuffer`, { name });
    }
    checkBufferValue("setBuffer", name, tensor);
    slot.tensor = tensor;
  }

  /**
   * The value of a registered buffer.
   * @param name - the buffer's name
   * @returns its Tensor (null for an absent buffer)
   * @throws TsgradError when no buffer `name` is registered
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * import { zeros } from "@tsgrad/autograd";
   * const layer = new Linear(2, 2);
   * layer.registerBuffer("count", zeros([1]));
   * layer.getBuffer("count")!.shape; // [1]
   * ```
   */
  getBuffer(name: string): Tensor | null {
    checkName("getBuffer", name);
    const slot = this.#buffers.get(name);
    if (slot === undefined) throw new TsgradError("getBuffer", `${this.constructor.name} has no buffer "${name}"`, { name });
    return slot.tensor;
  }

  /**
   * This module and every module below it with dotted names (`""` for this one),
   * depth first in registration order; a module reached twice is listed once.
   * @param prefix - prepended to every name (default none)
   * @returns `[name, module]` pairs
   * @example
   * ```ts
   * import { Sequential, Linear, ReLU } from "@tsgrad/nn";
   * new Sequential(new Linear(2, 2), new ReLU()).namedModules().map(([n]) => n); // ["", "0", "1"]
   * ```
   */
  namedModules(prefix = ""): [string, Module][] {
    checkPrefix("namedModules", prefix);
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (m: Module, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [n, child] of m.#members().modules) if (child) visit(child, join(name, n));
    };
    visit(this, prefix);
    return out;
  }

  /**
   * This module and every module below it (see {@link Module.namedModules}).
   * @returns the modules, this one first
   * @example
   * ```ts
   * import { Sequential, Linear } from "@tsgrad/nn";
   * new Sequential(new Linear(2, 2)).modules().length; // 2
   * ```
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * The direct children with their names, each once.
   * @returns `[name, module]` pairs in registration order
   * @example
   * ```ts
   * import { Sequential, Linear, ReLU } from "@tsgrad/nn";
   * new Sequential(new Linear(2, 2), new ReLU()).namedChildren().map(([n]) => n); // ["0", "1"]
   * ```
   */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [n, m] of this.#members().modules) {
      if (m && !seen.has(m)) {
        seen.add(m);
        out.push([n, m]);
      }
    }
    return out;
  }

  /**
   * The direct children, each once.
   * @returns the child modules in registration order
   * @example
   * ```ts
   * import { Sequential, Linear, ReLU } from "@tsgrad/nn";
   * new Sequential(new Linear(2, 2), new ReLU()).children().length; // 2
   * ```
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * Every parameter with its dotted name (`"layers.0.weight"`), each parameter once
   * even when shared between modules.
   * @param prefix - prepended to every name (default none)
   * @param recurse - include the parameters of sub-modules (default true)
   * @returns `[name, parameter]` pairs
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * new Linear(2, 3).namedParameters().map(([n, p]) => `${n} ${p.shape}`); // ["weight 3,2", "bias 3"]
   * ```
   */
  namedParameters(prefix = "", recurse = true): [string, Parameter][] {
    return this.#named("namedParameters", prefix, recurse, (m) => m.#members().params);
  }

  /**
   * The members `pick` finds in this module (and its sub-modules when `recurse`), with their
   * dotted names, each object once, nulls skipped: namedParameters and namedBuffers.
   */
  #named<T extends object>(op: string, prefix: string, recurse: boolean, pick: (m: Module) => Iterable<[string, T | null]>): [string, T][] {
    checkPrefix(op, prefix);
    checkBoolean(op, "arguments", "recurse", recurse);
    const out: [string, T][] = [];
    const seen = new Set<T>();
    const scope: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [mp, m] of scope) {
      for (const [n, v] of pick(m)) {
        if (v && !seen.has(v)) {
          seen.add(v);
          out.push([join(mp, n), v]);
        }
      }
    }
    return out;
  }

  /**
   * Every parameter, each once (what an optimizer takes).
   * @param recurse - include the parameters of sub-modules (default true)
   * @returns the parameters in registration order
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * new Linear(2, 3).parameters().length; // 2
   * ```
   */
  parameters(recurse = true): Parameter[] {
    checkBoolean("parameters", "arguments", "recurse", recurse);
    return this.namedParameters("", recurse).map(([, p]) => p);
  }

  /**
   * Every non-null buffer (persistent or not) with its dotted name, each Tensor once.
   * @param prefix - prepended to every name (default none)
   * @param recurse - include the buffers of sub-modules (default true)
   * @returns `[name, buffer]` pairs
   * @example
   * ```ts
   * import { Sequential, Linear } from "@tsgrad/nn";
   * import { zeros } from "@tsgrad/autograd";
   * const net = new Sequential(new Linear(2, 2));
   * net.at(0).registerBuffer("seen", zeros([1]));
   * net.namedBuffers().map(([n]) => n); // ["0.seen"]
   * ```
   */
  namedBuffers(prefix = "", recurse = true): [string, Tensor][] {
    return this.#named("namedBuffers", prefix, recurse, (m) => [...m.#buffers].map(([n, slot]): [string, Tensor | null] => [n, slot.tensor]));
  }

  /**
   * Every non-null buffer, each once.
   * @param recurse - include the buffers of sub-modules (default true)
   * @returns the buffers
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * new Linear(2, 2).buffers().length; // 0
   * ```
   */
  buffers(recurse = true): Tensor[] {
    checkBoolean("buffers", "arguments", "recurse", recurse);
    return this.namedBuffers("", recurse).map(([, t]) => t);
  }

  /**
   * Sets training mode on this module and, recursively, its children. Layers such as
   * Dropout and BatchNorm behave differently in training and evaluation.
   * @param mode - true for training (default), false for evaluation
   * @returns this module
   * @example
   * ```ts
   * import { Sequential, Dropout } from "@tsgrad/nn";
   * const net = new Sequential(new Dropout(0.5));
   * net.train(false).at(0).training; // false
   * ```
   */
  train(mode = true): this {
    checkBoolean("train", "arguments", "mode", mode);
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /**
   * Evaluation mode: `train(false)`.
   * @returns this module
   * @example
   * ```ts
   * import { Dropout } from "@tsgrad/nn";
   * new Dropout().eval().training; // false
   * ```
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears the gradients of every parameter.
   * @param setToNone - set `grad` to null (default, as PyTorch 2) rather than to zeros
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * import { ones } from "@tsgrad/autograd";
   * const layer = new Linear(2, 1);
   * layer.forward(ones([1, 2])).sum().backward();
   * layer.zeroGrad();
   * layer.weight.grad; // null
   * ```
   */
  zeroGrad(setToNone = true): void {
    checkBoolean("zeroGrad", "arguments", "setToNone", setToNone);
    for (const p of this.parameters()) {
      if (setToNone || p.grad === null) p.grad = null;
      else p.grad = new Tensor(zerosLike(p.grad.data));
    }
  }

  /**
   * Calls `fn` on every sub-module (children first, depth first) and then on this
   * module, as PyTorch's `apply` — typically to initialise weights.
   * @param fn - called once per module
   * @returns this module
   * @example
   * ```ts
   * import { Sequential, Linear, init } from "@tsgrad/nn";
   * const net = new Sequential(new Linear(2, 2), new Linear(2, 1));
   * net.apply((m) => { if (m instanceof Linear) init.zeros(m.weight); });
   * ```
   */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== "function") throw new ValueError("apply", `expected a function (module) => void, got ${describe(fn)}`, {});
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Turns gradient tracking of every parameter on or off (to freeze a part of a model).
   * @param requiresGrad - the new flag (default true)
   * @returns this module
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * const layer = new Linear(2, 2).setRequiresGrad(false);
   * layer.weight.requiresGrad; // false
   * ```
   */
  setRequiresGrad(requiresGrad = true): this {
    checkBoolean("setRequiresGrad", "arguments", "requiresGrad", requiresGrad);
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /**
   * Converts every parameter (and its `.grad`, when it has one) and floating-point buffer to
   * `dtype` (int32 buffers are left as they are, as PyTorch's `module.to(dtype)`). Parameters
   * and buffers keep their identity: their `data` is replaced.
   * @param dtype - `"float32"` or `"float64"`
   * @returns this module
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * new Linear(2, 2).to("float64").weight.dtype; // "float64"
   * ```
   */
  to(dtype: DType): this {
    if (dtype !== "float32" && dtype !== "float64") {
      throw new ValueError("Module.to", `dtype must be "float32" or "float64" (parameters are floating point), got ${describe(dtype)}`, { dtype });
    }
    for (const m of this.modules()) {
      for (const [, p] of m.#members().params) {
        if (!p || p.dtype === dtype) continue;
        const grad = p.grad;
        p.data = p.data.astype(dtype);
        // The gradient follows its parameter (as PyTorch's), so a backward or an optimizer step can follow.
        if (grad) p.grad = new Tensor(grad.data.astype(dtype));
      }
      for (const slot of m.#buffers.values()) {
        if (slot.tensor && slot.tensor.dtype !== "int32" && slot.tensor.dtype !== dtype) slot.tensor.data = slot.tensor.data.astype(dtype);
      }
    }
    return this;
  }

  /** Every state Tensor with its key, in PyTorch's order; shared modules appear under each name. */
  #stateEntries(): StateEntry[] {
    const out: StateEntry[] = [];
    const path: Module[] = [];
    const visit = (m: Module, prefix: string): void => {
      if (path.includes(m)) {
        throw new TsgradError("stateDict", `the module graph has a cycle: ${m.constructor.name} at "${prefix}" contains itself`, { key: prefix });
      }
      path.push(m);
      const members = m.#members();
      for (const [n, p] of members.params) {
        if (p) out.push({ key: join(prefix, n), tensor: p });
      }
      for (const [n, slot] of m.#buffers) {
        if (slot.tensor && slot.persistent) out.push({ key: join(prefix, n), tensor: slot.tensor });
      }
      for (const [n, child] of members.modules) if (child) visit(child, join(prefix, n));
      path.pop();
    };
    visit(this, "");
    return out;
  }

  /**
   * The module's state, as PyTorch's `state_dict()`: every parameter and every
   * persistent buffer under its dotted name, in registration order (parameters, then
   * buffers, then each child's). Each value is a detached Tensor (`requiresGrad`
   * false) sharing the current values without copying them; tsgrad never writes into
   * the storage of values (training and loading replace a parameter's or buffer's
   * `data`), so the dict is a snapshot of the module at the time of the call.
   *
   * @returns name → Tensor
   * @example
   * ```ts
   * import { Sequential, Linear } from "@tsgrad/nn";
   * const net = new Sequential(new Linear(2, 3), new Linear(3, 1));
   * Object.keys(net.stateDict()); // ["0.weight", "0.bias", "1.weight", "1.bias"]
   * ```
   */
  stateDict(): StateDict {
    return stateDictOf(this.#stateEntries());
  }

  /**
   * Loads a state dict (from {@link Module.stateDict} or `loadSafetensors`). Every
   * key is checked first — missing and unexpected keys (when `strict`), shape and
   * dtype mismatches, values that are not Tensors — and all problems are reported
   * together in one {@link StateDictError}; the module is changed only when there is
   * none. Values are copied into the parameters' and buffers' `data`, so the module
   * never shares storage with the dict, and parameters and buffers keep their
   * identity (optimizers holding them keep working).
   *
   * @param stateDict - name → Tensor (an NDArray is accepted too, as the values)
   * @param opts - `strict` (default true)
   * @returns the missing and unexpected keys (both empty when strict)
   * @throws StateDictError listing every problem found
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * const a = new Linear(2, 2, { seed: 1 });
   * const b = new Linear(2, 2, { seed: 2 });
   * b.loadStateDict(a.stateDict());
   * b.weight.toArray(); // the same values as a.weight
   * ```
   */
  loadStateDict(stateDict: Readonly<Record<string, Tensor | NDArray>>, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    return loadStateEntries(this.constructor.name, () => this.#stateEntries(), stateDict, opts);
  }

  /**
   * The extra information shown between the parentheses of this module's line in
   * {@link Module.toString} (PyTorch's `extra_repr`); subclasses override it.
   * @returns the text, empty by default
   * @example
   * ```ts
   * import { Linear } from "@tsgrad/nn";
   * new Linear(2, 3).extraRepr(); // "inFeatures=2, outFeatures=3, bias=true"
   * ```
   */
  extraRepr(): string {
    return "";
  }

  /**
   * A summary like PyTorch's `repr`: the tree of modules with their settings, then
   * the total and trainable parameter counts.
   * @returns the summary
   * @example
   * ```ts
   * import { Sequential, Linear, ReLU } from "@tsgrad/nn";
   * console.log(new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1)).toString());
   * // Sequential(
   * //   (0): Linear(inFeatures=2, outFeatures=8, bias=true)
   * //   (1): ReLU()
   * //   (2): Linear(inFeatures=8, outFeatures=1, bias=true)
   * // )
   * // Total parameters: 33 (trainable: 33)
   * ```
   */
  toString(): string {
    let total = 0;
    let trainable = 0;
    for (const p of this.parameters()) {
      total += p.size;
      if (p.requiresGrad) trainable += p.size;
    }
    return `${Module.#repr(this, new Set())}\nTotal parameters: ${groupDigits(total)} (trainable: ${groupDigits(trainable)})`;
  }

  /** PyTorch's module repr: `Name(extra)` or `Name(\n  (child): …\n)`, every child slot listed, indented by two. */
  static #repr(m: Module, path: Set<Module>): string {
    if (path.has(m)) return `${m.constructor.name}(<cycle>)`;
    const extra = m.extraRepr();
    const extraLines = extra === "" ? [] : extra.split("\n");
    path.add(m);
    const childLines: string[] = [];
    for (const [n, c] of m.#members().modules) {
      if (c) childLines.push(`(${n}): ${Module.#repr(c, path).split("\n").join("\n  ")}`);
    }
    path.delete(m);
    const lines = [...extraLines, ...childLines];
    let body = "";
    if (extraLines.length === 1 && childLines.length === 0) body = extraLines[0]!;
    else if (lines.length > 0) body = `\n  ${lines.join("\n  ")}\n`;
    return `${m.constructor.name}(${body})`;
  }
}

/** A name to look up (a buffer's): a string, else a ValueError naming `op`. */
function checkName(op: string, name: unknown): asserts name is string {
  if (typeof name !== "string") throw new ValueError(op, `expected a name as a string, got ${describe(name)}`, {});
}

/** The prefix of the named* walks: a string, else a ValueError naming `op`. */
function checkPrefix(op: string, prefix: unknown): void {
  if (typeof prefix !== "string") throw new ValueError(op, `expected prefix as a string, got ${describe(prefix)}`, {});
}

function checkBufferValue(op: string, name: string, tensor: unknown): void {
  if (tensor instanceof Tensor && tensor.requiresGrad) {
    throw new TsgradError(op, `buffer "${name}" requires gradients, but buffers are not trained; pass a detached Tensor (t.detach()), or register a Parameter instead`, {
      name,
    });
  }
  if (tensor === null || tensor instanceof Tensor) return;
  throw new TsgradError(
    op,
    `buffer "${name}" must be a Tensor or null, got ${describe(tensor)}${tensor instanceof NDArray ? " (wrap it with tensor(...))" : ""}`,
    { name },
  );
}

function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
