import { Tensor, indexSelect, reshape, where } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type DType, DTypeError, ValueError } from "@tsgrad/ndarray";
import { type SeedOptions, normal, resolveSeed } from "../init.js";
import { checkInt, describe } from "../internal.js";
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
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`
 * (`torch.nn.Embedding`): int32 indices of any shape give vectors of shape
 * `[...indices.shape, embeddingDim]`. The weight starts as N(0, 1) samples; a
 * `paddingIdx` row starts at zero and gets no gradient.
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
    super();
    this.numEmbeddings = checkInt("Embedding", "numEmbeddings", numEmbeddings);
    this.embeddingDim = checkInt("Embedding", "embeddingDim", embeddingDim);
    let pad: number | null = null;
    if (opts.paddingIdx !== undefined) {
      const p = checkInt("Embedding", "paddingIdx", opts.paddingIdx, -Infinity);
      if (p >= numEmbeddings || p < -numEmbeddings) {
        throw new ValueError("Embedding", `paddingIdx must be within [${-numEmbeddings}, ${numEmbeddings}), got ${p}`, { paddingIdx: p });
      }
      pad = p < 0 ? p + numEmbeddings : p;
    }
    this.paddingIdx = pad;
    const dtype = opts.dtype ?? "float32";
    const w = normal(new Parameter(T.zeros([numEmbeddings, embeddingDim], { dtype })), 0, 1, { generator: resolveSeed("Embedding", opts) });
    if (pad !== null) w.data.storage.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
    this.weight = w;
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
