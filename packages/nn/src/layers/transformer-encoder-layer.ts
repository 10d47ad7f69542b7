// TransformerEncoderLayer (torch.nn.TransformerEncoderLayer): self-attention and a feed-forward
// block, each with a residual connection and LayerNorm (after or, with normFirst, before).
import { type Tensor, add, gelu, relu } from "@tsgrad/autograd";
import { type DType, type Generator, ShapeError, ValueError } from "@tsgrad/ndarray";
import { type SeedOptions, resolveSeed } from "../init.js";
import { type OptionKeys, SEED_KEYS, booleanOption, checkInteger, checkNumber, checkOptions, fmtShape, inputTensor, showValue, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Dropout } from "./dropout.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import { MultiheadAttention, checkHeads } from "./multihead-attention.js";

/**
 * Options of {@link TransformerEncoderLayer}, PyTorch's keyword arguments in camelCase.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.TransformerEncoderLayerOptions = { dimFeedforward: 32, dropout: 0, activation: "gelu", normFirst: true, batchFirst: true, seed: 0 };
 * new tg.nn.TransformerEncoderLayer(8, 2, opts).forward(tg.randn([2, 5, 8], { seed: 1 })).shape; // [2, 5, 8]
 * ```
 * @category Layers
 */
export interface TransformerEncoderLayerOptions extends SeedOptions {
  /** Hidden features of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout probability after attention, inside and after the feed-forward block, in training (default 0.1). */
  dropout?: number;
  /** The feed-forward nonlinearity: `"relu"` (default), `"gelu"` (exact, erf-based) or a function. */
  activation?: "relu" | "gelu" | ((x: Tensor) => Tensor);
  /** The LayerNorms' eps (default 1e-5). */
  layerNormEps?: number;
  /** Input and output are `(N, L, dModel)` instead of `(L, N, dModel)` (default false). */
  batchFirst?: boolean;
  /** Normalise before attention and feed-forward (pre-norm) instead of after the residual sums (default false). */
  normFirst?: boolean;
  /** Learn the biases of the projections, linear layers and LayerNorms (default true). */
  bias?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/**
 * Options of {@link TransformerEncoderLayer.forward}: PyTorch's `src_mask`,
 * `src_key_padding_mask` and `is_causal`, with the masks of
 * {@link MultiheadAttentionForwardOptions} (a boolean mask is int32 0/1, 1 = masked out).
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const layer = new tg.nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, batchFirst: true, seed: 0 }).eval();
 * const opts: tg.nn.TransformerEncoderLayerForwardOptions = { srcKeyPaddingMask: tg.tensor([[0, 0, 1]], { dtype: "int32" }), isCausal: true };
 * layer.forward(tg.randn([1, 3, 4], { seed: 1 }), opts).shape; // [1, 3, 4]
 * ```
 * @category Layers
 */
export interface TransformerEncoderLayerForwardOptions {
  /** Attention mask `(L, L)` or `(N·nhead, L, L)`: boolean (1 = may not attend) or float (added). */
  srcMask?: Tensor | null;
  /** `(N, L)` (unbatched `(L)`): positions to ignore as keys (boolean, 1 = ignore) or a float mask added. */
  srcKeyPaddingMask?: Tensor | null;
  /** Mask the future (position i attends to j ≤ i); combined with `srcMask` when both are given (default false). */
  isCausal?: boolean;
}

const OP = "TransformerEncoderLayer";


/** The option names of {@link TransformerEncoderLayerForwardOptions}. */
const FORWARD_KEYS: OptionKeys<TransformerEncoderLayerForwardOptions> = { srcMask: true, srcKeyPaddingMask: true, isCausal: true };

/**
 * One layer of a transformer encoder (`torch.nn.TransformerEncoderLayer`): self-attention
 * (`selfAttn`, a {@link MultiheadAttention}) and a feed-forward block `linear2(dropout(
 * activation(linear1(x))))`, each added back to its input (with dropout). Post-norm
 * (default): `x = norm1(x + SA(x))`, `x = norm2(x + FF(x))`; with `normFirst`:
 * `x = x + SA(norm1(x))`, `x = x + FF(norm2(x))`. PyTorch's defaults (dimFeedforward
 * 2048, dropout 0.1, ReLU, eps 1e-5) and submodule names, so the state-dict keys map to
 * PyTorch's (`self_attn.in_proj_weight`, `linear1.weight`, `norm2.bias`, …) through
 * {@link fromPyTorchKeys}. The dropouts draw from `seed`/`generator` when given.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const layer = new tg.nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, seed: 0 }).eval();
 * layer.forward(tg.randn([5, 3, 8], { seed: 1 })).shape; // (L, N, dModel): [5, 3, 8]
 * ```
 * @category Layers
 */
export class TransformerEncoderLayer extends Module {
  /** The self-attention block. */
  selfAttn: MultiheadAttention;
  /** First feed-forward layer, `dModel → dimFeedforward`. */
  linear1: Linear;
  /** Dropout inside the feed-forward block. */
  dropout: Dropout;
  /** Second feed-forward layer, `dimFeedforward → dModel`. */
  linear2: Linear;
  /** LayerNorm of the attention block (its input with `normFirst`, else its residual sum). */
  norm1: LayerNorm;
  /** LayerNorm of the feed-forward block. */
  norm2: LayerNorm;
  /** Dropout of the attention block's output. */
  dropout1: Dropout;
  /** Dropout of the feed-forward block's output. */
  dropout2: Dropout;
  /** Features of the input and output. */
  readonly dModel: number;
  /** Number of attention heads. */
  readonly nhead: number;
  /** Whether the LayerNorms come first in each block. */
  readonly normFirst: boolean;
  /** Whether input and output are `(N, L, dModel)`. */
  readonly batchFirst: boolean;
  /** The activation's name (`"relu"`, `"gelu"`, or `"custom"` for a function). */
  readonly activation: "relu" | "gelu" | "custom";
  readonly #activation: (x: Tensor) => Tensor;
  readonly #opts: TransformerEncoderLayerOptions;

