// Boolean options are booleans (docs/guarantees.md): every layer's, loss's and helper's boolean option
// refuses null, strings, numbers and BigInts with a ValueError naming the class or call, and absent means the default
// (DataLoader's are tested in packages/data, exportOnnx's in packages/onnx).
import { describe, expect } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { TsgradError, ones, zeros } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";
import { expectError } from "./expect-error.js";

/** One boolean option: the name the error must start with, the option, and a call taking its value. */
type Case = [op: string, option: string, call: (value: unknown) => unknown];

const CASES: Case[] = [
  ["Linear", "bias", (v) => new nn.Linear(2, 2, { bias: v } as never)],
  ["Conv1d", "bias", (v) => new nn.Conv1d(1, 1, 1, { bias: v } as never)],
  ["Conv2d", "bias", (v) => new nn.Conv2d(1, 1, 1, { bias: v } as never)],
  ["ConvTranspose2d", "bias", (v) => new nn.ConvTranspose2d(1, 1, 1, { bias: v } as never)],
  ...(["affine", "trackRunningStats", "unbiasedRunningVar", "fused"] as const).flatMap((o): Case[] => [
    ["BatchNorm1d", o, (v) => new nn.BatchNorm1d(2, { [o]: v } as never)],
    ["BatchNorm2d", o, (v) => new nn.BatchNorm2d(2, { [o]: v } as never)],
  ]),
  ["LayerNorm", "elementwiseAffine", (v) => new nn.LayerNorm([2], { elementwiseAffine: v } as never)],
  ["LayerNorm", "bias", (v) => new nn.LayerNorm([2], { bias: v } as never)],
  ["GroupNorm", "affine", (v) => new nn.GroupNorm(1, 2, { affine: v } as never)],
  ["InstanceNorm2d", "affine", (v) => new nn.InstanceNorm2d(2, { affine: v } as never)],
  ["InstanceNorm2d", "trackRunningStats", (v) => new nn.InstanceNorm2d(2, { trackRunningStats: v } as never)],
  ...(["RNN", "LSTM", "GRU"] as const).flatMap((c) =>
    (["batchFirst", "bidirectional", "bias"] as const).map((o): Case => [c, o, (v) => new nn[c](2, 2, { [o]: v } as never)]),
  ),
  ...(["bias", "batchFirst", "addBiasKv", "addZeroAttn"] as const).map((o): Case => ["MultiheadAttention", o, (v) => new nn.MultiheadAttention(4, 2, { [o]: v } as never)]),
  ...(["needWeights", "averageAttnWeights", "isCausal"] as const).map((o): Case => [
    "MultiheadAttention",
    o,
    (v) => {
      const x = ones([3, 4]);
      return new nn.MultiheadAttention(4, 2, { seed: 0 }).forward(x, x, x, { [o]: v } as never);
    },
  ]),
  ...(["normFirst", "batchFirst", "bias"] as const).map((o): Case => ["TransformerEncoderLayer", o, (v) => new nn.TransformerEncoderLayer(4, 2, { [o]: v } as never)]),
  ["TransformerEncoderLayer", "isCausal", (v) => new nn.TransformerEncoderLayer(4, 2, { seed: 0 }).forward(ones([3, 4]), { isCausal: v } as never)],
  ["TransformerEncoder", "isCausal", (v) => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, { seed: 0 }), 1).forward(ones([3, 4]), { isCausal: v } as never)],
  ["MaxPool1d", "ceilMode", (v) => new nn.MaxPool1d(2, { ceilMode: v } as never)],
  ["MaxPool1d", "returnIndices", (v) => new nn.MaxPool1d(2, { returnIndices: v } as never)],
  ["MaxPool2d", "ceilMode", (v) => new nn.MaxPool2d(2, { ceilMode: v } as never)],
  ["MaxPool2d", "returnIndices", (v) => new nn.MaxPool2d(2, { returnIndices: v } as never)],
  ["AvgPool1d", "ceilMode", (v) => new nn.AvgPool1d(2, { ceilMode: v } as never)],
  ["AvgPool1d", "countIncludePad", (v) => new nn.AvgPool1d(2, { countIncludePad: v } as never)],
  ["AvgPool2d", "ceilMode", (v) => new nn.AvgPool2d(2, { ceilMode: v } as never)],
  ["AvgPool2d", "countIncludePad", (v) => new nn.AvgPool2d(2, { countIncludePad: v } as never)],
  ["Embedding.fromPretrained", "freeze", (v) => nn.Embedding.fromPretrained(ones([2, 2]), { freeze: v } as never)],
  ["Parameter", "requiresGrad", (v) => new nn.Parameter(ones([2]), { requiresGrad: v } as never)],
  ["klDiv", "logTarget", (v) => nn.klDiv(zeros([2]), ones([2]), { logTarget: v } as never)],
  ["KLDivLoss", "logTarget", (v) => new nn.KLDivLoss({ logTarget: v } as never).forward(zeros([2]), ones([2]))],
  ["clipGradNorm", "errorIfNonfinite", (v) => nn.clipGradNorm([new nn.Parameter(ones([2]))], 1, 2, { errorIfNonfinite: v } as never)],
  ["registerBuffer", "persistent", (v) => new nn.Identity().registerBuffer("b", ones([1]), { persistent: v } as never)],
  ["loadStateDict", "strict", (v) => new nn.Identity().loadStateDict({}, { strict: v } as never)],
];

