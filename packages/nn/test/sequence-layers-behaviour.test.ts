// The sequence models and attention beyond PyTorch parity: finite-difference gradients (first and
// second order), typed errors naming the layer and the shapes, initialisation, seeded dropout,
// equivalences between forms (unbatched, batch first, isCausal, mask kinds), the encoder's copies.
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { type Tensor, concat, randn, scaledDotProductAttention, tensor, transpose, zeros } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { DTypeError, type NDArray, ShapeError, TsgradError, ValueError } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";
import { expectError } from "./expect-error.js";
import { checkBoth } from "./gradchecks.js";

const f64 = { dtype: "float64" } as const;
const rnd = (shape: number[], seed: number): NDArray => T.randn(shape, { seed, ...f64 });
const x64 = (shape: number[], seed: number): Tensor => randn(shape, { seed, ...f64 });
const bool = (rows: number[][] | number[]): Tensor => tensor(rows, { dtype: "int32" });

/** Largest elementwise |a − b|. */
function maxDiff(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

describe("gradients (float64 finite differences of the inputs and initial states, first and second order)", () => {
  test.prop([fc.nat(1000), fc.boolean(), fc.boolean()], { numRuns: 10 })("LSTM, 2 layers", (seed, bidirectional, batchFirst) => {
    const lstm = new nn.LSTM(2, 3, { numLayers: 2, bidirectional, batchFirst, seed, dtype: "float64" });
    const d = bidirectional ? 2 : 1;
    const fn = (x: Tensor, h: Tensor, c: Tensor): Tensor => {
      const [out, [hN, cN]] = lstm.forward(x, [h, c]);
      return concat([out.flatten(), hN.flatten(), cN.flatten()]);
    };
    checkBoth(fn, [rnd(batchFirst ? [2, 3, 2] : [3, 2, 2], seed), rnd([2 * d, 2, 3], seed + 1), rnd([2 * d, 2, 3], seed + 2)], seed, false);
  });

  test.prop([fc.nat(1000)], { numRuns: 10 })("GRU and RNN (tanh, relu), second order too", (seed) => {
    for (const layer of [
      new nn.GRU(2, 3, { bidirectional: true, seed, dtype: "float64" }),
      new nn.RNN(2, 3, { numLayers: 2, seed, dtype: "float64" }),
      new nn.RNN(2, 3, { nonlinearity: "relu", seed, dtype: "float64" }),
    ]) {
      const dirs = layer.numDirections * layer.numLayers;
      const fn = (x: Tensor, h: Tensor): Tensor => {
        const [out, hN] = layer.forward(x, h);
        return concat([out.flatten(), hN.flatten()]);
      };
      checkBoth(fn, [rnd([3, 2, 2], seed), rnd([dirs, 2, 3], seed + 1)], seed);
    }
  });

  test.prop([fc.nat(1000), fc.boolean()], { numRuns: 10 })("MultiheadAttention with masks, addBiasKv and addZeroAttn", (seed, extra) => {
    const mha = new nn.MultiheadAttention(4, 2, { kdim: extra ? 3 : 4, vdim: extra ? 5 : 4, addBiasKv: extra, addZeroAttn: extra, seed, dtype: "float64" });
    const kpm = bool([
      [0, 0, 1],
      [0, 0, 0],
    ]);
    const attnMask = tensor(rnd([2, 3], seed + 9));
    const fn = (q: Tensor, k: Tensor, v: Tensor): Tensor => {
      const [out, w] = mha.forward(q, k, v, { keyPaddingMask: kpm, attnMask, isCausal: !extra });
      return concat([out.flatten(), w!.flatten()]);
    };
    checkBoth(fn, [rnd([2, 2, 4], seed), rnd([3, 2, extra ? 3 : 4], seed + 1), rnd([3, 2, extra ? 5 : 4], seed + 2)], seed);
  });

  test.prop([fc.nat(1000), fc.boolean()], { numRuns: 10 })("TransformerEncoderLayer (post- and pre-norm, gelu)", (seed, normFirst) => {
    const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 5, activation: "gelu", normFirst, seed, dtype: "float64" }).eval();
    checkBoth((x) => layer.forward(x, { isCausal: true }), [rnd([3, 2, 4], seed)], seed, false);
  });

  test.prop([fc.nat(1000)], { numRuns: 10 })("scaledDotProductAttention with a float mask, causal, and a scale", (seed) => {
    const mask = tensor(rnd([3, 4], seed + 5));
    checkBoth((q, k, v) => scaledDotProductAttention(q, k, v, { attnMask: mask }), [rnd([2, 3, 2], seed), rnd([2, 4, 2], seed + 1), rnd([2, 4, 3], seed + 2)], seed);
    checkBoth((q, k, v) => scaledDotProductAttention(q, k, v, { isCausal: true, scale: 0.7 }), [rnd([3, 2], seed), rnd([4, 2], seed + 1), rnd([4, 3], seed + 2)], seed);
  });
});

