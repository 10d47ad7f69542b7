// Dropout2d, which zeroes whole channels at random while training (torch.nn.Dropout2d): one layer
// per file, so each layer's options, checks and forward read on their own.
import type { Tensor } from "@tsgrad/autograd";
import { ShapeError } from "@tsgrad/ndarray";
import type { SeedOptions } from "../init.js";
import { fmtShape, inputTensor } from "../checks.js";
import { DropoutBase } from "./dropout-base.js";

/**
 * Channel dropout (`torch.nn.Dropout2d`, "spatial dropout"): in training, each channel of
 * each sample of an NCHW input — a whole `(H, W)` feature map — is zeroed with probability
 * `p`, and the kept ones are scaled by `1 / (1 − p)`; in evaluation mode it is the identity.
 * Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels
 * ({@link Dropout}) barely regularises convolutional layers; dropping whole maps does. The
 * masks come from the layer's own generator when it is given a `seed` (or a `generator`),
 * like Dropout's.
 *
 * Only 4-D input is accepted: PyTorch 1.x reads a 3-D input as `(N, C, L)` (with a warning
 * that this will change to an unbatched `(C, H, W)`), so a 3-D input is refused rather
 * than guessed — add the batch axis, or use Dropout1d semantics explicitly.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const drop = new tg.nn.Dropout2d(0.5, { seed: 0 });
 * const y = drop.forward(tg.ones([2, 4, 3, 3]));
 * y.max({ axis: [2, 3] }).toArray(); // each (sample, channel) 0 or 2, the whole map at once
 * drop.eval().forward(tg.ones([1, 1, 2, 2])).toArray(); // [[[[1, 1], [1, 1]]]]
 * ```
 * @category Layers
 */
export class Dropout2d extends DropoutBase {
  /**
   * @param p - probability of zeroing a channel, in [0, 1] (default 0.5)
   * @param opts - `seed` or `generator` for the masks (default: the global generator)
   * @throws ValueError for `p` outside [0, 1]
   */
  constructor(p = 0.5, opts: SeedOptions = {}) {
    super("Dropout2d", p, opts);
  }

  /**
   * Applies channel dropout in training mode; returns the input in evaluation mode.
   * @param input - `(N, C, H, W)`, float32 or float64
   * @returns the same shape
   * @throws ShapeError for an input that is not 4-D; DTypeError for int32
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Dropout2d", input);
    if (x.ndim !== 4) {
      throw new ShapeError("Dropout2d", `expected input (N, C, H, W), got ${fmtShape(x.shape)}${x.ndim === 3 ? " (add the batch axis: a 3-D input is ambiguous between (N, C, L) and (C, H, W))" : ""}`, {
        shape: x.shape,
      });
    }
    return this.drop(x, [x.shape[0]!, x.shape[1]!, 1, 1]);
  }
}
