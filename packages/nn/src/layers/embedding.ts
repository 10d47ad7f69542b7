// Embedding, a lookup table of vectors by int32 index: one layer per file, so each layer's
// options, checks and forward read on their own.
import { Tensor, indexSelect, reshape, where } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type DType, DTypeError, ShapeError, ValueError } from "@tsgrad/ndarray";
import { type SeedOptions, normal, resolveSeed } from "../init.js";
import { type OptionKeys, SEED_KEYS, booleanOption, checkInteger, checkOptions, describe, fmtShape, underName } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/**
 * Options of {@link Embedding}.
 * @example
 * ```ts
 * import { type EmbeddingOptions, Embedding } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opts: EmbeddingOptions = { paddingIdx: 0, seed: 0 };
 * const emb = new Embedding(10, 4, opts);
 * (emb.forward(tensor([0, 3], { dtype: "int32" })).toArray() as number[][])[0]; // [0, 0, 0, 0]: the padding row
 * ```
 * @category Layers
 */
export interface EmbeddingOptions extends SeedOptions {
  /** An index whose row starts at zero and never receives a gradient (negative counts from the end). */
  paddingIdx?: number;
  /** Dtype of the weight (default float32). */
  dtype?: DType;
}

/**
 * Options of {@link Embedding.fromPretrained}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.FromPretrainedOptions = { freeze: false, paddingIdx: 0 };
 * tg.nn.Embedding.fromPretrained(tg.tensor([[0, 0], [1, 2]]), opts).weight.requiresGrad; // true
 * ```
 * @category Layers
 */
export interface FromPretrainedOptions {
  /** Keep the table fixed: its `requiresGrad` is false (default true, as PyTorch). */
  freeze?: boolean;
  /** An index whose row gets no gradient (it is not zeroed, as PyTorch); negative counts from the end. */
  paddingIdx?: number;
}

/** The option names of {@link EmbeddingOptions}. */
const KEYS: OptionKeys<EmbeddingOptions> = { ...SEED_KEYS, paddingIdx: true, dtype: true };

/** The option names of {@link FromPretrainedOptions}. */
const PRETRAINED_KEYS: OptionKeys<FromPretrainedOptions> = { freeze: true, paddingIdx: true };