describe("typed errors naming the layer and the shapes", () => {
  it("recurrent layers: states, inputs, dtypes and options", () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2 });
    const x = randn([5, 2, 3]);
    expectError(() => lstm.forward(x, [zeros([1, 2, 4]), zeros([2, 2, 4])]), ShapeError, "LSTM", "expected h0 of shape [2, 2, 4]", "got [1, 2, 4]", "[5, 2, 3]");
    expectError(() => lstm.forward(x, [zeros([2, 2, 4]), zeros([2, 3, 4])]), ShapeError, "LSTM", "expected c0 of shape [2, 2, 4]", "got [2, 3, 4]");
    expectError(() => lstm.forward(x, [zeros([2, 2, 4])] as unknown as [Tensor, Tensor]), ValueError, "LSTM", "pair [h0, c0]", "length 1");
    expectError(() => lstm.forward(randn([5, 2, 2])), ShapeError, "LSTM", "3 features (inputSize)", "got [5, 2, 2]");
    expectError(() => lstm.forward(randn([5, 2, 3, 1])), ShapeError, "LSTM", "(L, N, inputSize)", "got [5, 2, 3, 1]");
    expectError(() => lstm.forward(randn([5, 2, 3], f64)), DTypeError, "LSTM", "float32 input", "got float64");
    expectError(() => lstm.forward(x, [zeros([2, 2, 4], f64), zeros([2, 2, 4])]), DTypeError, "LSTM", "h0 of dtype float32");
    expectError(() => lstm.forward(x.data as unknown as Tensor), TsgradError, "LSTM", "wrap it with tensor(...)");
    const gru = new nn.GRU(3, 4, { bidirectional: true, batchFirst: true });
    expectError(() => gru.forward(randn([2, 5, 3]), zeros([1, 2, 4])), ShapeError, "GRU", "expected h0 of shape [2, 2, 4]", "got [1, 2, 4]");
    expectError(() => gru.forward(randn([5, 3]), zeros([2, 1, 4])), ShapeError, "GRU", "expected h0 of shape [2, 4]");
    expectError(() => new nn.RNN(3, 4).forward(randn([0, 2, 3])), ShapeError, "RNN", "length ≥ 1");
    expectError(() => new nn.RNN(3, 4, { nonlinearity: "sigmoid" as "tanh" }), ValueError, "RNN", 'invalid nonlinearity "sigmoid"');
    expectError(() => new nn.LSTM(0, 4), ValueError, "LSTM", "inputSize");
    expectError(() => new nn.GRU(3, 4, { dropout: 1.5 }), ValueError, "GRU", "dropout");
    expectError(() => new nn.LSTM(3, 4, { numLayers: 0 }), ValueError, "LSTM", "numLayers");
  });

  it("MultiheadAttention: heads, inputs and masks", () => {
    expectError(() => new nn.MultiheadAttention(10, 3), ValueError, "MultiheadAttention", "embedDim 10 is not divisible by numHeads 3");
    const mha = new nn.MultiheadAttention(4, 2);
    const q = randn([3, 2, 4]);
    const kv = randn([5, 2, 4]);
    expectError(() => mha.forward(q, kv, kv, { keyPaddingMask: bool([[0, 0, 0, 0]]) }), ShapeError, "MultiheadAttention", "keyPaddingMask of shape [2, 5] (N, S)", "got [1, 4]");
    expectError(() => mha.forward(q, kv, kv, { attnMask: zeros([3, 4]) }), ShapeError, "MultiheadAttention", "attnMask of shape [3, 5] (L, S) or [4, 3, 5]", "got [3, 4]");
    expectError(() => mha.forward(q, kv, kv, { attnMask: zeros([3, 5], f64) }), DTypeError, "MultiheadAttention", "float attnMask must have the query's dtype float32", "float64");
    expectError(() => mha.forward(q, kv, kv, { keyPaddingMask: tensor([[0, 2, 0, 0, 0], [0, 0, 0, 0, 0]], { dtype: "int32" }) }), ValueError, "MultiheadAttention", "only 0 and 1", "got 2");
    expectError(() => mha.forward(q, randn([5, 2]), kv), ShapeError, "MultiheadAttention", "batched (3-D)", "key [5, 2]");
    expectError(() => mha.forward(q, randn([5, 3, 4]), randn([5, 3, 4])), ShapeError, "MultiheadAttention", "the same batch size", "key [5, 3, 4]");
    expectError(() => mha.forward(randn([3, 2, 5]), kv, kv), ShapeError, "MultiheadAttention", "query [3, 2, 5]");
    expectError(() => mha.forward(q.astype("float64"), kv, kv), DTypeError, "MultiheadAttention", "float32 query", "got float64");
  });

  it("transformer layers and scaledDotProductAttention", () => {
    expectError(() => new nn.TransformerEncoderLayer(6, 4), ValueError, "TransformerEncoderLayer", "dModel 6 is not divisible by nhead 4");
    expectError(() => new nn.TransformerEncoderLayer(4, 2, { activation: "tanh" as "relu" }), ValueError, "TransformerEncoderLayer", 'invalid activation "tanh"');
    const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 });
    expectError(() => layer.forward(randn([3, 2, 5])), ShapeError, "TransformerEncoderLayer", "dModel = 4", "got [3, 2, 5]");
    expectError(() => layer.forward(randn([3, 2, 4]), { srcKeyPaddingMask: bool([[0, 0]]) }), ShapeError, "TransformerEncoderLayer", "MultiheadAttention: ", "keyPaddingMask of shape [2, 3]");
    expectError(() => new nn.TransformerEncoder(new nn.LayerNorm(4) as unknown as nn.TransformerEncoderLayer, 2), TsgradError, "TransformerEncoder", "TransformerEncoderLayer");
    expectError(() => new nn.TransformerEncoder(layer, 0), ValueError, "TransformerEncoder", "numLayers");
    const q = randn([2, 3, 4]);
    expectError(() => scaledDotProductAttention(q, randn([2, 5, 3]), randn([2, 5, 4])), ShapeError, "scaledDotProductAttention", "query [2, 3, 4], key [2, 5, 3]");
    expectError(() => scaledDotProductAttention(q, q, q, { attnMask: bool([1, 0, 1, 1]) }), ShapeError, "scaledDotProductAttention", "attnMask of shape [4]", "[2, 3, 3]");
    expectError(() => scaledDotProductAttention(q, q, q, { attnMask: bool([1, 0, 1]), isCausal: true }), ValueError, "scaledDotProductAttention", "either attnMask or isCausal");
    expectError(() => scaledDotProductAttention(q, q, q, { dropoutP: 2 }), ValueError, "scaledDotProductAttention", "dropoutP");
    expectError(() => scaledDotProductAttention(q.data, q.data, q.data), ValueError, "scaledDotProductAttention", "wrap it with tensor(...)");
  });
});

