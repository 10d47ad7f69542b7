// GRU, the gated recurrent unit layer (torch.nn.GRU) with PyTorch's gate order r, z, n and its
// form of the candidate state; the shared loop, weights and checks are in rnn-base.ts.
import { type Tensor, add, mul, sigmoid, slice, sub, tanh } from "@tsgrad/autograd";
import { RNN_BASE_KEYS, type RNNBaseOptions, RNNBase } from "./rnn-base.js";
import { checkOptions } from "../checks.js";

/**
 * Gated recurrent unit layer (`torch.nn.GRU`). For every layer, direction and time step,
 * with the gates in PyTorch's order r, z, n (the rows of `weightIhL<k>` and
 * `weightHhL<k>`, `(3·hiddenSize, ·)`):
 * `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
 * `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h` — the reset
 * gate applied after the recurrent product, as PyTorch (and cuDNN). PyTorch's shapes:
 * input `(L, N, inputSize)` (`(N, L, inputSize)` with `batchFirst`, or unbatched
 * `(L, inputSize)`), optional `h0` `(D·numLayers, N, hiddenSize)` (zeros when omitted),
 * output `(L, N, D·hiddenSize)` and `hN` like `h0`. Parameter names map to PyTorch's
 * through {@link fromPyTorchKeys}; initialisation U(−1/√hiddenSize, 1/√hiddenSize).
 * Composed from `linear`, `sigmoid`, `tanh`, `slice`, `mul`, `add`, `sub` and `stack`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const gru = new tg.nn.GRU(3, 4, { numLayers: 2, seed: 0 });
 * const [output, hN] = gru.forward(tg.randn([5, 2, 3], { seed: 1 }), tg.zeros([2, 2, 4]));
 * [output.shape, hN.shape]; // [[5, 2, 4], [2, 2, 4]]
 * ```
 * @category Layers
 */
export class GRU extends RNNBase {
  /**
   * @param inputSize - features of each input step
   * @param hiddenSize - features of the hidden state
   * @param opts - `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes or options
   */
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    checkOptions("GRU", opts, RNN_BASE_KEYS);
    super("GRU", 3, inputSize, hiddenSize, opts);
  }

  /**
   * Runs the layers over the sequence.
   * @param input - `(L, N, inputSize)`, `(N, L, inputSize)` with `batchFirst`, or unbatched `(L, inputSize)`
   * @param h0 - initial hidden state `(D·numLayers, N, hiddenSize)` (unbatched: `(D·numLayers, hiddenSize)`); zeros when omitted
   * @returns `[output, hN]`: every step's last-layer state `(L, N, D·hiddenSize)` (in the input's layout) and the final states, shaped as `h0`
   * @throws ShapeError for an input or `h0` of the wrong shape; DTypeError for a dtype other than the parameters'
   */
  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const h = this.hiddenSize;
    const gate = (gates: Tensor, k: number): Tensor => slice(gates, [null, [k * h, (k + 1) * h]]);
    const { output, finals } = this.run(input, [{ name: "h0", value: h0 }], (x, [hPrev], w) => {
      const gi = RNNBase.affine(x, w.wIh, w.bIh);
      const gh = RNNBase.affine(hPrev!, w.wHh, w.bHh);
      const r = sigmoid(add(gate(gi, 0), gate(gh, 0)));
      const z = sigmoid(add(gate(gi, 1), gate(gh, 1)));
      const n = tanh(add(gate(gi, 2), mul(r, gate(gh, 2))));
      // PyTorch's form of (1 − z) n + z h.
      return [add(mul(sub(hPrev!, n), z), n)];
    });
    return [output, finals[0]!];
  }
}
