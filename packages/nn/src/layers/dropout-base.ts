// DropoutBase, what Dropout and Dropout2d share — the probability, the layer's own generator and
// the inverted-dropout mask — apart from the layers, which differ in what one mask value covers.
import { Tensor, mul } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type Generator, DTypeError } from "@tsgrad/ndarray";
import { type SeedOptions, resolveSeed } from "../init.js";
import { SEED_KEYS, checkNumber, checkOptions } from "../checks.js";
import { Module } from "../module.js";

/**
 * The base of {@link Dropout} and {@link Dropout2d}: the probability `p`, the generator the
 * masks are drawn from (the layer's own when it is given a `seed` or a `generator`, else the
 * global one), and inverted dropout in training mode — zero with probability `p`, scale the
 * rest by `1 / (1 − p)` — with one mask value per element or per channel.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const drops: tg.nn.DropoutBase[] = [new tg.nn.Dropout(0.1), new tg.nn.Dropout2d(0.2)];
 * drops.map((d) => d.p); // [0.1, 0.2]
 * ```
 * @category Layers
 */
export abstract class DropoutBase extends Module {
  /** Probability of zeroing an element (Dropout) or a whole channel (Dropout2d), in [0, 1]. */
  readonly p: number;
  readonly #name: string;
  readonly #generator: Generator | undefined;

  /**
   * @param name - the layer's name, for errors
   * @param p - probability of zeroing, in [0, 1]
   * @param opts - `seed` or `generator` for the masks (default: the global generator)
   * @throws ValueError for `p` outside [0, 1] or bad options
   */
  protected constructor(name: string, p: number, opts: SeedOptions) {
    checkOptions(name, opts, SEED_KEYS);
    super();
    this.#name = name;
    this.p = checkNumber(name, "arguments", "p", p, { min: 0, max: 1 });
    this.#generator = resolveSeed(name, opts);
  }

  /**
   * Inverted dropout of `x` in training mode, with one mask value per element of `maskShape`
   * (broadcast over `x`); `x` itself in evaluation mode or for `p = 0`.
   * @param x - the input, float32 or float64
   * @param maskShape - the mask's shape: `x`'s, or with size-1 axes to drop whole slices
   * @returns `x` masked and scaled, the same shape
   * @throws DTypeError for an int32 input in training mode
   */
  protected drop(x: Tensor, maskShape: readonly number[]): Tensor {
    if (!this.training || this.p === 0) return x;
    if (x.dtype === "int32") throw new DTypeError(this.#name, "expected a float32 or float64 input, got int32", { dtype: x.dtype });
    if (this.p === 1) return mul(x, 0);
    const u = T.rand(maskShape, this.#generator ? { generator: this.#generator, dtype: "float64" } : { dtype: "float64" });
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
