// LayerNorm over the trailing dimensions, with an optional affine transform: one layer per
// file, so each layer's options, checks and forward read on their own.
import { type Tensor, add, div, mean, mul, sqrt, sub } from "@tsgrad/autograd";
import { type DType, ShapeError, ValueError, ones, zeros } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, checkNumber, checkOptions, describe, fmtShape, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * Options of {@link LayerNorm}.
 * @example
 * ```ts
 * import { type LayerNormOptions, LayerNorm } from "@tsgrad/nn";
 * const opts: LayerNormOptions = { eps: 1e-6, elementwiseAffine: true, bias: false };
 * const ln = new LayerNorm(16, opts);
 * [ln.weight?.shape, ln.bias]; // [[16], null]
 * ```
 * @category Layers
 */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-element scale (`weight`, ones) and shift (`bias`, zeros) (default true). */
  elementwiseAffine?: boolean;
  /** With `elementwiseAffine`, learn the shift too (default true). */
  bias?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/** The option names of {@link LayerNormOptions}. */
const KEYS: OptionKeys<LayerNormOptions> = { eps: true, elementwiseAffine: true, bias: true, dtype: true };

/**
 * Layer normalisation (`torch.nn.LayerNorm`): each sample is normalised over its
 * trailing axes `normalizedShape`, `y = (x − mean) / √(var + eps) · weight + bias`,
 * with the biased (population) variance, computed in two passes. Composed from the
 * `mean`, `sub`, `mul`, `add`, `sqrt` and `div` primitives, so its gradients of every
 * order come from theirs. Unlike BatchNorm it behaves the same in training and
 * evaluation.
 *
 * @example
 * ```ts
 * import { LayerNorm } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * new LayerNorm(2).forward(tensor([[1, 3]])).toArray(); // [[-0.99999..., 0.99999...]]
 * ```
 * @category Layers
 */
export class LayerNorm extends Module {
  /** The trailing shape normalised over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance. */
  readonly eps: number;
  /** Whether `weight` (and `bias`) are learnt. */
  readonly elementwiseAffine: boolean;
  /** Per-element scale of shape `normalizedShape` (ones), or null. */
  weight: Parameter | null;
  /** Per-element shift of shape `normalizedShape` (zeros), or null. */
  bias: Parameter | null;

  /**
   * @param normalizedShape - the trailing shape to normalise over (a number for the last axis only)
   * @param opts - `eps`, `elementwiseAffine`, `bias`, `dtype`
   */
  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    checkOptions("LayerNorm", opts, KEYS);
    super();
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || shape.length === 0) {
      throw new ValueError("LayerNorm", `normalizedShape must be a positive integer or a non-empty list of them, got ${describe(normalizedShape)}`, {});
    }
    this.normalizedShape = Object.freeze(shape.map((d) => checkInteger("LayerNorm", "arguments", "normalizedShape entry", d, 1)));
    this.eps = checkNumber("LayerNorm", "options", "eps", orDefault(opts.eps, 1e-5), { min: 0 });
    this.elementwiseAffine = booleanOption("LayerNorm", "options", "elementwiseAffine", opts.elementwiseAffine, true);
    const dtype = opts.dtype ?? "float32";
    this.weight = underName("LayerNorm", () => this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype })) : null);
    this.bias = underName("LayerNorm", () => this.elementwiseAffine && booleanOption("LayerNorm", "options", "bias", opts.bias, true) ? new Parameter(zeros(this.normalizedShape, { dtype })) : null);
  }

  /**
   * Normalises over the trailing axes.
   * @param input - `(…, ...normalizedShape)`
   * @returns the same shape
   * @throws ShapeError when the trailing axes are not `normalizedShape`
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("LayerNorm", input);
    const k = this.normalizedShape.length;
    const lead = x.ndim - k;
    if (lead < 0 || this.normalizedShape.some((d, i) => x.shape[lead + i] !== d)) {
      throw new ShapeError("LayerNorm", `expected input of shape [..., ${this.normalizedShape.join(", ")}], got ${fmtShape(x.shape)}`, {
        shape: x.shape,
        normalizedShape: this.normalizedShape,
      });
    }
    const axes = this.normalizedShape.map((_, i) => lead + i);
    const xc = sub(x, mean(x, { axis: axes, keepdims: true }));
    const variance = mean(mul(xc, xc), { axis: axes, keepdims: true });
    let y = div(xc, sqrt(add(variance, this.eps)));
    if (this.weight) y = mul(y, this.weight);
    if (this.bias) y = add(y, this.bias);
    return y;
  }

  /**
   * The settings shown by `toString()`.
   * @returns `[…], eps=…, elementwiseAffine=…`
   */
  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
