// One configuration of every nn layer with inference semantics, exported and run in ONNX Runtime
// at other batch sizes — and a guard that a layer added to tg.nn gets a row here.
import * as tg from "./tg.js";
import { afterAll, describe, expect, it } from "vitest";
import { checkAgainstOrt } from "./ort.js";

/** A module whose forward calls `m` with extra arguments (layers with several inputs or options). */
class Call<M extends tg.nn.Module> extends tg.nn.Module {
  constructor(
    readonly m: M,
    readonly f: (m: M, ...xs: tg.Tensor[]) => unknown,
  ) {
    super();
  }
  forward(...xs: tg.Tensor[]): unknown {
    return this.f(this.m, ...xs);
  }
}

interface Row {
  /** The layer (or a module calling it). */
  model: () => tg.nn.Module;
  /** Inputs for a batch of `b`. */
  inputs: (b: number, seed: number) => tg.Tensor[];
  /** The batch axis of each input (default 0). */
  batchAxes?: (number | null)[];
}

const x = (shape: number[], seed: number): tg.Tensor => tg.randn(shape, { seed }).mul(2);
const img = (c: number, h: number, w: number): Row["inputs"] => (b, seed) => [x([b, c, h, w], seed)];
const vec = (...shape: number[]): Row["inputs"] => (b, seed) => [x([b, ...shape], seed)];

/** Random running statistics and affine parameters, so normalisation layers are not near the identity. */
function randomised<M extends tg.nn.Module>(m: M): M {
  let k = 0;
  for (const [name, t] of m.namedBuffers()) if (t.dtype !== "int32") t.data = tg.rand([...t.shape], { seed: 50 + k++ }).add(name.endsWith("Var") ? 0.5 : -0.5).data;
  for (const p of m.parameters()) if (p.ndim === 1) p.data = tg.randn([...p.shape], { seed: 80 + k++ }).data;
  return m;
}

