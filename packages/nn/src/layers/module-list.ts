// ModuleList and ModuleListBase, what Sequential shares with it (children by position, their index
// and item checks): containers apart from Module, which only walks properties.
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { describe, underName } from "../checks.js";
import { Module } from "../module.js";

/** Normalises a possibly negative index into [0, length), or throws. @internal */
export function containerIndex(op: string, i: number, length: number): number {
  if (!Number.isInteger(i) || i < -length || i >= length) {
    throw new ValueError(op, `index ${describe(i)} is out of range for ${length} modules`, { index: i, length });
  }
  return i < 0 ? i + length : i;
}

/** Throws a ValueError naming `op` unless `modules` is iterable (an array, a Set, a generator, …). @internal */
export function checkIterable(op: string, modules: unknown): Iterable<unknown> {
  if (modules === null || typeof modules !== "object" || typeof (modules as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    throw new ValueError(op, `expected an iterable of Modules, got ${describe(modules)}`, {});
  }
  return modules as Iterable<unknown>;
}

/** Throws unless `m` is a Module. @internal */
export function checkModule(op: string, m: unknown, position: number): Module {
  if (!(m instanceof Module)) throw new TsgradError(op, `item ${position} is ${describe(m)}, not a Module`, { position });
  return m;
}

/**
 * The base of {@link ModuleList} and {@link Sequential}: children named `"0"`, `"1"`, … in
 * order, readable by index (`list[0]`, `list.at(-1)`), counted by `length`, iterable, and
 * added at the end with `append`. Errors name the container's method, e.g. `Sequential.at`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const containers: tg.nn.ModuleListBase[] = [
 *   new tg.nn.ModuleList([new tg.nn.ReLU()]),
 *   new tg.nn.Sequential(new tg.nn.ReLU(), new tg.nn.Tanh()),
 * ];
 * containers.map((c) => c.length); // [1, 2]
 * containers[1]!.at(-1).toString(); // "Tanh()" and the parameter count
 * ```
 * @category Containers
 */
export abstract class ModuleListBase extends Module {
  /** The modules by position. */
  readonly [index: number]: Module;
  readonly #name: string;
  #length = 0;

  /**
   * @param name - the container's name, for errors (`"ModuleList"`, `"Sequential"`)
   */
  protected constructor(name: string) {
    super();
    this.#name = name;
  }

  /** Number of modules. */
  get length(): number {
    return this.#length;
  }

  /**
   * The module at a position.
   * @param index - position; negative counts from the end
   * @returns the module
   * @throws ValueError when out of range
   */
  at(index: number): Module {
    return this[containerIndex(`${this.#name}.at`, index, this.#length)]!;
  }

  /**
   * Adds a module at the end.
   * @param module - the module
   * @returns this container
   */
  append(module: Module): this {
    this.registerModule(String(this.#length), checkModule(`${this.#name}.append`, module, this.#length));
    this.#length++;
    return this;
  }

  /**
   * Iterates over the modules in order.
   * @returns an iterator
   */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (let i = 0; i < this.#length; i++) yield this[i]!;
  }

  /**
   * Puts `modules` at positions 0, 1, … (the first `length` of them already registered there
   * or shifted), as an insertion leaves them.
   * @param modules - every module, in their new order
   */
  protected reorder(modules: readonly Module[]): void {
    modules.forEach((m, i) => ((this as unknown as Record<string, Module>)[String(i)] = m));
    this.#length = modules.length;
  }
}

/**
 * A list of modules that registers them (`torch.nn.ModuleList`): the children are
 * named `"0"`, `"1"`, … and readable by index (`list[0]`, `list.at(-1)`). It has no
 * forward of its own: iterate over it in the parent's forward.
 *
 * @example
 * ```ts
 * import { ModuleList, Linear } from "@tsgrad/nn";
 * const blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 * blocks.length;                                        // 2
 * blocks.namedParameters().map(([n]) => n);             // ["0.weight", "0.bias", "1.weight", "1.bias"]
 * for (const block of blocks) console.log(block.toString());
 * ```
 * @category Containers
 */
export class ModuleList extends ModuleListBase {
  /**
   * @param modules - the initial modules (default none)
   */
  constructor(modules: Iterable<Module> = []) {
    super("ModuleList");
    checkIterable("ModuleList", modules);
    underName("ModuleList", () => this.extend(modules));
  }

  /**
   * Adds modules at the end (all are checked before any is added).
   * @param modules - the modules
   * @returns this list
   * @throws ValueError when `modules` is not iterable; TsgradError when an item is not a Module
   */
  extend(modules: Iterable<Module>): this {
    const list = [...checkIterable("ModuleList.extend", modules)].map((m, i) => checkModule("ModuleList.extend", m, i));
    for (const m of list) this.append(m);
    return this;
  }

  /**
   * Inserts a module before a position, shifting the later ones.
   * @param index - position (negative counts from the end; `length` appends)
   * @param module - the module
   * @returns this list
   * @throws ValueError when `index` is not an integer in `[-length, length]`; TsgradError when `module` is not a Module
   */
  insert(index: number, module: Module): this {
    const at = index === this.length ? index : containerIndex("ModuleList.insert", index, this.length);
    checkModule("ModuleList.insert", module, at);
    const items = [...this];
    items.splice(at, 0, module);
    this.reorder(items);
    return this;
  }

  /**
   * A ModuleList has no forward; iterate over it instead.
   * @returns never
   * @throws TsgradError always
   */
  forward(): never {
    throw new TsgradError("ModuleList", "a ModuleList has no forward: call its modules in the parent's forward (for (const m of list) x = m.forward(x)), or use Sequential", {});
  }
}
