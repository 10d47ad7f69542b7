// Unknown options are refused, not ignored: every public call of @tsgrad/nn that takes an options
// object (layers, losses, init, optimizers, Module methods, forward options) throws a ValueError
// naming the call and the key when given one it does not know, and changes nothing.
import { describe, expect, it } from "vitest";
import { type Tensor, tensor, zeros } from "@tsgrad/autograd";
import { manualSeed } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";
import { type OptionsCall, expectUnknownRefused, testOptionsCalls } from "./unknown-options-helpers.js";
import { optionsCallables } from "../../ndarray/test/option-params.js";

const SEED = ["seed", "generator"];
const CONV = [...SEED, "groups", "bias", "dtype", "stride", "padding", "dilation"];
const RNN_BASE = [...SEED, "numLayers", "bias", "batchFirst", "dropout", "bidirectional", "dtype"];
const BATCH_NORM = ["convention", "eps", "momentum", "affine", "trackRunningStats", "unbiasedRunningVar", "initialRunningVar", "fused", "dtype"];
const MAX_POOL = ["stride", "padding", "dilation", "ceilMode", "returnIndices"];
const AVG_POOL = ["stride", "padding", "ceilMode", "countIncludePad"];

/**
 * Every layer (and loss module) whose constructor takes options: its arguments before the
 * options, its option names and a misspelling. A layer exported later whose constructor takes
 * options fails the coverage test below until it is listed here.
 */
const LAYERS: Record<string, { args: unknown[]; known: string[]; misspelt: string }> = {
  Linear: { args: [2, 3], known: [...SEED, "bias", "dtype"], misspelt: "bias_" },
  Conv1d: { args: [1, 2, 3], known: CONV, misspelt: "padding_mode" },
  Conv2d: { args: [1, 2, 3], known: CONV, misspelt: "paddingMode" },
  ConvTranspose2d: { args: [1, 2, 3], known: [...CONV, "outputPadding"], misspelt: "output_padding" },
  MaxPool1d: { args: [2], known: MAX_POOL, misspelt: "return_indices" },
  MaxPool2d: { args: [2], known: MAX_POOL, misspelt: "ceil_mode" },
  AvgPool1d: { args: [2], known: AVG_POOL, misspelt: "count_include_pad" },
  AvgPool2d: { args: [2], known: AVG_POOL, misspelt: "divisorOverride" },
  Dropout: { args: [0.5], known: SEED, misspelt: "inplace" },
  Dropout2d: { args: [0.5], known: SEED, misspelt: "seeds" },
  GELU: { args: [], known: ["approximate"], misspelt: "approx" },
  ELU: { args: [], known: ["alpha"], misspelt: "inplace" },
  Softplus: { args: [], known: ["beta", "threshold"], misspelt: "Beta" },
  PReLU: { args: [], known: ["numParameters", "init", "dtype"], misspelt: "num_parameters" },
  Hardtanh: { args: [], known: ["minVal", "maxVal"], misspelt: "min_val" },
  LayerNorm: { args: [4], known: ["eps", "elementwiseAffine", "bias", "dtype"], misspelt: "elementwise_affine" },
  Embedding: { args: [5, 3], known: [...SEED, "paddingIdx", "dtype"], misspelt: "padding_idx" },
  GroupNorm: { args: [2, 4], known: ["eps", "affine", "dtype"], misspelt: "affline" },
  InstanceNorm2d: { args: [3], known: ["eps", "momentum", "affine", "trackRunningStats", "dtype"], misspelt: "track_running_stats" },
  BatchNorm1d: { args: [3], known: BATCH_NORM, misspelt: "track_running_stats" },
  BatchNorm2d: { args: [3], known: BATCH_NORM, misspelt: "momentun" },
  RNN: { args: [3, 4], known: [...RNN_BASE, "nonlinearity"], misspelt: "batch_first" },
  LSTM: { args: [3, 4], known: RNN_BASE, misspelt: "num_layers" },
  GRU: { args: [3, 4], known: RNN_BASE, misspelt: "bidirectionnal" },
  MultiheadAttention: {
    args: [4, 2],
    known: [...SEED, "dropout", "bias", "addBiasKv", "addZeroAttn", "kdim", "vdim", "batchFirst", "dtype"],
    misspelt: "add_bias_kv",
  },
  TransformerEncoderLayer: {
    args: [4, 2],
    known: [...SEED, "dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst", "bias", "dtype"],
    misspelt: "dim_feedforward",
  },
  CrossEntropyLoss: { args: [], known: ["reduction", "labelSmoothing", "weight", "ignoreIndex"], misspelt: "label_smoothing" },
  NLLLoss: { args: [], known: ["reduction", "weight", "ignoreIndex"], misspelt: "ignore_index" },
  MSELoss: { args: [], known: ["reduction"], misspelt: "size_average" },
  L1Loss: { args: [], known: ["reduction"], misspelt: "reduce" },
  BCEWithLogitsLoss: { args: [], known: ["reduction", "weight", "posWeight"], misspelt: "pos_weight" },
  BCELoss: { args: [], known: ["reduction", "weight"], misspelt: "weights" },
  SmoothL1Loss: { args: [], known: ["reduction", "beta"], misspelt: "delta" },
  HuberLoss: { args: [], known: ["reduction", "delta"], misspelt: "beta" },
  KLDivLoss: { args: [], known: ["reduction", "logTarget"], misspelt: "log_target" },
};