/** Values that are not booleans: null (never the default), truthy and falsy look-alikes. */
const NOT_BOOLEAN = fc.oneof(
  fc.constantFrom<unknown>(null, "no", "true", "", 1, 0, 0n, 1n, Symbol("b"), NaN, [], {}, [true]),
  fc.string(),
  fc.double(),
  fc.bigInt(),
);

describe("boolean options refuse what is not true or false, naming the call", () => {
  test.prop([fc.constantFrom(...CASES), NOT_BOOLEAN], { numRuns: 200 })("null, strings, numbers, BigInts, Symbols, objects", ([op, option, call], value) => {
    expectError(() => call(value), ValueError, op, `invalid ${option} `);
  });

  test.prop([fc.constantFrom(...CASES), fc.constantFrom<unknown>(undefined, true, false)], { numRuns: 50 })("true, false and absent are taken", ([, , call], value) => {
    expect(() => call(value)).not.toThrow(TypeError);
    try {
      call(value);
    } catch (e) {
      // Some true/false combinations are refused for other reasons (a frozen int32 Parameter, a
      // non-finite norm): never for the option's kind.
      expect((e as Error).message).not.toMatch(/expected true or false/);
    }
  });

  test.prop([fc.constantFrom<unknown>(null, "no", 1)], { numRuns: 10 })("null, \"no\" and 1 are refused by every boolean option of every layer", (value) => {
    for (const [op, , call] of CASES) expect(() => call(value), op).toThrow(new RegExp(`^${op.replace(".", "\\.")}: .*expected true or false`));
  });
});

// Numeric options: `null` is not a number and is refused too, never taken for the default.
const NUMERIC: Case[] = [
  ["Conv2d", "stride", (v) => new nn.Conv2d(1, 1, 1, { stride: v } as never)],
  ["Conv2d", "padding", (v) => new nn.Conv2d(1, 1, 1, { padding: v } as never)],
  ["Conv2d", "groups", (v) => new nn.Conv2d(1, 1, 1, { groups: v } as never)],
  ["ConvTranspose2d", "outputPadding", (v) => new nn.ConvTranspose2d(1, 1, 1, { stride: 2, outputPadding: v } as never)],
  ["MaxPool2d", "stride", (v) => new nn.MaxPool2d(2, { stride: v } as never)],
  ["AvgPool1d", "padding", (v) => new nn.AvgPool1d(2, { padding: v } as never)],
  ["BatchNorm1d", "eps", (v) => new nn.BatchNorm1d(2, { eps: v } as never)],
  ["LayerNorm", "eps", (v) => new nn.LayerNorm([2], { eps: v } as never)],
  ["GroupNorm", "eps", (v) => new nn.GroupNorm(1, 2, { eps: v } as never)],
  ["InstanceNorm2d", "momentum", (v) => new nn.InstanceNorm2d(2, { momentum: v } as never)],
  ["LSTM", "numLayers", (v) => new nn.LSTM(2, 2, { numLayers: v } as never)],
  ["MultiheadAttention", "kdim", (v) => new nn.MultiheadAttention(4, 2, { kdim: v } as never)],
  ["TransformerEncoderLayer", "dimFeedforward", (v) => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: v } as never)],
  ["ELU", "alpha", (v) => new nn.ELU({ alpha: v } as never)],
  ["Softplus", "beta", (v) => new nn.Softplus({ beta: v } as never)],
  ["Hardtanh", "minVal", (v) => new nn.Hardtanh({ minVal: v } as never)],
  ["PReLU", "init", (v) => new nn.PReLU({ init: v } as never)],
  ["crossEntropy", "labelSmoothing", (v) => nn.crossEntropy(zeros([1, 2]), ones([1], { dtype: "int32" }), { labelSmoothing: v } as never)],
  ["huberLoss", "delta", (v) => nn.huberLoss(zeros([2]), ones([2]), { delta: v } as never)],
];

describe("numeric options refuse null (not a number), naming the call", () => {
  test.prop([fc.constantFrom(...NUMERIC)], { numRuns: 40 })("null is a ValueError; absent is the default", ([op, option, call]) => {
    expectError(() => call(null), ValueError, op, `invalid ${option} null`);
    expect(() => call(undefined)).not.toThrow();
  });
});
