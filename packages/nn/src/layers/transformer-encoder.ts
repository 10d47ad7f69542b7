// TransformerEncoder (torch.nn.TransformerEncoder): a stack of copies of one encoder layer and an
// optional final norm, with PyTorch's key names (layers.0.…, norm.…); its own file as every layer.
import { type Tensor } from "@tsgrad/autograd";
import { TsgradError } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkInteger, checkOptions, describe, inputTensor } from "../checks.js";
import { Module } from "../module.js";
import { ModuleList } from "./module-list.js";
import { type TransformerEncoderLayerForwardOptions, TransformerEncoderLayer } from "./transformer-encoder-layer.js";

/**
 * Options of {@link TransformerEncoder.forward}: PyTorch's `mask`, `src_key_padding_mask`
 * and `is_causal`, passed to every layer (a boolean mask is int32 0/1, 1 = masked out).
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const layer = new tg.nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, seed: 0 });
 * const encoder = new tg.nn.TransformerEncoder(layer, 2).eval();
 * const opts: tg.nn.TransformerEncoderForwardOptions = { isCausal: true };
 * encoder.forward(tg.randn([3, 1, 4], { seed: 1 }), opts).shape; // [3, 1, 4]
 * ```
 * @category Layers
 */
export interface TransformerEncoderForwardOptions {
  /** Attention mask `(L, L)` or `(N·nhead, L, L)`: boolean (1 = may not attend) or float (added). */
  mask?: Tensor | null;
  /** `(N, L)` (unbatched `(L)`): positions to ignore as keys (boolean, 1 = ignore) or a float mask added. */
  srcKeyPaddingMask?: Tensor | null;
  /** Mask the future in every layer; combined with `mask` when both are given (default false). */
  isCausal?: boolean;
}

/** The option names of {@link TransformerEncoderForwardOptions}. */
const KEYS: OptionKeys<TransformerEncoderForwardOptions> = { mask: true, srcKeyPaddingMask: true, isCausal: true };

/**
 * A stack of `numLayers` transformer encoder layers (`torch.nn.TransformerEncoder`): each
 * is an independent copy of `encoderLayer` (same settings, copied initial parameters, as
 * PyTorch's deep copies), held in `layers` (a {@link ModuleList}), applied in turn, then
 * the optional `norm`. State-dict keys `layers.0.self_attn.in_proj_weight`, …,
 * `norm.weight` map to PyTorch's through {@link fromPyTorchKeys}.
 *
 * Unlike PyTorch's inference fast path (which returns zeros at padded positions when given
 * a key-padding mask in eval mode without gradients), every position is computed.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const layer = new tg.nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, seed: 0 });
 * const encoder = new tg.nn.TransformerEncoder(layer, 2, new tg.nn.LayerNorm(8)).eval();
 * encoder.forward(tg.randn([3, 5, 8], { seed: 1 })).shape;        // [3, 5, 8]
 * Object.keys(tg.nn.toPyTorchKeys(encoder.stateDict()))[0];        // "layers.0.self_attn.in_proj_weight"
 * ```
 * @category Layers
 */
export class TransformerEncoder extends Module {
  /** The layers, copies of the given one. */
  layers: ModuleList;
  /** The final normalisation, or null. */
  norm: (Module & { forward(input: Tensor): Tensor }) | null;
  /** Number of layers. */
  readonly numLayers: number;

  /**
   * @param encoderLayer - the layer to copy `numLayers` times (itself not registered)
   * @param numLayers - number of layers (≥ 1)
   * @param norm - optional module applied to the output (e.g. a {@link LayerNorm}; default none)
   * @throws ValueError for a bad `numLayers`; TsgradError when `encoderLayer` is not a TransformerEncoderLayer or `norm` not a Module
   */
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, norm?: (Module & { forward(input: Tensor): Tensor }) | null) {
    super();
    const op = "TransformerEncoder";
    if (!(encoderLayer instanceof TransformerEncoderLayer)) {
      throw new TsgradError(op, `expected a TransformerEncoderLayer to copy, got ${describe(encoderLayer)}`, {});
    }
    this.numLayers = checkInteger(op, "arguments", "numLayers", numLayers, 1);
    if (norm !== undefined && norm !== null && !(norm instanceof Module)) throw new TsgradError(op, `expected norm to be a Module or null, got ${describe(norm)}`, {});
    this.layers = new ModuleList(Array.from({ length: this.numLayers }, () => encoderLayer.clone()));
    this.norm = norm ?? null;
  }

  /**
   * Applies the layers in turn, then `norm`.
   * @param src - `(L, N, dModel)`, `(N, L, dModel)` with `batchFirst`, or unbatched `(L, dModel)`
   * @param opts - `mask`, `srcKeyPaddingMask`, `isCausal`
   * @returns the same shape as `src`
   * @throws ShapeError / DTypeError from the layers for inputs or masks that do not fit
   */
  forward(src: Tensor, opts: TransformerEncoderForwardOptions = {}): Tensor {
    checkOptions("TransformerEncoder", opts, KEYS);
    let x = inputTensor("TransformerEncoder", src);
    const layerOpts: TransformerEncoderLayerForwardOptions = { srcMask: opts.mask ?? null, srcKeyPaddingMask: opts.srcKeyPaddingMask ?? null, isCausal: booleanOption("TransformerEncoder", "forward options", "isCausal", opts.isCausal, false) };
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer).forward(x, layerOpts);
    return this.norm ? this.norm.forward(x) : x;
  }
}
