// PReLU, the leaky ReLU with learnt slopes: one layer per file, so each layer's options, checks and
// forward read on their own.
import { type Tensor, prelu } from "@tsgrad/autograd";
import { type DType, full } from "@tsgrad/ndarray";
import { type OptionKeys, checkInteger, checkNumber, checkOptions, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * Options of {@link PReLU}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const perChannel: tg.nn.PReLUOptions = { numParameters: 3, init: 0.1 };
 * new tg.nn.PReLU(perChannel).weight.toArray(); // ≈ [0.1, 0.1, 0.1]
 * ```
 * @category Layers
 */
export interface PReLUOptions {
  /** Number of learnt slopes: 1 (shared) or the channel count of the input (axis 1) (default 1). */
  numParameters?: number;
  /** Initial slope (default 0.25). */
  init?: number;
  /** Dtype of the weight (default float32). */
  dtype?: DType;
}

/** The option names of {@link PReLUOptions}. */
const KEYS: OptionKeys<PReLUOptions> = { numParameters: true, init: true, dtype: true };

/**
 * PReLU (`torch.nn.PReLU`): `x` where `x > 0`, `a·x` elsewhere, with learnt slopes `a` —
 * one shared, or one per channel (axis 1 of the input) — in the parameter `weight` of
 * shape `(numParameters)`, starting at `init`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const act = new tg.nn.PReLU();
 * act.forward(tg.tensor([-4, 2])).toArray(); // [-1, 2]
 * act.namedParameters().map(([n]) => n);    // ["weight"]
 * ```
 * @category Layers
 */
export class PReLU extends Module {
  /** Number of slopes. */
  readonly numParameters: number;
  /** The slopes, `(numParameters)`. */
  weight: Parameter;

  /**
   * @param opts - `numParameters` (default 1), `init` (default 0.25), `dtype`
   * @throws ValueError for a bad count or a non-finite init
   */
  constructor(opts: PReLUOptions = {}) {
    checkOptions("PReLU", opts, KEYS);
    super();
    this.numParameters = checkInteger("PReLU", "options", "numParameters", orDefault(opts.numParameters, 1), 1);
    const init = checkNumber("PReLU", "options", "init", orDefault(opts.init, 0.25));
    this.weight = underName("PReLU", () => new Parameter(full([this.numParameters], init, { dtype: opts.dtype ?? "float32" })));
  }

  /**
   * Applies the activation elementwise.
   * @param input - any shape with `numParameters` channels on axis 1 when more than one slope
   * @returns the same shape
   * @throws ShapeError when the slopes do not fit the input's channels
   */
  forward(input: Tensor): Tensor {
    return prelu(inputTensor("PReLU", input), this.weight);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `numParameters=…`
   */
  override extraRepr(): string {
    return `numParameters=${this.numParameters}`;
  }
}