describe("parameters, names and initialisation", () => {
  it("recurrent layers: PyTorch's names, shapes and U(−1/√H, 1/√H), seeded", () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, seed: 7 });
    const names = Object.keys(nn.toPyTorchKeys(lstm.stateDict()));
    const expected: string[] = [];
    for (const l of [0, 1]) for (const sfx of ["", "_reverse"]) expected.push(...["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map((w) => `${w}_l${l}${sfx}`));
    expect(names).toEqual(expected);
    const sd = lstm.stateDict();
    expect(sd.weightIhL0!.shape).toEqual([16, 3]);
    expect(sd.weightIhL1Reverse!.shape).toEqual([16, 8]);
    expect(sd.weightHhL1!.shape).toEqual([16, 4]);
    expect(lstm.allWeights.length).toBe(4);
    for (const p of lstm.parameters()) for (const v of p.toTypedArray()) expect(Math.abs(v)).toBeLessThanOrEqual(0.5);
    const again = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, seed: 7 });
    expect(again.stateDict().weightHhL1Reverse!.toArray()).toEqual(sd.weightHhL1Reverse!.toArray());
    expect(new nn.LSTM(3, 4, { seed: 8 }).stateDict().weightIhL0!.toArray()).not.toEqual(sd.weightIhL0!.toArray());
    expect(Object.keys(new nn.GRU(2, 3, { bias: false }).stateDict())).toEqual(["weightIhL0", "weightHhL0"]);
    expect(new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }).toString()).toContain("LSTM(3, 4, numLayers=2, bidirectional=true)");
  });

  it("MultiheadAttention: packed or separate projections, zero biases, Xavier bounds", () => {
    const mha = new nn.MultiheadAttention(8, 2, { seed: 0 });
    expect(Object.keys(nn.toPyTorchKeys(mha.stateDict()))).toEqual(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]);
    expect(mha.inProjBias!.toArray()).toEqual(new Array(24).fill(0));
    expect(mha.outProj.bias!.toArray()).toEqual(new Array(8).fill(0));
    const bound = Math.sqrt(6 / (8 + 24));
    for (const v of mha.inProjWeight!.toTypedArray()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    const sep = new nn.MultiheadAttention(4, 2, { kdim: 3, vdim: 5, addBiasKv: true, bias: false });
    expect(Object.keys(nn.toPyTorchKeys(sep.stateDict()))).toEqual(["q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v", "out_proj.weight"]);
    expect([sep.kProjWeight!.shape, sep.vProjWeight!.shape, sep.biasK!.shape]).toEqual([[4, 3], [4, 5], [1, 1, 4]]);
  });

  it("TransformerEncoder: PyTorch's keys, layers are independent copies of the given layer, which is not registered", () => {
    const proto = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 6, seed: 3 });
    const encoder = new nn.TransformerEncoder(proto, 2, new nn.LayerNorm(4));
    const keys = Object.keys(nn.toPyTorchKeys(encoder.stateDict()));
    expect(keys.slice(0, 4)).toEqual(["layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias", "layers.0.self_attn.out_proj.weight", "layers.0.self_attn.out_proj.bias"]);
    expect(keys.slice(-2)).toEqual(["norm.weight", "norm.bias"]);
    expect(keys.length).toBe(2 * 12 + 2);
    const [a, b] = [encoder.layers.at(0) as nn.TransformerEncoderLayer, encoder.layers.at(1) as nn.TransformerEncoderLayer];
    expect(a.linear1.weight.toArray()).toEqual(proto.linear1.weight.toArray());
    expect(b.linear1.weight.toArray()).toEqual(proto.linear1.weight.toArray());
    expect(a.linear1.weight).not.toBe(b.linear1.weight);
    a.linear1.weight.data = T.zerosLike(a.linear1.weight.data);
    expect(b.linear1.weight.toArray()).toEqual(proto.linear1.weight.toArray());
    expect(encoder.modules()).not.toContain(proto);
    expect(new nn.TransformerEncoder(proto, 3).parameters().length).toBe(36);
  });
});

