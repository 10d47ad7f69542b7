// Dropout, which zeroes inputs at random while training: one layer per file, so each layer's
// options, checks and forward read on their own.
import { Tensor, mul } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type Generator, DTypeError } from "@tsgrad/ndarray";
import { type SeedOptions, resolveSeed } from "../init.js";
import { checkNumber, checkOptions, inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Inverted dropout (`torch.nn.Dropout`): in training, each element is zeroed with
 * probability `p` and the survivors are scaled by `1 / (1 − p)`, so the expected
 * value is unchanged; in evaluation mode it is the identity. The masks are drawn from
 * the layer's own generator when it is given a `seed` (or a `generator`), so a seeded
 * model trains the same way every run.
 *
 * @example
 * ```ts
 * import { Dropout } from "@tsgrad/nn";
 * import { ones } from "@tsgrad/autograd";
 * const drop = new Dropout(0.5, { seed: 0 });
 * drop.forward(ones([6])).toArray(); // each element 0 or 2
 * drop.eval().forward(ones([6])).toArray(); // [1, 1, 1, 1, 1, 1]
 * ```
 * @category Layers
 */
export class Dropout extends Module {
  /** Probability of zeroing an element. */
  readonly p: number;
  readonly #generator: Generator | undefined;

  /**
   * @param p - probability of zeroing an element, in [0, 1] (default 0.5)
   * @param opts - `seed` or `generator` for the masks (default: the global generator)
   */
  constructor(p = 0.5, opts: SeedOptions = {}) {
    checkOptions("Dropout", opts);
    super();
    this.p = checkNumber("Dropout", "arguments", "p", p, { min: 0, max: 1 });
    this.#generator = resolveSeed("Dropout", opts);
  }

  /**
   * Applies dropout in training mode; returns the input in evaluation mode.
   * @param input - any shape, float32 or float64
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Dropout", input);
    if (!this.training || this.p === 0) return x;
    if (x.dtype === "int32") throw new DTypeError("Dropout", "expected a float32 or float64 input, got int32", { dtype: x.dtype });
    if (this.p === 1) return mul(x, 0);
    const u = T.rand(x.shape, this.#generator ? { generator: this.#generator, dtype: "float64" } : { dtype: "float64" });
    const keep = 1 - this.p;
    const mask = T.div(T.lt(u, keep).astype(x.dtype), keep);
    return mul(x, new Tensor(mask));
  }

  /**
   * The settings shown by `toString()`.
   * @returns `p=…`
   */
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
