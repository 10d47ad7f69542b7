// RNN, the Elman recurrent layer with a tanh or ReLU nonlinearity (torch.nn.RNN); the shared
// loop, weights and checks are in rnn-base.ts.
import { type Tensor, add, relu, tanh } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkOptions, showValue } from "../checks.js";
import { RNN_BASE_KEYS, type RNNBaseOptions, RNNBase } from "./rnn-base.js";

/**
 * Options of {@link RNN}: those of every recurrent layer and the nonlinearity.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.RNNOptions = { nonlinearity: "relu", numLayers: 2, seed: 0 };
 * new tg.nn.RNN(3, 4, opts).forward(tg.randn([5, 2, 3], { seed: 1 }))[1].shape; // [2, 2, 4]
 * ```
 * @category Layers
 */
export interface RNNOptions extends RNNBaseOptions {
  /** `"tanh"` (default) or `"relu"`. */
  nonlinearity?: "tanh" | "relu";
}

/** The option names of {@link RNNOptions}. */
const KEYS: OptionKeys<RNNOptions> = { ...RNN_BASE_KEYS, nonlinearity: true };

/**
 * Elman recurrent layer (`torch.nn.RNN`): for every layer, direction and time step
 * `hₜ = act(xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh)` with act tanh or ReLU. PyTorch's
 * shapes: input `(L, N, inputSize)` (`(N, L, inputSize)` with `batchFirst`, or an
 * unbatched `(L, inputSize)`), optional initial state `h0` `(D·numLayers, N, hiddenSize)`
 * (zeros when omitted), output `(L, N, D·hiddenSize)` and final state `hN` like `h0`, with
 * D = 2 when bidirectional. Parameters `weightIhL0`, `weightHhL0`, `biasIhL0`, `biasHhL0`,
 * … with `Reverse` for the backward direction — PyTorch's `weight_ih_l0`, … through
 * {@link fromPyTorchKeys} — initialised U(−1/√hiddenSize, 1/√hiddenSize). Composed from
 * `linear`, `tanh`/`relu`, `slice` and `stack`, so its gradients come from theirs.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const rnn = new tg.nn.RNN(3, 4, { numLayers: 2, seed: 0 });
 * const [output, hN] = rnn.forward(tg.randn([5, 2, 3], { seed: 1 })); // (L, N, inputSize)
 * [output.shape, hN.shape]; // [[5, 2, 4], [2, 2, 4]]
 * ```
 * @category Layers
 */
export class RNN extends RNNBase {
  /** The nonlinearity, `"tanh"` or `"relu"`. */
  readonly nonlinearity: "tanh" | "relu";

  /**
   * @param inputSize - features of each input step
   * @param hiddenSize - features of the hidden state
   * @param opts - `nonlinearity`, `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes or options
   */
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    checkOptions("RNN", opts, KEYS);
    super("RNN", 1, inputSize, hiddenSize, opts);
    const act = opts.nonlinearity ?? "tanh";
    if (act !== "tanh" && act !== "relu") {
      throw new ValueError("RNN", `options: invalid nonlinearity ${showValue(act)}; expected "tanh" or "relu"`, { nonlinearity: act });
    }
    this.nonlinearity = act;
  }

  /**
   * Runs the layers over the sequence.
   * @param input - `(L, N, inputSize)`, `(N, L, inputSize)` with `batchFirst`, or unbatched `(L, inputSize)`
   * @param h0 - initial hidden state `(D·numLayers, N, hiddenSize)` (unbatched: `(D·numLayers, hiddenSize)`); zeros when omitted
   * @returns `[output, hN]`: every step's last-layer state `(L, N, D·hiddenSize)` (in the input's layout) and the final states, shaped as `h0`
   * @throws ShapeError for an input or `h0` of the wrong shape; DTypeError for a dtype other than the parameters'
   */
  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const act = this.nonlinearity === "tanh" ? tanh : relu;
    const { output, finals } = this.run(input, [{ name: "h0", value: h0 }], (x, [h], w) => [
      act(add(RNNBase.affine(x, w.wIh, w.bIh), RNNBase.affine(h!, w.wHh, w.bHh))),
    ]);
    return [output, finals[0]!];
  }

  /**
   * The settings shown by `toString()`.
   * @returns the sizes and the options that differ from their defaults
   */
  override extraRepr(): string {
    return this.nonlinearity === "tanh" ? super.extraRepr() : `${super.extraRepr()}, nonlinearity="relu"`;
  }
}