const layerEntries: OptionsCall[] = Object.entries(LAYERS).map(([name, { args, known, misspelt }]) => ({
  id: name,
  name,
  known,
  misspelt,
  setup: () => {
    const C = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[name]!;
    // The global generator: a refused layer draws no weights from it.
    const g = manualSeed(11);
    return { call: (o) => new C(...args, o), observe: () => [g, args] };
  },
}));

/** A loss function over a fixed input and target (and the global generator, which it must not touch). */
function lossCall(name: string, known: string[], misspelt: string, loss: (x: Tensor, t: Tensor, o: never) => Tensor, x: () => Tensor, t: () => Tensor): OptionsCall {
  return {
    id: name,
    name,
    known,
    misspelt,
    setup: () => {
      const [input, target, g] = [x(), t(), manualSeed(5)];
      return { call: (o) => loss(input, target, o as never), observe: () => [input, target, g] };
    },
  };
}

const logits = (): Tensor => tensor([[0.5, -1, 2], [1, 0, -0.5]], { requiresGrad: true });
const classes = (): Tensor => tensor([2, 0], { dtype: "int32" });
const pair = (): Tensor => tensor([0.25, 0.75], { requiresGrad: true });

const lossEntries: OptionsCall[] = [
  lossCall("crossEntropy", ["reduction", "labelSmoothing", "weight", "ignoreIndex"], "label_smoothing", nn.crossEntropy, logits, classes),
  lossCall("nllLoss", ["reduction", "weight", "ignoreIndex"], "ignore_index", nn.nllLoss, logits, classes),
  lossCall("mseLoss", ["reduction"], "size_average", nn.mseLoss, pair, pair),
  lossCall("l1Loss", ["reduction"], "reduce", nn.l1Loss, pair, pair),
  lossCall("bceWithLogits", ["reduction", "weight", "posWeight"], "pos_weight", nn.bceWithLogits, pair, pair),
  lossCall("binaryCrossEntropy", ["reduction", "weight"], "weights", nn.binaryCrossEntropy, pair, pair),
  lossCall("smoothL1Loss", ["reduction", "beta"], "delta", nn.smoothL1Loss, pair, pair),
  lossCall("huberLoss", ["reduction", "delta"], "beta", nn.huberLoss, pair, pair),
  lossCall("klDiv", ["reduction", "logTarget"], "log_target", nn.klDiv, pair, pair),
];

/** An initialiser filling a (3, 4) Parameter: on refusal the target keeps its values and the global generator its state. */
function initCall(name: keyof typeof nn.init, known: string[], misspelt: string, fill: (target: nn.Parameter, o: never) => unknown): OptionsCall {
  return {
    id: `init.${name}`,
    name,
    known,
    misspelt,
    setup: () => {
      const [target, g] = [new nn.Parameter(zeros([3, 4])), manualSeed(3)];
      return { call: (o) => fill(target, o as never), observe: () => [target, g] };
    },
  };
}