describe("equivalent forms give the same results", () => {
  it("unbatched = batch of one; batchFirst = transposed; zeros = no initial state", () => {
    for (const make of [
      (bf: boolean) => new nn.GRU(2, 3, { numLayers: 2, bidirectional: true, batchFirst: bf, seed: 1, dtype: "float64" }),
      (bf: boolean) => new nn.RNN(2, 3, { bidirectional: true, batchFirst: bf, seed: 1, dtype: "float64" }),
    ]) {
      const seqFirst = make(false);
      const batchFirst = make(true);
      const x = x64([4, 1, 2], 2);
      const [o1, h1] = seqFirst.forward(x);
      const [o2, h2] = seqFirst.forward(x.reshape([4, 2]));
      expect(maxDiff(o1.reshape([4, 6]), o2)).toBe(0);
      expect(maxDiff(h1.reshape(h2.shape), h2)).toBe(0);
      const [o3, h3] = batchFirst.forward(transpose(x, 0, 1));
      expect(maxDiff(transpose(o3, 0, 1), o1)).toBe(0);
      expect(maxDiff(h3, h1)).toBe(0);
      const [o4] = seqFirst.forward(x, zeros(h1.shape, f64));
      expect(maxDiff(o4, o1)).toBe(0);
    }
  });

  it("MultiheadAttention: isCausal = the boolean causal mask; a float mask of 0/−∞ = the boolean mask; 3-D = 2-D repeated", () => {
    const mha = new nn.MultiheadAttention(4, 2, { seed: 0, dtype: "float64" });
    const x = x64([4, 2, 4], 1);
    const causal = bool([
      [0, 1, 1, 1],
      [0, 0, 1, 1],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ]);
    const [a, wa] = mha.forward(x, x, x, { isCausal: true });
    const [b, wb] = mha.forward(x, x, x, { attnMask: causal });
    expect(maxDiff(a, b)).toBe(0);
    expect(maxDiff(wa!, wb!)).toBe(0);
    const float = tensor(T.where(causal.data, -Infinity, 0).astype("float64"));
    expect(maxDiff(mha.forward(x, x, x, { attnMask: float })[0], a)).toBe(0);
    const repeated = tensor(T.concat([causal.data.reshape([1, 4, 4]), causal.data.reshape([1, 4, 4]), causal.data.reshape([1, 4, 4]), causal.data.reshape([1, 4, 4])]));
    expect(maxDiff(mha.forward(x, x, x, { attnMask: repeated })[0], a)).toBe(0);
    const kpm = bool([
      [0, 0, 0, 1],
      [0, 1, 0, 0],
    ]);
    const kpmFloat = tensor(T.where(kpm.data, -Infinity, 0).astype("float64"));
    expect(maxDiff(mha.forward(x, x, x, { keyPaddingMask: kpm })[0], mha.forward(x, x, x, { keyPaddingMask: kpmFloat })[0])).toBe(0);
    // Per-head weights average to the averaged ones; masked keys get weight 0; rows sum to 1.
    const [, perHead] = mha.forward(x, x, x, { keyPaddingMask: kpm, averageAttnWeights: false });
    const [, avg] = mha.forward(x, x, x, { keyPaddingMask: kpm });
    expect(maxDiff(perHead!.mean(1), avg!)).toBeLessThan(1e-15);
    expect((avg!.toArray() as number[][][])[0]!.map((row) => row[3])).toEqual([0, 0, 0, 0]);
    for (const row of avg!.sum(-1).toTypedArray()) expect(row).toBeCloseTo(1, 14);
    expect(mha.forward(x, x, x, { needWeights: false })[1]).toBeNull();
  });

  it("scaledDotProductAttention: PyTorch's boolean convention (1 = attend) is the complement of MultiheadAttention's", () => {
    const q = x64([2, 3, 4], 1);
    const k = x64([2, 5, 4], 2);
    const v = x64([2, 5, 2], 3);
    const keep = bool([
      [1, 0, 1, 1, 0],
      [1, 1, 1, 0, 1],
      [0, 1, 1, 1, 1],
    ]);
    const additive = tensor(T.where(keep.data, 0, -Infinity).astype("float64"));
    expect(maxDiff(scaledDotProductAttention(q, k, v, { attnMask: keep }), scaledDotProductAttention(q, k, v, { attnMask: additive }))).toBe(0);
    const causal = scaledDotProductAttention(q, q, v.slice([null, [0, 3]]), { isCausal: true });
    // The first query sees only the first key, so its output is the first value.
    expect((causal.toArray() as number[][][])[0]![0]).toEqual((v.toArray() as number[][][])[0]![0]);
  });
});