  /**
   * @param dModel - features of the input and output
   * @param nhead - number of attention heads; must divide `dModel`
   * @param opts - `dimFeedforward`, `dropout`, `activation`, `layerNormEps`, `batchFirst`, `normFirst`, `bias`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes or options, or `dModel` not divisible by `nhead`
   */
  constructor(dModel: number, nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    checkOptions("TransformerEncoderLayer", opts, KEYS);
    super();
    [this.dModel, this.nhead] = checkHeads(OP, "dModel", dModel, "nhead", nhead);
    const dimFeedforward = checkInteger(OP, "options", "dimFeedforward", orDefault(opts.dimFeedforward, 2048), 1);
    const p = checkNumber(OP, "options", "dropout", orDefault(opts.dropout, 0.1), { min: 0, max: 1 });
    const eps = checkNumber(OP, "options", "layerNormEps", orDefault(opts.layerNormEps, 1e-5), { min: 0 });
    this.batchFirst = booleanOption(OP, "options", "batchFirst", opts.batchFirst, false);
    this.normFirst = booleanOption(OP, "options", "normFirst", opts.normFirst, false);
    const bias = booleanOption(OP, "options", "bias", opts.bias, true);
    const act = opts.activation ?? "relu";
    if (act === "relu") this.#activation = relu;
    else if (act === "gelu") this.#activation = (x) => gelu(x);
    else if (typeof act === "function") this.#activation = act;
    else throw new ValueError(OP, `options: invalid activation ${showValue(act)}; expected "relu", "gelu" or a function`, { activation: act });
    this.activation = typeof act === "function" ? "custom" : act;
    const dtype = opts.dtype;
    const generator: Generator | undefined = resolveSeed(OP, opts);
    const seeded = generator ? { generator } : {};
    // Clones (TransformerEncoder) continue the same generator.
    this.#opts = { ...opts, seed: undefined, generator, activation: act };
    this.selfAttn = underName("TransformerEncoderLayer", () => new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: this.batchFirst, ...(dtype ? { dtype } : {}), ...seeded }));
    this.linear1 = underName("TransformerEncoderLayer", () => new Linear(dModel, dimFeedforward, { bias, ...(dtype ? { dtype } : {}), ...seeded }));
    this.dropout = underName("TransformerEncoderLayer", () => new Dropout(p, seeded));
    this.linear2 = underName("TransformerEncoderLayer", () => new Linear(dimFeedforward, dModel, { bias, ...(dtype ? { dtype } : {}), ...seeded }));
    this.norm1 = underName("TransformerEncoderLayer", () => new LayerNorm(dModel, { eps, bias, ...(dtype ? { dtype } : {}) }));
    this.norm2 = underName("TransformerEncoderLayer", () => new LayerNorm(dModel, { eps, bias, ...(dtype ? { dtype } : {}) }));
    this.dropout1 = underName("TransformerEncoderLayer", () => new Dropout(p, seeded));
    this.dropout2 = underName("TransformerEncoderLayer", () => new Dropout(p, seeded));
  }

  /**
   * An independent copy: the same settings, a copy of every parameter's values, the same
   * `requiresGrad` flags and training mode. {@link TransformerEncoder} stacks such copies,
   * as PyTorch deep-copies its layer. The copy's dropouts continue the original's generator.
   * @returns the new layer
   */
  clone(): TransformerEncoderLayer {
    const copy = new TransformerEncoderLayer(this.dModel, this.nhead, { ...this.#opts, dtype: this.linear1.weight.dtype });
    copy.loadStateDict(this.stateDict());
    const flags = new Map(this.namedParameters().map(([name, p]) => [name, p.requiresGrad]));
    for (const [name, p] of copy.namedParameters()) p.requiresGrad = flags.get(name) ?? true;
    copy.train(this.training);
    return copy;
  }

  /**
   * Applies self-attention and the feed-forward block.
   * @param src - `(L, N, dModel)`, `(N, L, dModel)` with `batchFirst`, or unbatched `(L, dModel)`
   * @param opts - `srcMask`, `srcKeyPaddingMask`, `isCausal`
   * @returns the same shape as `src`
   * @throws ShapeError for an input or masks of the wrong shape; DTypeError for masks or an input of the wrong dtype
   */
  forward(src: Tensor, opts: TransformerEncoderLayerForwardOptions = {}): Tensor {
    checkOptions(OP, opts, FORWARD_KEYS);
    let x = inputTensor(OP, src);
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[x.ndim - 1] !== this.dModel) {
      const layout = this.batchFirst ? "(N, L, dModel)" : "(L, N, dModel)";
      throw new ShapeError(OP, `expected src ${layout} or unbatched (L, dModel) with dModel = ${this.dModel}, got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    const attnOpts = { attnMask: opts.srcMask ?? null, keyPaddingMask: opts.srcKeyPaddingMask ?? null, isCausal: booleanOption(OP, "forward options", "isCausal", opts.isCausal, false), needWeights: false };
    const sa = (y: Tensor): Tensor => this.dropout1.forward(this.selfAttn.forward(y, y, y, attnOpts)[0]);
    const ff = (y: Tensor): Tensor => this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.#activation(this.linear1.forward(y)))));
    if (this.normFirst) {
      x = add(x, sa(this.norm1.forward(x)));
      x = add(x, ff(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(add(x, sa(x)));
      x = this.norm2.forward(add(x, ff(x)));
    }
    return x;
  }

  /**
   * The settings shown by `toString()`.
   * @returns `dModel=…, nhead=…, activation=…, normFirst=…`
   */
  override extraRepr(): string {
    return `dModel=${this.dModel}, nhead=${this.nhead}, activation=${this.activation}, normFirst=${this.normFirst}`;
  }
}

/** The option names of {@link TransformerEncoderLayerOptions}. */
const KEYS: OptionKeys<TransformerEncoderLayerOptions> = {
  ...SEED_KEYS,
  dimFeedforward: true,
  dropout: true,
  activation: true,
  layerNormEps: true,
  batchFirst: true,
  normFirst: true,
  bias: true,
  dtype: true,
};
