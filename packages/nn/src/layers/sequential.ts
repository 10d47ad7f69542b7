// Sequential, a container that runs its modules in order, over ModuleListBase (module-list.ts),
// which holds them by position; one layer per file.
import type { Tensor } from "@tsgrad/autograd";
import type { Module } from "../module.js";
import { ModuleListBase, checkModule } from "./module-list.js";

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
export class Sequential extends ModuleListBase {
  /**
   * @param modules - the modules, in the order they are applied
   */
  constructor(...modules: Module[]) {
    super("Sequential");
    modules.forEach((m, i) => checkModule("Sequential", m, i));
    for (const m of modules) this.append(m);
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
