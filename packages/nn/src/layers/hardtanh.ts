// Hardtanh, a clamp with PyTorch's gradient at the bounds, as a layer: one layer per file, so each
// layer's options, checks and forward read on their own.
import { hardtanh } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkNumber, checkOptions, orDefault } from "../checks.js";
import { FunctionalLayerBase } from "./functional-layer-base.js";

/**
 * Options of {@link Hardtanh}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.HardtanhOptions = { minVal: 0, maxVal: 2 };
 * new tg.nn.Hardtanh(opts).forward(tg.tensor([-1, 1, 3])).toArray(); // [0, 1, 2]
 * ```
 * @category Layers
 */
export interface HardtanhOptions {
  /** Lower bound (default −1). */
  minVal?: number;
  /** Upper bound, larger than `minVal` (default 1). */
  maxVal?: number;
}


/**
 * Hardtanh (`torch.nn.Hardtanh`): the input clamped into `[minVal, maxVal]`; the gradient
 * is 1 strictly inside and 0 elsewhere, the bounds included, as PyTorch's.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * new tg.nn.Hardtanh().forward(tg.tensor([-3, 0.5, 3])).toArray(); // [-1, 0.5, 1]
 * ```
 * @category Layers
 */
export class Hardtanh extends FunctionalLayerBase {
  /** Lower bound. */
  declare readonly minVal: number;
  /** Upper bound. */
  declare readonly maxVal: number;

  /**
   * @param opts - `minVal` (default −1), `maxVal` (default 1)
   * @throws ValueError unless both are finite and `minVal < maxVal`
   */
  constructor(opts: HardtanhOptions = {}) {
    checkOptions("Hardtanh", opts, KEYS);
    const minVal = checkNumber("Hardtanh", "options", "minVal", orDefault(opts.minVal, -1));
    const maxVal = checkNumber("Hardtanh", "options", "maxVal", orDefault(opts.maxVal, 1));
    if (!(minVal < maxVal)) {
      throw new ValueError("Hardtanh", `options: minVal ${minVal} must be smaller than maxVal ${maxVal}`, { minVal, maxVal });
    }
    super("Hardtanh", hardtanh, { minVal, maxVal });
  }
}

/** The option names of {@link HardtanhOptions}. */
const KEYS: OptionKeys<HardtanhOptions> = { minVal: true, maxVal: true };
