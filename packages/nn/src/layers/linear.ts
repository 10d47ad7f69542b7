// Linear, the fully connected layer (weights, bias, PyTorch's initialisation): one layer per
// file, so each layer's options, checks and forward read on their own.
import { type Tensor, linear } from "@tsgrad/autograd";
import { type DType, ShapeError, zeros } from "@tsgrad/ndarray";
import { type SeedOptions, calculateFanInAndFanOut, kaimingUniform, resolveSeed, uniform } from "../init.js";
import { type OptionKeys, SEED_KEYS, booleanOption, checkInteger, checkOptions, fmtShape, inputTensor, underName } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * Options of {@link Linear}.
 * @example
 * ```ts
 * import { type LinearOptions, Linear } from "@tsgrad/nn";
 * const opts: LinearOptions = { bias: false, dtype: "float64", seed: 0 };
 * const layer = new Linear(3, 2, opts);
 * [layer.bias, layer.weight.dtype]; // [null, "float64"]
 * ```
 * @category Layers
 */
export interface LinearOptions extends SeedOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/** The option names of {@link LinearOptions}. @internal */
const LINEAR_KEYS: OptionKeys<LinearOptions> = { ...SEED_KEYS, bias: true, dtype: true };

/**
 * Fully connected layer `y = x Wᵀ + b`, as `torch.nn.Linear`: weight `(outFeatures,
 * inFeatures)`, bias `(outFeatures)`. PyTorch's default initialisation: weight
 * Kaiming-uniform with a = √5, i.e. U(−1/√inFeatures, 1/√inFeatures), and bias
 * U(−1/√inFeatures, 1/√inFeatures) — drawn from `seed`/`generator` when given.
 *
 * @example
 * ```ts
 * import { Linear } from "@tsgrad/nn";
 * import { randn } from "@tsgrad/autograd";
 * const fc = new Linear(4, 2, { seed: 0 });
 * fc.forward(randn([8, 4], { seed: 1 })).shape; // [8, 2]
 * ```
 * @category Layers
 */
export class Linear extends Module {
  /** Size of each input sample's last axis. */
  readonly inFeatures: number;
  /** Size of each output sample's last axis. */
  readonly outFeatures: number;
  /** The weight, `(outFeatures, inFeatures)`. */
  weight: Parameter;
  /** The bias, `(outFeatures)`, or null without bias. */
  bias: Parameter | null;

  /**
   * @param inFeatures - input size (non-negative integer)
   * @param outFeatures - output size (non-negative integer)
   * @param opts - `bias`, `dtype`, `seed`/`generator`
   */
  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    checkOptions("Linear", opts, LINEAR_KEYS);
    super();
    this.inFeatures = checkInteger("Linear", "arguments", "inFeatures", inFeatures, 0);
    this.outFeatures = checkInteger("Linear", "arguments", "outFeatures", outFeatures, 0);
    const dtype = opts.dtype ?? "float32";
    const generator = resolveSeed("Linear", opts);
    this.weight = underName("Linear", () => kaimingUniform(new Parameter(zeros([outFeatures, inFeatures], { dtype })), { a: Math.sqrt(5), generator }));
    if (booleanOption("Linear", "options", "bias", opts.bias, true)) {
      const { fanIn } = calculateFanInAndFanOut(this.weight.shape);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      this.bias = underName("Linear", () => uniform(new Parameter(zeros([outFeatures], { dtype })), -bound, bound, { generator }));
    } else {
      this.bias = null;
    }
  }

  /**
   * Applies the layer to the last axis.
   * @param input - `(…, inFeatures)`
   * @returns `(…, outFeatures)`
   * @throws ShapeError when the last axis is not `inFeatures`
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("Linear", input);
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError("Linear", `expected input of shape [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    return this.bias ? linear(x, this.weight, this.bias) : linear(x, this.weight);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `inFeatures=…, outFeatures=…, bias=…`
   */
  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
