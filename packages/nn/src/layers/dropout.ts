// Dropout, which zeroes inputs at random while training: one layer per file, so each layer's
// options, checks and forward read on their own.
import type { Tensor } from "@tsgrad/autograd";
import type { SeedOptions } from "../init.js";
import { inputTensor } from "../checks.js";
import { DropoutBase } from "./dropout-base.js";

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
export class Dropout extends DropoutBase {
  /**
   * @param p - probability of zeroing an element, in [0, 1] (default 0.5)
   * @param opts - `seed` or `generator` for the masks (default: the global generator)
   */
  constructor(p = 0.5, opts: SeedOptions = {}) {
    super("Dropout", p, opts);
  }

  /**
   * Applies dropout in training mode; returns the input in evaluation mode.
   * @param input - any shape, float32 or float64
   * @returns the same shape
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Dropout", input);
    return this.drop(x, x.shape);
  }
}