const initEntries: OptionsCall[] = [
  initCall("kaimingUniform", [...SEED, "a", "mode", "nonlinearity"], "negative_slope", (t, o) => nn.init.kaimingUniform(t, o)),
  initCall("kaimingNormal", [...SEED, "a", "mode", "nonlinearity"], "fan_mode", (t, o) => nn.init.kaimingNormal(t, o)),
  initCall("xavierUniform", SEED, "gain", (t, o) => nn.init.xavierUniform(t, 1, o)),
  initCall("xavierNormal", SEED, "gain_", (t, o) => nn.init.xavierNormal(t, 1, o)),
  initCall("uniform", SEED, "low", (t, o) => nn.init.uniform(t, -1, 1, o)),
  initCall("normal", SEED, "mean", (t, o) => nn.init.normal(t, 0, 1, o)),
];

/** Parameters with gradients, for the optimizers and clipGradNorm. */
function withGrads(): Tensor[] {
  const p = tensor([1, -2, 3], { requiresGrad: true });
  const q = tensor([[0.5, 4]], { requiresGrad: true });
  p.grad = tensor([30, -40, 0]);
  q.grad = tensor([[1, 2]]);
  return [p, q];
}

// Optimizers keep their message: "unknown hyper-parameter". "params" and "initialLr" are
// group keys their options also accept.
const hyper = (key: string): string => `unknown hyper-parameter "${key}"`;
const OPTIMIZERS: Record<string, string[]> = {
  SGD: ["lr", "momentum", "dampening", "weightDecay", "nesterov", "maximize"],
  Adam: ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize"],
  AdamW: ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize"],
  RMSprop: ["lr", "alpha", "eps", "weightDecay", "momentum", "centered", "maximize"],
};

const optimizerEntries: OptionsCall[] = Object.entries(OPTIMIZERS).flatMap(([name, hypers]): OptionsCall[] => {
  const C = (nn as unknown as Record<string, new (params: Iterable<Tensor>, options: unknown) => nn.Optimizer>)[name]!;
  return [
    {
      id: name,
      name,
      known: [...hypers, "params", "initialLr"],
      misspelt: "weight_decay",
      valid: { lr: 0.1 },
      refusal: hyper,
      setup: () => {
        const params = withGrads();
        return { call: (o) => new C(params, o), observe: () => params };
      },
    },
    {
      id: `${name}#addParamGroup`,
      name: `${name}.addParamGroup`,
      known: [...hypers, "params", "initialLr"],
      misspelt: "lr_",
      refusal: hyper,
      setup: () => {
        const [p, q] = withGrads();
        const opt = new C([p!], { lr: 0.1 });
        opt.step();
        return { call: (o) => opt.addParamGroup({ ...o, params: [q!] }), observe: () => [opt.paramGroups, opt.defaults, [...opt.state.entries()], p, q] };
      },
    },
  ];
});

/** A Linear with a gradient and a buffer, to call Module methods on. */
function linearWithGrad(): nn.Linear {
  const m = new nn.Linear(2, 2, { seed: 1 });
  m.forward(tensor([[1, 2]])).sum().backward();
  return m;
}

