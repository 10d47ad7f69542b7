// The vision Transformer: 7×7 patches linearly embedded, a class token, learned position
// embeddings, pre-norm GELU encoder layers, a final LayerNorm and a linear head on the class token.
import * as tg from "tsgrad";

/** Side of a square patch, in pixels. */
export const PATCH = 7;
/** Patches per image: a 4×4 grid of 7×7 patches covers the 28×28 image. */
export const PATCHES = (28 / PATCH) ** 2;

/** Sizes of a {@link VisionTransformer}. */
export interface VitOptions {
  /** Width of every token (default 64). */
  dim?: number;
  /** Encoder layers (default 2). */
  depth?: number;
  /** Attention heads; must divide `dim` (default 4). */
  heads?: number;
  /** Hidden width of each feed-forward block (default 2·dim). */
  mlpDim?: number;
  /** Dropout in the encoder layers, in training (default 0). */
  dropout?: number;
}

/**
 * A small ViT (Dosovitskiy et al. 2021) for 28×28 images: each image cut into 16 patches of
 * 7×7 = 49 pixels, each patch mapped by `Linear(49, dim)`; a learned class token is put in front
 * and learned position embeddings added; `depth` pre-norm `TransformerEncoderLayer`s (GELU,
 * batch first) with a final `LayerNorm`; `Linear(dim, 10)` reads the class token.
 */
export class VisionTransformer extends tg.nn.Module {
  readonly patchEmbed: tg.nn.Linear;
  readonly clsToken: tg.nn.Parameter;
  readonly posEmbed: tg.nn.Parameter;
  readonly encoder: tg.nn.TransformerEncoder;
  readonly head: tg.nn.Linear;
  readonly dim: number;

  /**
   * @param seed - seed of the initial weights (and of the dropouts)
   * @param o - the sizes
   */
  constructor(seed: number, o: VitOptions = {}) {
    super();
    const dim = o.dim ?? 64;
    this.dim = dim;
    this.patchEmbed = new tg.nn.Linear(PATCH * PATCH, dim, { seed });
    // Small random starts, as in ViT: N(0, 0.02²).
    this.clsToken = new tg.nn.Parameter(tg.randn([1, 1, dim], { seed: seed + 1 }).mul(0.02));
    this.posEmbed = new tg.nn.Parameter(tg.randn([1, PATCHES + 1, dim], { seed: seed + 2 }).mul(0.02));
    const layer = new tg.nn.TransformerEncoderLayer(dim, o.heads ?? 4, {
      dimFeedforward: o.mlpDim ?? 2 * dim,
      dropout: o.dropout ?? 0,
      activation: "gelu",
      batchFirst: true,
      normFirst: true,
      seed: seed + 3,
    });
    this.encoder = new tg.nn.TransformerEncoder(layer, o.depth ?? 2, new tg.nn.LayerNorm(dim));
    this.head = new tg.nn.Linear(dim, 10, { seed: seed + 4 });
  }

  /**
   * @param x - images, `(N, 784)` or `(N, 1, 28, 28)`
   * @returns logits `(N, 10)`
   */
  forward(x: tg.Tensor): tg.Tensor {
    const n = x.shape[0]!;
    const grid = 28 / PATCH;
    // (N, 28, 28) → (N, row block, row in patch, column block, column in patch) → (N, 16 patches, 49 pixels)
    const patches = x
      .reshape([n, grid, PATCH, grid, PATCH])
      .permute([0, 1, 3, 2, 4])
      .reshape([n, PATCHES, PATCH * PATCH]);
    const tokens = tg.concat([this.clsToken.expand([n, 1, this.dim]), this.patchEmbed.forward(patches)], 1).add(this.posEmbed);
    const encoded = this.encoder.forward(tokens); // (N, 17, dim), after the final LayerNorm
    return this.head.forward(encoded.slice([null, 0]).reshape([n, this.dim]));
  }
}
