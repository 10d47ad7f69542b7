// LSTM, the long short-term memory layer (torch.nn.LSTM) with PyTorch's gate order i, f, g, o;
// the shared loop, weights and checks are in rnn-base.ts.
import { type Tensor, add, mul, sigmoid, slice, tanh } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { checkOptions, describe } from "../checks.js";
import { RNN_BASE_KEYS, type RNNBaseOptions, RNNBase } from "./rnn-base.js";

/**
 * Long short-term memory layer (`torch.nn.LSTM`). For every layer, direction and time
 * step, with the gates in PyTorch's order i, f, g, o (the rows of `weightIhL<k>` and
 * `weightHhL<k>`, `(4·hiddenSize, ·)`):
 * `i = σ(W_ii x + b_ii + W_hi h + b_hi)`, `f = σ(…)`, `g = tanh(…)`, `o = σ(…)`,
 * `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`. PyTorch's shapes: input `(L, N, inputSize)`
 * (`(N, L, inputSize)` with `batchFirst`, or unbatched `(L, inputSize)`), optional initial
 * states `[h0, c0]`, each `(D·numLayers, N, hiddenSize)` (zeros when omitted), output
 * `(L, N, D·hiddenSize)` and final states `[hN, cN]`. Parameter names map to PyTorch's
 * (`weight_ih_l0`, `bias_hh_l1_reverse`, …) through {@link fromPyTorchKeys}; initialisation
 * U(−1/√hiddenSize, 1/√hiddenSize). Composed from `linear`, `sigmoid`, `tanh`, `slice`,
 * `mul`, `add` and `stack`, so its gradients come from theirs.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const lstm = new tg.nn.LSTM(3, 4, { batchFirst: true, bidirectional: true, seed: 0 });
 * const x = tg.randn([2, 6, 3], { seed: 1 }); // (N, L, inputSize)
 * const [output, [hN, cN]] = lstm.forward(x);
 * [output.shape, hN.shape, cN.shape]; // [[2, 6, 8], [2, 2, 4], [2, 2, 4]]
 * ```
 * @category Layers
 */
export class LSTM extends RNNBase {
  /**
   * @param inputSize - features of each input step
   * @param hiddenSize - features of the hidden and cell states
   * @param opts - `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes or options
   */
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    checkOptions("LSTM", opts, RNN_BASE_KEYS);
    super("LSTM", 4, inputSize, hiddenSize, opts);
  }

  /**
   * Runs the layers over the sequence.
   * @param input - `(L, N, inputSize)`, `(N, L, inputSize)` with `batchFirst`, or unbatched `(L, inputSize)`
   * @param hx - optional `[h0, c0]`, each `(D·numLayers, N, hiddenSize)` (unbatched: `(D·numLayers, hiddenSize)`); zeros when omitted
   * @returns `[output, [hN, cN]]`: every step's last-layer hidden state `(L, N, D·hiddenSize)` (in the input's layout) and the final states, shaped as `h0`
   * @throws ShapeError for an input or state of the wrong shape; DTypeError for a dtype other than the parameters'; ValueError when `hx` is not a pair
   */
  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    if (hx !== undefined && hx !== null && (!Array.isArray(hx) || hx.length !== 2)) {
      throw new ValueError("LSTM", `expected hx to be a pair [h0, c0] of Tensors, got ${describe(hx)}${Array.isArray(hx) ? ` of length ${hx.length}` : ""}`, {});
    }
    const h = this.hiddenSize;
    const gate = (gates: Tensor, k: number): Tensor => slice(gates, [null, [k * h, (k + 1) * h]]);
    const { output, finals } = this.run(
      input,
      [
        { name: "h0", value: hx?.[0] },
        { name: "c0", value: hx?.[1] },
      ],
      (x, [hPrev, cPrev], w) => {
        const gates = add(RNNBase.affine(x, w.wIh, w.bIh), RNNBase.affine(hPrev!, w.wHh, w.bHh));
        const i = sigmoid(gate(gates, 0));
        const f = sigmoid(gate(gates, 1));
        const g = tanh(gate(gates, 2));
        const o = sigmoid(gate(gates, 3));
        const c = add(mul(f, cPrev!), mul(i, g));
        return [mul(o, tanh(c)), c];
      },
    );
    return [output, [finals[0]!, finals[1]!]];
  }
}