const otherEntries: OptionsCall[] = [
  {
    id: "Parameter",
    name: "Parameter",
    known: ["requiresGrad", "dtype"],
    misspelt: "requires_grad",
    setup: () => {
      const data = zeros([2, 2]).data;
      return { call: (o) => new nn.Parameter(data, o), observe: () => data };
    },
  },
  {
    id: "clipGradNorm",
    name: "clipGradNorm",
    known: ["errorIfNonfinite"],
    misspelt: "error_if_nonfinite",
    setup: () => {
      const params = withGrads();
      return { call: (o) => nn.clipGradNorm(params, 1, 2, o), observe: () => params.map((p) => p.grad) };
    },
  },
  {
    id: "Module#registerBuffer",
    name: "registerBuffer",
    known: ["persistent"],
    misspelt: "persistant",
    setup: () => {
      const m = linearWithGrad();
      return { call: (o) => m.registerBuffer("steps", zeros([]), o), observe: () => [m, m.stateDict(), m.namedBuffers()] };
    },
  },
  {
    id: "Module#loadStateDict",
    name: "loadStateDict",
    known: ["strict"],
    misspelt: "strict_",
    valid: { strict: true },
    setup: () => {
      const m = linearWithGrad();
      const other = new nn.Linear(2, 2, { seed: 2 }).stateDict();
      return { call: (o) => m.loadStateDict(other, o), observe: () => [m, m.stateDict()] };
    },
  },
  {
    id: "Embedding.fromPretrained",
    name: "Embedding.fromPretrained",
    known: ["freeze", "paddingIdx"],
    misspelt: "padding_idx",
    setup: () => {
      const table = tensor([[0, 1], [2, 3], [4, 5]]);
      return { call: (o) => nn.Embedding.fromPretrained(table, o), observe: () => table };
    },
  },
  {
    id: "MultiheadAttention#forward",
    name: "MultiheadAttention",
    known: ["keyPaddingMask", "needWeights", "attnMask", "averageAttnWeights", "isCausal"],
    misspelt: "need_weights",
    setup: () => {
      const mha = new nn.MultiheadAttention(4, 2, { seed: 0 });
      const x = tensor([[[1, 0, -1, 2]], [[0.5, 0.5, 0, 1]]]);
      return { call: (o) => mha.forward(x, x, x, o), observe: () => [mha, x] };
    },
  },
  {
    id: "TransformerEncoderLayer#forward",
    name: "TransformerEncoderLayer",
    known: ["srcMask", "srcKeyPaddingMask", "isCausal"],
    misspelt: "src_mask",
    setup: () => {
      const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, seed: 0 });
      const [x, g] = [tensor([[[1, 0, -1, 2]], [[0.5, 0.5, 0, 1]]]), manualSeed(9)];
      return { call: (o) => layer.forward(x, o), observe: () => [layer, x, g] };
    },
  },
  {
    id: "TransformerEncoder#forward",
    name: "TransformerEncoder",
    known: ["mask", "srcKeyPaddingMask", "isCausal"],
    misspelt: "is_causal",
    setup: () => {
      const encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, seed: 0 }), 2);
      const [x, g] = [tensor([[[1, 0, -1, 2]], [[0.5, 0.5, 0, 1]]]), manualSeed(9)];
      return { call: (o) => encoder.forward(x, o), observe: () => [encoder, x, g] };
    },
  },
];

const ENTRIES: OptionsCall[] = [...layerEntries, ...lossEntries, ...initEntries, ...optimizerEntries, ...otherEntries];

/** Callables that take options but are not users' calls, each with why. */
const NOT_USERS_CALLS: Record<string, string> = {
  ConvBase: "protected constructor of the base of Conv1d, Conv2d and ConvTranspose2d (listed)",
  DropoutBase: "protected constructor of the base of Dropout and Dropout2d (listed)",
  RNNBase: "protected constructor of the base of RNN, LSTM and GRU (listed)",
  BatchNormBase: "protected constructor of the base of BatchNorm1d and BatchNorm2d (listed)",
  LossBase: "protected constructor of the base of the loss modules (listed)",
  Optimizer: "protected constructor of the base of SGD, Adam, AdamW and RMSprop (listed)",
  "init.resolveSeed": "internal: a layer passes its whole options object, whose keys the layer checks",
};

describe("every public call of @tsgrad/nn that takes options refuses an unknown one", () => {
  it("the table lists every exported function, constructor and method whose parameters include an options object", () => {
    const found = [...optionsCallables(nn as unknown as Record<string, unknown>), ...optionsCallables(nn.init as unknown as Record<string, unknown>, "init.")];
    const listed = new Set(ENTRIES.map((e) => e.id));
    const missing = found.filter((id) => !listed.has(id) && !(id in NOT_USERS_CALLS));
    expect(missing, "add these to the table (a layer: to LAYERS, with its minimal arguments)").toEqual([]);
    // And the table names real callables: all but addParamGroup (its parameter is a group) were found.
    expect([...listed].filter((id) => !found.includes(id) && !id.endsWith("#addParamGroup"))).toEqual([]);
    expect(found.length).toBeGreaterThan(60);
  });

  testOptionsCalls(ENTRIES, 60);

  it("the message suggests the option meant, ignoring case and underscores", async () => {
    const e = await expectUnknownRefused(layerEntries.find((x) => x.id === "BatchNorm1d")!, "track_running_stats");
    expect(e.message).toMatch(/^BatchNorm1d: options: unknown option "track_running_stats"; expected one of .*\(did you mean "trackRunningStats"\?\)$/);
  });
});