/** Layer class name → a configuration. Containers, losses and abstract bases are not layers here. */
const ROWS: Record<string, Row> = {
  Linear: { model: () => new tg.nn.Linear(6, 4, { seed: 1 }), inputs: vec(3, 6) },
  Conv1d: { model: () => new tg.nn.Conv1d(4, 6, 3, { groups: 2, dilation: 2, padding: "same", seed: 1 }), inputs: vec(4, 9) },
  Conv2d: { model: () => new tg.nn.Conv2d(2, 4, [3, 2], { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, seed: 1 }), inputs: img(2, 7, 6) },
  ConvTranspose2d: { model: () => new tg.nn.ConvTranspose2d(2, 4, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2, seed: 1 }), inputs: img(2, 4, 5) },
  MaxPool1d: { model: () => new tg.nn.MaxPool1d(3, { stride: 2, padding: 1, ceilMode: true }), inputs: vec(3, 10) },
  MaxPool2d: { model: () => new tg.nn.MaxPool2d([3, 2], { stride: 2, padding: [1, 1], dilation: [1, 2], ceilMode: true }), inputs: img(2, 9, 8) },
  AvgPool1d: { model: () => new tg.nn.AvgPool1d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), inputs: vec(3, 10) },
  AvgPool2d: { model: () => new tg.nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true }), inputs: img(2, 8, 9) },
  AdaptiveAvgPool2d: { model: () => new tg.nn.AdaptiveAvgPool2d([3, 2]), inputs: img(2, 7, 5) },
  BatchNorm1d: { model: () => randomised(new tg.nn.BatchNorm1d(5)), inputs: vec(5) },
  BatchNorm2d: { model: () => randomised(new tg.nn.BatchNorm2d(3, { eps: 1e-3 })), inputs: img(3, 4, 4) },
  LayerNorm: { model: () => randomised(new tg.nn.LayerNorm([3, 4])), inputs: vec(2, 3, 4) },
  GroupNorm: { model: () => randomised(new tg.nn.GroupNorm(2, 4)), inputs: img(4, 3, 3) },
  InstanceNorm2d: { model: () => randomised(new tg.nn.InstanceNorm2d(3, { affine: true })), inputs: img(3, 4, 3) },
  Embedding: { model: () => new tg.nn.Embedding(10, 4, { paddingIdx: 0, seed: 1 }), inputs: (b, seed) => [tg.randint(0, 10, [b, 5], { seed })] },
  Flatten: { model: () => new tg.nn.Flatten(), inputs: img(2, 3, 4) },
  Unflatten: { model: () => new tg.nn.Unflatten(1, [2, -1]), inputs: vec(6) },
  Dropout: { model: () => new tg.nn.Dropout(0.5), inputs: vec(4) },
  Dropout2d: { model: () => new tg.nn.Dropout2d(0.3), inputs: img(2, 3, 3) },
  Identity: { model: () => new tg.nn.Identity(), inputs: vec(4) },
  ReLU: { model: () => new tg.nn.ReLU(), inputs: vec(7) },
  LeakyReLU: { model: () => new tg.nn.LeakyReLU(0.2), inputs: vec(7) },
  GELU: { model: () => new tg.nn.GELU({ approximate: "tanh" }), inputs: vec(7) },
  Tanh: { model: () => new tg.nn.Tanh(), inputs: vec(7) },
  Sigmoid: { model: () => new tg.nn.Sigmoid(), inputs: vec(7) },
  SiLU: { model: () => new tg.nn.SiLU(), inputs: vec(7) },
  ELU: { model: () => new tg.nn.ELU({ alpha: 0.7 }), inputs: vec(7) },
  Softplus: { model: () => new tg.nn.Softplus({ beta: 2, threshold: 3 }), inputs: vec(7) },
  Mish: { model: () => new tg.nn.Mish(), inputs: vec(7) },
  PReLU: { model: () => randomised(new tg.nn.PReLU({ numParameters: 3 })), inputs: img(3, 2, 2) },
  Hardtanh: { model: () => new tg.nn.Hardtanh({ minVal: -0.5, maxVal: 2 }), inputs: vec(7) },
  ReLU6: { model: () => new tg.nn.ReLU6(), inputs: (b, seed) => [x([b, 7], seed).mul(4)] },
  Softmax: { model: () => new tg.nn.Softmax(1), inputs: vec(3, 4) },
  LogSoftmax: { model: () => new tg.nn.LogSoftmax(-1), inputs: vec(3, 4) },
  RNN: { model: () => new tg.nn.RNN(3, 4, { nonlinearity: "relu", numLayers: 2, seed: 1 }), inputs: (b, seed) => [x([5, b, 3], seed)], batchAxes: [1] },
  LSTM: {
    model: () => new Call(new tg.nn.LSTM(3, 4, { batchFirst: true, bidirectional: true, seed: 1 }), (m, a, h, c) => m.forward(a, [h!, c!])),
    inputs: (b, seed) => [x([b, 5, 3], seed), x([2, b, 4], seed + 1), x([2, b, 4], seed + 2)],
    batchAxes: [0, 1, 1],
  },
  GRU: { model: () => new tg.nn.GRU(3, 4, { batchFirst: true, seed: 1 }), inputs: vec(5, 3) },
  MultiheadAttention: {
    model: () => new Call(new tg.nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 5, batchFirst: true, seed: 1 }), (m, q, k, v, mask) => m.forward(q!, k!, v!, { attnMask: mask! })),
    inputs: (b, seed) => [x([b, 4, 8], seed), x([b, 3, 6], seed + 1), x([b, 3, 5], seed + 2), x([4, 3], seed + 3)],
    batchAxes: [0, 0, 0, null],
  },
  TransformerEncoderLayer: {
    model: () => new tg.nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: "gelu", seed: 1 }),
    inputs: (b, seed) => [x([5, b, 8], seed)],
    batchAxes: [1],
  },
  TransformerEncoder: {
    model: () => new tg.nn.TransformerEncoder(new tg.nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, normFirst: true, batchFirst: true, seed: 1 }), 2),
    inputs: vec(5, 8),
  },
};

/** tg.nn's Module classes that are not layers with an inference forward. */
const NOT_LAYERS = /^(Sequential|ModuleList|ModuleDict|.*Base|.*Loss)$/;

describe("every nn layer in ONNX Runtime", () => {
  let worst = 0;
  afterAll(() => console.log(`every layer: largest relative difference ${worst.toExponential(2)}`));

  it("has a row here (a new layer of tg.nn needs one)", () => {
    const layers = Object.entries(tg.nn)
      .filter(([name, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof tg.nn.Module && !NOT_LAYERS.test(name))
      .map(([name]) => name)
      .sort();
    expect(layers).toEqual(Object.keys(ROWS).sort());
  });

  for (const [name, row] of Object.entries(ROWS)) {
    it(`${name} matches tsgrad's eval forward at batch sizes 2, 3 and 1`, async () => {
      const e = await checkAgainstOrt(row.model(), row.inputs(2, 1), [row.inputs(3, 10), row.inputs(1, 20)], row.batchAxes ? { batchAxes: row.batchAxes } : {});
      worst = Math.max(worst, e);
    });
  }
});