describe("training mode: seeded dropout", () => {
  it("LSTM drops between layers only in training, reproducibly with a seed", () => {
    const make = (): nn.LSTM => new nn.LSTM(2, 3, { numLayers: 2, dropout: 0.5, seed: 4, dtype: "float64" });
    const x = x64([5, 2, 2], 0);
    const [a] = make().forward(x);
    const [b] = make().forward(x);
    expect(maxDiff(a, b)).toBe(0);
    const m = make();
    const [evalOut] = m.eval().forward(x);
    expect(maxDiff(evalOut, m.forward(x)[0])).toBe(0);
    expect(maxDiff(a, evalOut)).toBeGreaterThan(0);
    // One layer: the dropout between layers never applies.
    const single = new nn.LSTM(2, 3, { dropout: 0.5, seed: 4, dtype: "float64" });
    expect(maxDiff(single.forward(x)[0], single.eval().forward(x)[0])).toBe(0);
  });

  it("MultiheadAttention and TransformerEncoderLayer drop with their seed in training, never in eval", () => {
    const x = x64([3, 2, 4], 0);
    const make = (): nn.TransformerEncoderLayer => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0.3, seed: 5, dtype: "float64" });
    const [p, q] = [make(), make()];
    expect(maxDiff(p.forward(x), q.forward(x))).toBe(0);
    const e = make().eval();
    expect(maxDiff(e.forward(x), make().eval().forward(x))).toBe(0);
    expect(maxDiff(make().forward(x), e.forward(x))).toBeGreaterThan(0);
    const mha = new nn.MultiheadAttention(4, 2, { dropout: 0.5, seed: 1, dtype: "float64" });
    const [, w] = mha.forward(x, x, x, { averageAttnWeights: false });
    const values = Array.from(w!.toTypedArray());
    expect(values.some((v) => v === 0)).toBe(true); // dropped weights
    expect(values.some((v) => v > 1)).toBe(true); // survivors scaled by 2
  });
});
