// ModuleDict, the string-keyed container of child modules (torch.nn.ModuleDict): containers live
// apart from Module, which only walks properties.
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { describe, showValue, underName } from "../checks.js";
import { Module } from "../module.js";

/**
 * A dictionary of modules that registers them under their keys (`torch.nn.ModuleDict`):
 * `dict.get("encoder")`, and state-dict keys `"encoder.weight"`, … Keys are kept in
 * insertion order (the state dict lists integer-like keys such as `"0"` first, as
 * JavaScript orders such properties); a key must be a non-empty string without `"."`
 * that is not already an attribute of the dict (`"forward"`, `"keys"`, `"training"`, …),
 * as PyTorch. Iterating a ModuleDict yields its keys, as iterating PyTorch's does. It has
 * no forward of its own: look modules up in the parent's forward.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const heads = new tg.nn.ModuleDict({ classify: new tg.nn.Linear(8, 3), regress: new tg.nn.Linear(8, 1) });
 * const features = tg.randn([2, 8], { seed: 0 });
 * (heads.get("regress") as tg.nn.Linear).forward(features).shape; // [2, 1]
 * [...heads.keys()];                                                // ["classify", "regress"]
 * Object.keys(heads.stateDict());                                   // ["classify.weight", "classify.bias", "regress.weight", "regress.bias"]
 * ```
 * @category Containers
 */
export class ModuleDict extends Module {
  readonly #keys: string[] = [];

  /**
   * @param modules - the initial modules: an object of key → module, or `[key, module]` pairs (default none)
   * @throws ValueError for a bad key; TsgradError for a value that is not a Module
   */
  constructor(modules: Readonly<Record<string, Module>> | Iterable<readonly [string, Module]> = {}) {
    super();
    underName("ModuleDict", () => this.update(modules));
  }

  /** Number of modules. */
  get size(): number {
    return this.#keys.length;
  }

  /**
   * The module under a key.
   * @param key - the key
   * @returns the module
   * @throws ValueError when there is no such key
   */
  get(key: string): Module {
    return this.#lookup("ModuleDict.get", key);
  }

  /** The module under `key`, or a ValueError naming `op` (a key that is not a string, or is absent). */
  #lookup(op: string, key: unknown): Module {
    if (typeof key !== "string") throw new ValueError(op, `keys must be strings, got ${describe(key)}`, { key });
    if (!this.has(key)) {
      throw new ValueError(op, `no module under key ${showValue(key)} (keys: ${this.#keys.map((k) => showValue(k)).join(", ") || "none"})`, { key });
    }
    return (this as unknown as Record<string, Module>)[key]!;
  }

  /**
   * Whether a module is registered under a key.
   * @param key - the key
   * @returns true when present
   */
  has(key: string): boolean {
    return this.#keys.includes(key);
  }

  /**
   * Registers a module under a key, replacing any module already there (it keeps its position).
   * @param key - the key (non-empty, no `"."`, not an attribute of the dict)
   * @param module - the module
   * @returns this dict
   * @throws ValueError for a bad key; TsgradError when the value is not a Module or the key is taken by an attribute
   */
  set(key: string, module: Module): this {
    if (typeof key !== "string") throw new ValueError("ModuleDict.set", `keys must be strings, got ${describe(key)}`, { key });
    if (!(module instanceof Module)) throw new TsgradError("ModuleDict.set", `the value of key ${showValue(key)} is ${describe(module)}, not a Module`, { key });
    this.registerModule(key, module);
    if (!this.#keys.includes(key)) this.#keys.push(key);
    return this;
  }

  /**
   * Removes the module under a key (PyTorch's `pop`).
   * @param key - the key
   * @returns the module removed
   * @throws ValueError when there is no such key
   */
  delete(key: string): Module {
    const m = this.#lookup("ModuleDict.delete", key);
    delete (this as unknown as Record<string, Module>)[key];
    this.#keys.splice(this.#keys.indexOf(key), 1);
    return m;
  }

  /** Removes every module. */
  clear(): void {
    for (const k of [...this.#keys]) this.delete(k);
  }

  /**
   * Registers several modules (all are checked before any is added), as PyTorch's `update`.
   * @param modules - an object of key → module, or `[key, module]` pairs
   * @returns this dict
   * @throws ValueError for a bad key; TsgradError for a value that is not a Module
   */
  update(modules: Readonly<Record<string, Module>> | Iterable<readonly [string, Module]>): this {
    if (modules === null || typeof modules !== "object") {
      throw new TsgradError("ModuleDict.update", `expected an object of key → module or [key, module] pairs, got ${describe(modules)}`, {});
    }
    const entries: (readonly [string, Module])[] =
      Symbol.iterator in modules ? [...(modules as Iterable<readonly [string, Module]>)] : Object.entries(modules as Record<string, Module>);
    entries.forEach((e, i) => {
      if (!Array.isArray(e) || e.length !== 2) throw new TsgradError("ModuleDict.update", `item ${i} is ${describe(e)}, not a [key, module] pair`, { position: i });
      if (typeof e[0] !== "string") throw new ValueError("ModuleDict.update", `keys must be strings, got ${describe(e[0])} in item ${i}`, { position: i });
      if (!(e[1] instanceof Module)) throw new TsgradError("ModuleDict.update", `the value of key ${showValue(e[0])} is ${describe(e[1])}, not a Module`, { key: e[0] });
    });
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }

  /**
   * The keys, in insertion order.
   * @returns an iterator of keys
   */
  keys(): IterableIterator<string> {
    return [...this.#keys][Symbol.iterator]();
  }

  /**
   * The modules, in insertion order.
   * @returns an iterator of modules
   */
  values(): IterableIterator<Module> {
    return this.#keys.map((k) => this.get(k))[Symbol.iterator]();
  }

  /**
   * The `[key, module]` pairs, in insertion order.
   * @returns an iterator of pairs
   */
  entries(): IterableIterator<[string, Module]> {
    return this.#keys.map((k): [string, Module] => [k, this.get(k)])[Symbol.iterator]();
  }

  /**
   * Iterates over the keys, as PyTorch's ModuleDict.
   * @returns an iterator of keys
   */
  [Symbol.iterator](): IterableIterator<string> {
    return this.keys();
  }

  /**
   * A ModuleDict has no forward; look its modules up instead.
   * @returns never
   * @throws TsgradError always
   */
  forward(): never {
    throw new TsgradError("ModuleDict", "a ModuleDict has no forward: call its modules in the parent's forward (dict.get(key).forward(x))", {});
  }
}