/** The table {@link Embedding.fromPretrained} hands to the constructor instead of drawing one. */
let pretrainedTable: { weight: T.NDArray; requiresGrad: boolean } | null = null;

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`
 * (`torch.nn.Embedding`): int32 indices of any shape give vectors of shape
 * `[...indices.shape, embeddingDim]`. The weight starts as N(0, 1) samples; a
 * `paddingIdx` row starts at zero and gets no gradient. {@link Embedding.fromPretrained}
 * builds one around an existing table (word vectors, a checkpoint's embeddings).
 *
 * @example
 * ```ts
 * import { Embedding } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const emb = new Embedding(10, 3, { seed: 0 });
 * emb.forward(tensor([[1, 2], [4, 9]], { dtype: "int32" })).shape; // [2, 2, 3]
 * ```
 * @category Layers
 */
export class Embedding extends Module {
  /** Number of vectors. */
  readonly numEmbeddings: number;
  /** Size of each vector. */
  readonly embeddingDim: number;
  /** The padding row (non-negative), or null. */
  readonly paddingIdx: number | null;
  /** The table, `(numEmbeddings, embeddingDim)`. */
  weight: Parameter;

  /**
   * @param numEmbeddings - number of vectors
   * @param embeddingDim - size of each vector
   * @param opts - `paddingIdx`, `dtype`, `seed`/`generator`
   */
  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    checkOptions("Embedding", opts, KEYS);
    super();
    this.numEmbeddings = checkInteger("Embedding", "arguments", "numEmbeddings", numEmbeddings, 0);
    this.embeddingDim = checkInteger("Embedding", "arguments", "embeddingDim", embeddingDim, 0);
    let pad: number | null = null;
    if (opts.paddingIdx !== undefined) {
      const p = checkInteger("Embedding", "options", "paddingIdx", opts.paddingIdx);
      if (p >= numEmbeddings || p < -numEmbeddings) {
        throw new ValueError("Embedding", `paddingIdx must be within [${-numEmbeddings}, ${numEmbeddings}), got ${p}`, { paddingIdx: p });
      }
      pad = p < 0 ? p + numEmbeddings : p;
    }
    this.paddingIdx = pad;
    const table = pretrainedTable;
    if (table !== null) {
      pretrainedTable = null;
      this.weight = underName("Embedding", () => new Parameter(table.weight, { requiresGrad: table.requiresGrad }));
      return;
    }
    const dtype = opts.dtype ?? "float32";
    const w = underName("Embedding", () => normal(new Parameter(T.zeros([numEmbeddings, embeddingDim], { dtype })), 0, 1, { generator: resolveSeed("Embedding", opts) }));
    if (pad !== null) w.data.storage.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
    this.weight = w;
  }

  /**
   * An Embedding around an existing table (PyTorch's `Embedding.from_pretrained`): its
   * `weight` shares the given values (no copy) and, with `freeze` (the default), does not
   * require grad, so optimizers leave it alone. Unlike the constructor, a `paddingIdx` row
   * keeps its values (it only gets no gradient), as PyTorch.
   *
   * @param weights - the table `(numEmbeddings, embeddingDim)`: a float Tensor (its values are
   *   shared), an NDArray, or nested arrays (float32)
   * @param opts - `freeze` (default true), `paddingIdx`
   * @returns the Embedding
   * @throws ShapeError unless the table is 2-D; DTypeError for an int32 table; ValueError for a bad `paddingIdx`
   * @example
   * ```ts
   * import * as tg from "tsgrad";
   * const vectors = tg.tensor([[1, 2.5], [0.5, -1], [3, 0]]);
   * const emb = tg.nn.Embedding.fromPretrained(vectors);
   * emb.forward(tg.tensor([2, 0], { dtype: "int32" })).toArray(); // [[3, 0], [1, 2.5]]
   * emb.weight.requiresGrad;                                      // false: frozen
   * ```
   */
  static fromPretrained(weights: Tensor | T.NDArray | T.NestedArray, opts: FromPretrainedOptions = {}): Embedding {
    const op = "Embedding.fromPretrained";
    checkOptions(op, opts, PRETRAINED_KEYS);
    const freeze = booleanOption(op, "options", "freeze", opts.freeze, true);
    const w = weights instanceof Tensor ? weights.data : weights instanceof T.NDArray ? weights : T.ndarray(weights);
    if (w.ndim !== 2) {
      throw new ShapeError(op, `expected a 2-D table (numEmbeddings, embeddingDim), got shape ${fmtShape(w.shape)}`, { shape: w.shape });
    }
    if (w.dtype === "int32") throw new DTypeError(op, "expected a float32 or float64 table, got int32", { dtype: w.dtype });
    const [rows, cols] = w.shape as [number, number];
    pretrainedTable = { weight: w, requiresGrad: !freeze };
    try {
      return new Embedding(rows, cols, opts.paddingIdx === undefined ? {} : { paddingIdx: opts.paddingIdx });
    } finally {
      pretrainedTable = null;
    }
  }

  /**
   * Looks up the rows of the given indices.
   * @param input - an int32 Tensor of indices in `[0, numEmbeddings)`, any shape
   * @returns `[...input.shape, embeddingDim]`
   * @throws DTypeError for non-int32 indices; ValueError for indices out of range or an input that is not a Tensor
   */
  forward(input: Tensor): Tensor {
    if (!(input instanceof Tensor)) {
      const hint = (input as unknown) instanceof T.NDArray ? "; wrap it with tensor(..., { dtype: \"int32\" })" : "";
      throw new ValueError("Embedding", `expected int32 indices as a Tensor, got ${describe(input)}${hint}`, {});
    }
    const idx = input.data;
    if (idx.dtype !== "int32") throw new DTypeError("Embedding", `indices must be int32, got ${idx.dtype}`, { dtype: idx.dtype });
    const flat = idx.reshape([idx.size]).contiguous();
    const values = flat.toTypedArray();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < 0 || v >= this.numEmbeddings) {
        throw new ValueError("Embedding", `index ${v} is out of range for an embedding of ${this.numEmbeddings} rows`, { index: v });
      }
    }
    let rows = indexSelect(this.weight, 0, flat);
    if (this.paddingIdx !== null) {
      // The padding row is looked up as a constant, so no gradient reaches it.
      const isPad = T.eq(flat, this.paddingIdx).reshape([flat.size, 1]);
      rows = where(isPad, rows.detach(), rows);
    }
    return reshape(rows, [...idx.shape, this.embeddingDim]);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `numEmbeddings, embeddingDim[, paddingIdx=…]`
   */
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ""}`;
  }
}
