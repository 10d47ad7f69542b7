// Sequential, a container that runs its modules in order; one layer per file.
import type { Tensor } from "@tsgrad/autograd";
import { Module } from "../module.js";
import { checkModule, containerIndex } from "./module-list.js";

/** What Sequential calls on each child. */
interface OneInput {
  forward(input: unknown): unknown;
}

/**
 * A chain of modules applied in order, each to the previous one's output
 * (`torch.nn.Sequential`). Children are named `"0"`, `"1"`, … (so parameters are
 * `"0.weight"`, …) and readable by index (`seq[0]`, `seq.at(-1)`).
 *
 * @example
 * ```ts
 * import { Sequential, Linear, ReLU } from "@tsgrad/nn";
 * import { randn } from "@tsgrad/autograd";
 * const mlp = new Sequential(new Linear(2, 8, { seed: 0 }), new ReLU(), new Linear(8, 1, { seed: 1 }));
 * mlp.forward(randn([4, 2], { seed: 2 })).shape; // [4, 1]
 * ```
 * @category Containers
 */
export class Sequential extends Module {
  /** The modules by position. */
  readonly [index: number]: Module;
  #length = 0;

  /**
   * @param modules - the modules, in the order they are applied
   */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => checkModule("Sequential", m, i));
    for (const m of modules) this.append(m);
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
    return this[containerIndex("Sequential.at", index, this.#length)]!;
  }

  /**
   * Adds a module at the end of the chain.
   * @param module - the module
   * @returns this Sequential
   */
  append(module: Module): this {
    this.registerModule(String(this.#length), checkModule("Sequential.append", module, this.#length));
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
   * Applies the modules in order; an empty Sequential returns its input.
   * @param input - the first module's input
   * @returns the last module's output
   */
  forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of this) x = (m as unknown as OneInput).forward(x);
    return x as Tensor;
  }
}
