// What RNN, LSTM and GRU share (torch.nn.RNNBase): options, the PyTorch-named weights of every
// layer and direction, input and state checks, and the loop over layers, directions and time steps.
import { type Tensor, concat, linear, reshape, slice, stack, tensor, transpose, unsqueeze } from "@tsgrad/autograd";
import { type DType, DTypeError, ShapeError, TsgradError, ValueError, zeros } from "@tsgrad/ndarray";
import { type SeedOptions, resolveSeed, uniform } from "../init.js";
import { type OptionKeys, SEED_KEYS, booleanOption, checkInteger, checkNumber, describe, fmtShape, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { Dropout } from "./dropout.js";

/**
 * Options of the recurrent layers {@link LSTM} and {@link GRU} (and, with `nonlinearity`,
 * {@link RNN}), PyTorch's keyword arguments in camelCase.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.RNNBaseOptions = { numLayers: 2, bidirectional: true, batchFirst: true, seed: 0 };
 * const lstm = new tg.nn.LSTM(3, 5, opts);
 * lstm.forward(tg.randn([4, 7, 3], { seed: 1 }))[0].shape; // [4, 7, 10]
 * ```
 * @category Layers
 */
export interface RNNBaseOptions extends SeedOptions {
  /** Number of stacked recurrent layers (default 1); layer k > 0 reads layer k − 1's outputs. */
  numLayers?: number;
  /** Learn the biases `biasIhL<k>` and `biasHhL<k>` (default true). */
  bias?: boolean;
  /** Input and output are `(N, L, features)` instead of `(L, N, features)` (default false); the states are never batch-first. */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training (default 0). */
  dropout?: number;
  /** Run a second pass from the end of the sequence in every layer, concatenating both (default false). */
  bidirectional?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/** The option names of {@link RNNBaseOptions} (LSTM's and GRU's; RNN adds its own). @internal */
export const RNN_BASE_KEYS: OptionKeys<RNNBaseOptions> = {
  ...SEED_KEYS,
  numLayers: true,
  bias: true,
  batchFirst: true,
  dropout: true,
  bidirectional: true,
  dtype: true,
};

/** The weights of one layer and direction, as PyTorch's `weight_ih_l{k}{suffix}`, …. @internal */
export interface CellWeights {
  wIh: Parameter;
  wHh: Parameter;
  bIh: Parameter | null;
  bHh: Parameter | null;
}

/**
 * A recurrent cell: the next state (`[h]`, or `[h, c]` for the LSTM) from one time step's
 * input `(N, inFeatures)` and the previous state (each `(N, hiddenSize)`). @internal
 */
export type Cell = (x: Tensor, state: readonly Tensor[], w: CellWeights) => Tensor[];

/**
 * The common machinery of {@link RNN}, {@link LSTM} and {@link GRU} (`torch.nn.RNNBase`):
 * the options, PyTorch's parameter names and layouts — `weightIhL<k>` `(G·hiddenSize,
 * inputs)`, `weightHhL<k>` `(G·hiddenSize, hiddenSize)`, `biasIhL<k>`, `biasHhL<k>`
 * `(G·hiddenSize)`, with the suffix `Reverse` for the backward direction, G being 1, 4
 * or 3 gates — and PyTorch's initialisation, every parameter U(−1/√hiddenSize,
 * 1/√hiddenSize) drawn in that order from `seed`/`generator` when given. The state-dict
 * keys map to PyTorch's (`weight_ih_l0`, `bias_hh_l1_reverse`, …) through
 * {@link toPyTorchKeys}/{@link fromPyTorchKeys}.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const gru = new tg.nn.GRU(2, 3, { bidirectional: true });
 * gru instanceof tg.nn.RNNBase;                           // true
 * Object.keys(tg.nn.toPyTorchKeys(gru.stateDict())).slice(0, 2); // ["weight_ih_l0", "weight_hh_l0"]
 * ```
 * @category Layers
 */
export abstract class RNNBase extends Module {
  /** Features of each input step. */
  readonly inputSize: number;
  /** Features of the hidden state (and of each direction's output). */
  readonly hiddenSize: number;
  /** Stacked layers. */
  readonly numLayers: number;
  /** Whether the biases are learnt. */
  readonly bias: boolean;
  /** Whether input and output are `(N, L, features)`. */
  readonly batchFirst: boolean;
  /** Dropout between layers, in training. */
  readonly dropout: number;
  /** Whether each layer also runs backwards. */
  readonly bidirectional: boolean;
  /** The layer's name in messages. */
  readonly #op: string;
  /** Parameter names per layer and direction, `[layer * D + direction]`. */
  readonly #names: { wIh: string; wHh: string; bIh: string | null; bHh: string | null }[] = [];
  readonly #dropout: Dropout;

  /**
   * @param op - the concrete class's name, for messages
   * @param gates - number of gates G (1 for RNN, 4 for LSTM, 3 for GRU)
   * @param inputSize - features of each input step
   * @param hiddenSize - features of the hidden state
   * @param opts - the options
   */
  protected constructor(op: string, gates: number, inputSize: number, hiddenSize: number, opts: RNNBaseOptions) {
    super();
    this.#op = op;
    this.inputSize = checkInteger(op, "arguments", "inputSize", inputSize, 1);
    this.hiddenSize = checkInteger(op, "arguments", "hiddenSize", hiddenSize, 1);
    this.numLayers = checkInteger(op, "options", "numLayers", orDefault(opts.numLayers, 1), 1);
    this.bias = booleanOption(op, "options", "bias", opts.bias, true);
    this.batchFirst = booleanOption(op, "options", "batchFirst", opts.batchFirst, false);
    this.dropout = checkNumber(op, "options", "dropout", orDefault(opts.dropout, 0), { min: 0, max: 1 });
    this.bidirectional = booleanOption(op, "options", "bidirectional", opts.bidirectional, false);
    const dtype = opts.dtype ?? "float32";
    if (dtype !== "float32" && dtype !== "float64") throw new ValueError(op, `options: invalid dtype ${describe(dtype)}; expected "float32" or "float64"`, { dtype });
    const generator = resolveSeed(op, opts);
    this.#dropout = new Dropout(this.dropout, generator ? { generator } : {});
    const bound = 1 / Math.sqrt(this.hiddenSize);
    const param = (shape: number[]): Parameter => underName(op, () => uniform(new Parameter(zeros(shape, { dtype })), -bound, bound, generator ? { generator } : {}));
    const g = gates * this.hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const inFeatures = layer === 0 ? this.inputSize : this.hiddenSize * directions;
      for (let d = 0; d < directions; d++) {
        const suffix = `L${layer}${d === 1 ? "Reverse" : ""}`;
        const names = { wIh: `weightIh${suffix}`, wHh: `weightHh${suffix}`, bIh: this.bias ? `biasIh${suffix}` : null, bHh: this.bias ? `biasHh${suffix}` : null };
        this.registerParameter(names.wIh, param([g, inFeatures]));
        this.registerParameter(names.wHh, param([g, this.hiddenSize]));
        if (names.bIh !== null && names.bHh !== null) {
          this.registerParameter(names.bIh, param([g]));
          this.registerParameter(names.bHh, param([g]));
        }
        this.#names.push(names);
      }
    }
  }

  /** The number of directions, 1 or 2. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /**
   * The parameters of every layer and direction, in PyTorch's order (`all_weights`):
   * `[weightIh, weightHh, biasIh, biasHh]` (without the biases when `bias` is false) for
   * layer 0 forward, layer 0 reverse, layer 1 forward, ….
   * @returns one list per layer and direction
   */
  get allWeights(): Parameter[][] {
    return this.#names.map((_, i) => {
      const w = this.#weights(i);
      return [w.wIh, w.wHh, ...(w.bIh && w.bHh ? [w.bIh, w.bHh] : [])];
    });
  }

  /** The current parameters of one layer and direction (read by name, so a replaced parameter is seen). */
  #weights(i: number): CellWeights {
    const names = this.#names[i]!;
    const get = (n: string | null): Parameter | null => {
      if (n === null) return null;
      const p = (this as unknown as Record<string, unknown>)[n];
      if (!(p instanceof Parameter)) throw new TsgradError(this.#op, `parameter "${n}" is missing (got ${describe(p)})`, { name: n });
      return p;
    };
    return { wIh: get(names.wIh)!, wHh: get(names.wHh)!, bIh: get(names.bIh), bHh: get(names.bHh) };
  }

  /**
   * Runs the layers over the sequence. `initial` holds, per kind of state (h, and c for the
   * LSTM), the user's Tensor or undefined for zeros, with its name for messages.
   * @param input - the sequence, as the concrete layer's `forward` takes it
   * @param initial - per kind of state, its name (`"h0"`, `"c0"`) and the given value (undefined or null for zeros)
   * @param cell - the step function of the concrete layer
   * @returns the output in the input's layout and, per kind of state, the final states `(D·numLayers, N, H)` (unbatched: `(D·numLayers, H)`)
   * @internal
   */
  protected run(input: unknown, initial: readonly { name: string; value: unknown }[], cell: Cell): { output: Tensor; finals: Tensor[] } {
    const op = this.#op;
    const x = inputTensor(op, input);
    const params = this.#weights(0).wIh;
    if (x.ndim !== 2 && x.ndim !== 3) {
      const layout = this.batchFirst ? "(N, L, inputSize)" : "(L, N, inputSize)";
      throw new ShapeError(op, `expected a ${layout} input or an unbatched (L, inputSize) one, got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(op, `expected input with ${this.inputSize} features (inputSize) on the last axis, got ${fmtShape(x.shape)}`, { shape: x.shape });
    }
    if (x.dtype !== params.dtype) {
      throw new DTypeError(op, `expected a ${params.dtype} input (the parameters' dtype), got ${x.dtype}; convert one of them (x.astype(...) or module.to(...))`, {
        dtype: x.dtype,
      });
    }
    const batched = x.ndim === 3;
    // Time-major (L, N, F) from here on.
    const seq = batched ? (this.batchFirst ? transpose(x, 0, 1) : x) : unsqueeze(x, 1);
    const [len, n] = [seq.shape[0]!, seq.shape[1]!];
    if (len === 0) throw new ShapeError(op, `expected a sequence of length ≥ 1, got input of shape ${fmtShape(x.shape)}`, { shape: x.shape });
    const dirs = this.numDirections;
    const h = this.hiddenSize;
    const stateShape = batched ? [dirs * this.numLayers, n, h] : [dirs * this.numLayers, h];
    const states = initial.map(({ name, value }): Tensor | null => {
      if (value === undefined || value === null) return null;
      const s = inputTensor(op, value);
      if (s.ndim !== stateShape.length || s.shape.some((d, i) => d !== stateShape[i])) {
        throw new ShapeError(
          op,
          `expected ${name} of shape ${fmtShape(stateShape)} (numLayers·numDirections, ${batched ? "N, " : ""}hiddenSize) for input of shape ${fmtShape(x.shape)}, got ${fmtShape(s.shape)}`,
          { [name]: s.shape, expected: stateShape, input: x.shape },
        );
      }
      if (s.dtype !== x.dtype) throw new DTypeError(op, `expected ${name} of dtype ${x.dtype} (the input's), got ${s.dtype}`, { dtype: s.dtype });
      return batched ? s : unsqueeze(s, 1);
    });
    let zero: Tensor | null = null;
    const start = (k: number, i: number): Tensor => {
      const s = states[k];
      if (s) return reshape(slice(s, [i]), [n, h]);
      zero ??= tensor(zeros([n, h], { dtype: x.dtype }));
      return zero;
    };

    let steps: Tensor[] = [];
    for (let t = 0; t < len; t++) steps.push(reshape(slice(seq, [t]), [n, seq.shape[2]!]));
    const finals: Tensor[][] = initial.map(() => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[][] = [];
      for (let d = 0; d < dirs; d++) {
        const i = layer * dirs + d;
        const w = this.#weights(i);
        let state = initial.map((_, k) => start(k, i));
        const out: Tensor[] = new Array<Tensor>(len);
        for (let s = 0; s < len; s++) {
          const t = d === 0 ? s : len - 1 - s;
          state = cell(steps[t]!, state, w);
          out[t] = state[0]!;
        }
        state.forEach((v, k) => finals[k]!.push(v));
        outs.push(out);
      }
      steps = dirs === 1 ? outs[0]! : outs[0]!.map((f, t) => concat([f, outs[1]![t]!], -1));
      if (this.training && this.dropout > 0 && layer < this.numLayers - 1) steps = steps.map((v) => this.#dropout.forward(v));
    }
    let output = stack(steps, batched && this.batchFirst ? 1 : 0);
    if (!batched) output = reshape(output, [len, dirs * h]);
    return { output, finals: finals.map((f) => (batched ? stack(f, 0) : reshape(stack(f, 0), stateShape))) };
  }

  /**
   * A linear map of one step, `x Wᵀ + b` (no bias when `b` is null).
   * @param x - `(N, inFeatures)`
   * @param w - `(G·hiddenSize, inFeatures)`
   * @param b - `(G·hiddenSize)` or null
   * @returns `(N, G·hiddenSize)`
   * @internal
   */
  protected static affine(x: Tensor, w: Parameter, b: Parameter | null): Tensor {
    return b ? linear(x, w, b) : linear(x, w);
  }

  /**
   * The settings shown by `toString()`, as PyTorch's: the sizes, then the options that differ from their defaults.
   * @returns e.g. `3, 5, numLayers=2, bidirectional=true`
   */
  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push("bias=false");
    if (this.batchFirst) parts.push("batchFirst=true");
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push("bidirectional=true");
    return parts.join(", ");
  }
}
