// The modern layers and losses beyond PyTorch parity: finite-difference gradients (first and second
// order), typed errors, seeded channel dropout, ModuleDict, returnIndices, fromPretrained, loss buffers.
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import {
  type Tensor,
  adaptiveAvgPool2d,
  avgPool1d,
  conv1d,
  elu,
  groupNorm,
  hardtanh,
  maxPool1d,
  mish,
  prelu,
  relu6,
  silu,
  softplus,
  tensor,
} from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { DTypeError, type NDArray, ShapeError, TsgradError, ValueError, ones, randn, zeros } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";
import { expectError } from "./expect-error.js";
import { checkBoth } from "./gradchecks.js";

const f64 = { dtype: "float64" } as const;
const rnd = (shape: number[], seed: number, scale = 1): NDArray => T.mul(randn(shape, { seed, ...f64 }), scale);
/** −0 as 0, for exact comparisons. */
const plain = (xs: unknown): number[] => (xs as number[]).map((v) => (v === 0 ? 0 : v));

describe("gradients of the new functional ops (float64 finite differences, first and second order)", () => {
  test.prop([fc.nat(1000), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 1 })], { numRuns: 10 })("conv1d with stride, padding, groups", (seed, stride, padding) => {
    const fn = (x: Tensor, w: Tensor, b: Tensor): Tensor => conv1d(x, w, b, { stride, padding, groups: 2 });
    checkBoth(fn, [rnd([2, 4, 6], seed), rnd([4, 2, 3], seed + 1), rnd([4], seed + 2)], seed);
  });

  test.prop([fc.nat(1000)], { numRuns: 10 })("maxPool1d and avgPool1d", (seed) => {
    checkBoth((x) => maxPool1d(x, { kernelSize: 3, stride: 2, padding: 1 }), [rnd([1, 2, 7], seed)], seed);
    checkBoth((x) => avgPool1d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [rnd([1, 2, 7], seed)], seed);
  });

  test.prop([fc.nat(1000), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })], { numRuns: 10 })("adaptiveAvgPool2d of any output size", (seed, oh, ow) => {
    checkBoth((x) => adaptiveAvgPool2d(x, [oh, ow]), [rnd([1, 2, 5, 4], seed)], seed);
  });

  test.prop([fc.nat(1000), fc.constantFrom(1, 2, 4)], { numRuns: 10 })("groupNorm with affine parameters", (seed, groups) => {
    const fn = (x: Tensor, w: Tensor, b: Tensor): Tensor => groupNorm(x, groups, w, b, { eps: 1e-3 });
    checkBoth(fn, [rnd([2, 4, 3], seed), rnd([4], seed + 1), rnd([4], seed + 2)], seed);
  });

  test.prop([fc.nat(1000)], { numRuns: 10 })("silu, elu, softplus, mish, prelu", (seed) => {
    const x = rnd([3, 4], seed, 2);
    checkBoth((v) => silu(v), [x], seed);
    checkBoth((v) => elu(v, 0.7), [x], seed);
    checkBoth((v) => softplus(v, { beta: 1.5, threshold: 3 }), [x], seed);
    checkBoth((v) => mish(v), [x], seed);
    checkBoth((v, w) => prelu(v, w), [x, rnd([4], seed + 1)], seed);
  });

  test.prop([fc.nat(1000)], { numRuns: 10 })("the new losses, input and target", (seed) => {
    const x = rnd([3, 4], seed);
    const y = rnd([3, 4], seed + 1);
    checkBoth((a, b) => nn.smoothL1Loss(a, b, { beta: 0.7 }), [x, y], seed, false);
    checkBoth((a, b) => nn.huberLoss(a, b, { delta: 0.7, reduction: "sum" }), [x, y], seed, false);
    const p = T.sigmoid(rnd([3, 4], seed + 2));
    const t = T.sigmoid(rnd([3, 4], seed + 3));
    checkBoth((a, b) => nn.binaryCrossEntropy(a, b), [p, t], seed);
    const logq = T.log(T.sigmoid(rnd([3, 4], seed + 4)));
    checkBoth((a, b) => nn.klDiv(a, b, { reduction: "batchmean" }), [logq, t], seed);
    checkBoth((a, b) => nn.klDiv(a, b, { logTarget: true }), [logq, y], seed);
  });
});

describe("values at the edges", () => {
  it("hardtanh and relu6 pass no gradient at their bounds, as PyTorch", () => {
    const x = tensor([-1, -0.5, 1, 2], { requiresGrad: true, ...f64 });
    hardtanh(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0, 0]);
    const z = tensor([0, 3, 6, 7], { requiresGrad: true, ...f64 });
    relu6(z).sum().backward();
    expect(z.grad!.toArray()).toEqual([0, 1, 0, 0]);
  });

  it("softplus is finite and exact far from 0; its threshold returns x", () => {
    const x = tensor([-800, -40, 0, 30, 800], { requiresGrad: true, ...f64 });
    const y = softplus(x);
    expect(y.toArray()).toEqual([0, Math.log1p(Math.exp(-40)), Math.LN2, 30, 800]);
    y.sum().backward();
    const g = x.grad!.toArray() as number[];
    expect([g[0], g[2], g[3], g[4]]).toEqual([0, 0.5, 1, 1]);
    expect(g[1]! / (1 / (1 + Math.exp(40)))).toBeCloseTo(1, 14);
  });

  it("elu is exact near 0 and has gradient α at 0", () => {
    const x = tensor([-1e-12, 0], { requiresGrad: true, ...f64 });
    const y = elu(x, 2);
    expect(y.toArray()).toEqual([2 * Math.expm1(-1e-12), 0]);
    y.sum().backward();
    expect((x.grad!.toArray() as number[])[1]).toBe(2);
  });

  it("binaryCrossEntropy clamps its logs at −100, as PyTorch, with a finite gradient", () => {
    const p = tensor([0, 1, 0.5], { requiresGrad: true, ...f64 });
    const loss = nn.binaryCrossEntropy(p, tensor([1, 0, 1], f64), { reduction: "none" });
    expect(loss.toArray()).toEqual([100, 100, Math.LN2]);
    loss.sum().backward();
    expect(plain(p.grad!.toArray())).toEqual([0, 0, -2]);
  });

  it("klDiv counts 0·log 0 as 0, with finite gradients", () => {
    const logq = tensor([[Math.log(0.5), Math.log(0.5)]], { requiresGrad: true, ...f64 });
    const p = tensor([[0, 1]], { requiresGrad: true, ...f64 });
    const loss = nn.klDiv(logq, p, { reduction: "sum" });
    expect(loss.item()).toBeCloseTo(Math.log(2), 15);
    loss.backward();
    expect((p.grad!.toArray() as number[][])[0]![0]).toBeCloseTo(Math.log(2), 15);
  });

  it("smoothL1Loss with β = 0 is l1Loss", () => {
    const x = tensor([1, -2, 0.5], f64);
    const y = tensor([0, 0, 1], f64);
    expect(nn.smoothL1Loss(x, y, { beta: 0 }).item()).toBe(nn.l1Loss(x, y).item());
  });
});

describe("typed errors naming the layer and the shapes", () => {
  it("GroupNorm", () => {
    expectError(() => new nn.GroupNorm(4, 6), ValueError, "GroupNorm", "numChannels=6 is not divisible by numGroups=4");
    expectError(() => new nn.GroupNorm(2, 4).forward(tensor(zeros([2, 6, 3]))), ShapeError, "GroupNorm", "(N, 4, *)", "[2, 6, 3]");
    expectError(() => groupNorm(tensor(zeros([2, 6])), 4), ValueError, "groupNorm", "[2, 6]", "6 channels", "numGroups=4");
  });

  it("InstanceNorm2d, Conv1d, ConvTranspose2d", () => {
    expectError(() => new nn.InstanceNorm2d(3).forward(tensor(zeros([2, 4, 5, 5]))), ShapeError, "InstanceNorm2d", "(N, 3, H, W)", "[2, 4, 5, 5]");
    expectError(() => new nn.Conv1d(3, 4, 3).forward(tensor(zeros([2, 2, 8]))), ShapeError, "Conv1d", "(N, 3, L)", "[2, 2, 8]");
    expectError(() => new nn.Conv1d(3, 4, 5).forward(tensor(zeros([1, 3, 3]))), ShapeError, "Conv1d", "[1, 3, 3]", "too short");
    expectError(() => conv1d(tensor(zeros([1, 4, 5])), tensor(zeros([3, 3, 2])), null, { groups: 2 }), ShapeError, "conv1d", "[1, 4, 5]", "[3, 3, 2]", "expects 6");
    expectError(() => new nn.InstanceNorm2d(2).forward(tensor(zeros([1, 2, 1, 1]))), ValueError, "InstanceNorm2d", "more than 1 spatial element", "[1, 2, 1, 1]");
    expectError(() => new nn.Conv1d(3, 4, 3, { groups: 2 }), ValueError, "Conv1d", "groups=2", "inChannels=3");
    expectError(() => new nn.Conv1d(3, 4, 3, { padding: "same", stride: 2 }), ValueError, "Conv1d", '"same" needs stride 1');
    const up = new nn.ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1 });
    expectError(() => up.forward(tensor(zeros([1, 2, 3, 3])), [8, 8]), ValueError, "ConvTranspose2d", "[8, 8]", "[1, 2, 3, 3]", "[5, 6]");
    expectError(() => new nn.ConvTranspose2d(2, 3, 3, { stride: 2, outputPadding: 2 }), ValueError, "ConvTranspose2d", "outputPadding [2, 2]");
    expectError(() => up.forward(tensor(zeros([1, 3, 3, 3]))), ShapeError, "ConvTranspose2d", "(N, 2, H, W)", "[1, 3, 3, 3]");
  });

  it("pooling layers", () => {
    expectError(() => new nn.MaxPool1d(2).forward(tensor(zeros([2, 3, 4, 5]))), ShapeError, "MaxPool1d", "(N, C, L)", "[2, 3, 4, 5]");
    expectError(() => new nn.AvgPool1d(2).forward(tensor(zeros([5]))), ShapeError, "AvgPool1d", "[5]");
    expectError(() => new nn.MaxPool1d(4).forward(tensor(zeros([1, 2, 3]))), ShapeError, "MaxPool1d", "maxPool1d: ", "[1, 2, 3]", "too short");
    expectError(() => new nn.AvgPool1d(4, { ceilMode: true }).forward(tensor(zeros([2, 3]))), ShapeError, "AvgPool1d", "avgPool1d: ", "[2, 3]", "too short");
    expectError(() => new nn.MaxPool1d(4, { padding: 3 }).forward(tensor(zeros([1, 2, 8]))), ValueError, "MaxPool1d", "maxPool1d: ", "padding 3", "half the kernel size 4");
    expectError(() => new nn.AdaptiveAvgPool2d([2, 0] as [number, number]), ValueError, "AdaptiveAvgPool2d", "outputSize");
    expectError(() => new nn.AdaptiveAvgPool2d(2).forward(tensor(zeros([4, 4]))), ShapeError, "AdaptiveAvgPool2d", "[4, 4]");
  });

  it("activations, Dropout2d and Unflatten", () => {
    expectError(() => new nn.PReLU({ numParameters: 3 }).forward(tensor(zeros([2, 4]))), ShapeError, "PReLU", "prelu: ", "[3]", "[2, 4]", "4 channels");
    expectError(() => new nn.Hardtanh({ minVal: 1, maxVal: 1 }), ValueError, "Hardtanh", "minVal 1 must be smaller than maxVal 1");
    expectError(() => new nn.Softplus({ beta: 0 }), ValueError, "Softplus", "beta 0");
    expectError(() => silu(tensor([1, 2], { dtype: "int32" })), DTypeError, "silu", "int32");
    expectError(() => new nn.Dropout2d().forward(tensor(zeros([3, 4, 4]))), ShapeError, "Dropout2d", "(N, C, H, W)", "[3, 4, 4]", "ambiguous");
    expectError(() => new nn.Dropout2d(1.5), ValueError, "Dropout2d", "p");
    expectError(() => new nn.Unflatten(1, [4, 4]).forward(tensor(zeros([2, 12]))), ShapeError, "Unflatten", "size 12", "[2, 12]", "[4, 4]");
    expectError(() => new nn.Unflatten(1, [-1, -1]), ValueError, "Unflatten", "more than one -1");
    expectError(() => new nn.Unflatten(3, [2]).forward(tensor(zeros([2, 2]))), ShapeError, "Unflatten", "dim 3", "[2, 2]");
  });

  it("losses", () => {
    expectError(() => nn.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([1, 0])), ValueError, "binaryCrossEntropy", "1.5", "flat position 1", "bceWithLogits");
    expectError(() => nn.binaryCrossEntropy(tensor([0.5, 0.5]), tensor([1, 0, 1])), ShapeError, "binaryCrossEntropy", "[2]", "[3]");
    expectError(() => nn.binaryCrossEntropy(tensor([[0.5, 0.5]]), tensor([[1, 0]]), { weight: tensor([1, 2, 3]) }), ShapeError, "binaryCrossEntropy", "weight of shape [3]", "[1, 2]");
    expectError(() => nn.huberLoss(tensor([1]), tensor([1]), { delta: 0 }), ValueError, "huberLoss", "delta 0");
    expectError(() => nn.smoothL1Loss(tensor([1]), tensor([1]), { beta: -1 }), ValueError, "smoothL1Loss", "beta -1");
    expectError(() => nn.klDiv(tensor([1]), tensor([1]), { reduction: "batch" as "batchmean" }), ValueError, "klDiv", '"batch"');
    expectError(() => new nn.KLDivLoss({ reduction: "avg" as "mean" }), ValueError, "KLDivLoss", '"avg"');
    expectError(() => new nn.CrossEntropyLoss({ labelSmoothing: 2 }), ValueError, "CrossEntropyLoss", "labelSmoothing 2");
  });

  it("ModuleDict and Embedding.fromPretrained", () => {
    // The constructor names itself and keeps the name of the step that refused (docs/guarantees.md).
    expectError(() => new nn.ModuleDict({ "a.b": new nn.ReLU() }), ValueError, "ModuleDict", "registerModule: ", "a.b");
    expectError(() => new nn.ModuleDict({ keys: new nn.ReLU() }), TsgradError, "ModuleDict", "registerModule: ", '"keys"');
    expectError(() => new nn.ModuleDict({ a: 3 as unknown as nn.Module }), TsgradError, "ModuleDict", "ModuleDict.update: ", '"a"', "not a Module");
    expectError(() => new nn.ModuleDict().get("x"), ValueError, "ModuleDict.get", '"x"');
    expectError(() => nn.Embedding.fromPretrained(tensor([1, 2, 3])), ShapeError, "Embedding.fromPretrained", "[3]");
    expectError(() => nn.Embedding.fromPretrained(tensor([[1]], { dtype: "int32" })), DTypeError, "Embedding.fromPretrained", "int32");
    expectError(() => nn.Embedding.fromPretrained(tensor([[1], [2]]), { paddingIdx: 2 }), ValueError, "Embedding", "paddingIdx");
  });
});

describe("Dropout2d", () => {
  it("zeroes whole channels, scales the rest by 1/(1 − p), and replays with its seed", () => {
    const x = tensor(ones([8, 16, 3, 3], f64));
    const a = new nn.Dropout2d(0.25, { seed: 7 }).forward(x);
    const b = new nn.Dropout2d(0.25, { seed: 7 }).forward(x);
    expect(a.toArray()).toEqual(b.toArray());
    const planes = a.reshape([8 * 16, 9]).toArray() as number[][];
    let dropped = 0;
    for (const plane of planes) {
      expect(new Set(plane).size).toBe(1);
      expect([0, 1 / 0.75]).toContain(plane[0]);
      if (plane[0] === 0) dropped++;
    }
    expect(dropped).toBeGreaterThan(10);
    expect(dropped).toBeLessThan(60);
  });

  it("passes the gradient through the kept channels only; eval and p = 0 are the identity", () => {
    const x = tensor(ones([2, 4, 2, 2], f64), { requiresGrad: true });
    const drop = new nn.Dropout2d(0.5, { seed: 1 });
    const y = drop.forward(x);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual(y.toArray());
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(new nn.Dropout2d(0).forward(x)).toBe(x);
  });
});

describe("ModuleDict", () => {
  it("registers modules under their keys, in insertion order, with PyTorch's state-dict keys", () => {
    const d = new nn.ModuleDict([
      ["encoder", new nn.Linear(2, 3, { seed: 0 })],
      ["act", new nn.SiLU()],
    ]);
    d.set("decoder", new nn.Linear(3, 2, { seed: 1 }));
    expect([...d]).toEqual(["encoder", "act", "decoder"]);
    expect(d.size).toBe(3);
    expect(Object.keys(d.stateDict())).toEqual(["encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"]);
    expect(d.parameters().length).toBe(4);
    const replacement = new nn.Linear(2, 3, { seed: 2 });
    d.set("encoder", replacement);
    expect([...d.keys()]).toEqual(["encoder", "act", "decoder"]);
    expect(d.get("encoder")).toBe(replacement);
    expect(d.delete("act")).toBeInstanceOf(nn.SiLU);
    expect(d.has("act")).toBe(false);
    expect([...d.entries()].map(([k]) => k)).toEqual(["encoder", "decoder"]);
    expect(d.namedChildren().map(([k]) => k)).toEqual(["encoder", "decoder"]);
    d.clear();
    expect(d.size).toBe(0);
    expect(d.parameters()).toEqual([]);
    expect(() => d.forward()).toThrow(/ModuleDict: a ModuleDict has no forward/);
  });

  it("loads a PyTorch state dict whose keys hold underscores, given the module", () => {
    const make = (seed: number): nn.ModuleDict => new nn.ModuleDict({ conv_in: new nn.Conv1d(2, 3, 3, { seed }), down_1: new nn.GroupNorm(1, 3) });
    const source = make(0);
    const torchSd = nn.toPyTorchKeys(source.stateDict());
    expect(Object.keys(torchSd)).toEqual(["conv_in.weight", "conv_in.bias", "down_1.weight", "down_1.bias"]);
    const target = make(1);
    expect(() => target.loadStateDict(nn.fromPyTorchKeys(torchSd))).toThrow(/convIn/);
    target.loadStateDict(nn.fromPyTorchKeys(torchSd, target));
    expect((target.get("conv_in") as nn.Conv1d).weight.toArray()).toEqual((source.get("conv_in") as nn.Conv1d).weight.toArray());
  });
});

describe("MaxPool2d and MaxPool1d with returnIndices", () => {
  it("returns the values and PyTorch's flat indices in the unpadded plane", () => {
    const x = tensor([[[[1, 5, 2], [7, 0, 3], [4, 8, 6]]]]);
    const [values, indices] = new nn.MaxPool2d(2, { stride: 1, padding: 1, returnIndices: true }).forward(x);
    // PyTorch 1.13's values and indices for this input.
    expect(values.toArray()).toEqual([[[[1, 5, 5, 2], [7, 7, 5, 3], [7, 8, 8, 6], [4, 8, 8, 6]]]]);
    expect(indices.dtype).toBe("int32");
    expect(indices.toArray()).toEqual([[[[0, 1, 1, 2], [3, 3, 1, 5], [3, 7, 7, 8], [6, 7, 7, 8]]]]);
    const plain: Tensor = new nn.MaxPool2d(2).forward(x);
    expect(plain.shape).toEqual([1, 1, 1, 1]);
    const [v1, i1] = new nn.MaxPool1d(2, { returnIndices: true }).forward(tensor([[3, 1, 4, 1, 5]]));
    expect([v1.toArray(), i1.toArray()]).toEqual([[[3, 4]], [[0, 2]]]);
  });
});

describe("Embedding.fromPretrained", () => {
  it("shares the table, is frozen by default, and keeps the padding row's values without gradient", () => {
    const table = tensor([[1, 2], [3, 4], [5, 6]], f64);
    const frozen = nn.Embedding.fromPretrained(table);
    expect(frozen.weight.data).toBe(table.data);
    expect(frozen.weight.requiresGrad).toBe(false);
    expect(frozen.parameters().filter((p) => p.requiresGrad)).toEqual([]);
    const emb = nn.Embedding.fromPretrained(table, { freeze: false, paddingIdx: 0 });
    expect(emb.paddingIdx).toBe(0);
    const y = emb.forward(tensor([0, 2, 0], { dtype: "int32" }));
    expect(y.toArray()).toEqual([[1, 2], [5, 6], [1, 2]]);
    y.sum().backward();
    expect(emb.weight.grad!.toArray()).toEqual([[0, 0], [0, 0], [1, 1]]);
  });

  it("does not draw from the global generator", () => {
    const before = randn([3], { seed: 1 }).toArray();
    nn.Embedding.fromPretrained([[1, 2]]);
    expect(randn([3], { seed: 1 }).toArray()).toEqual(before);
  });
});

describe("InstanceNorm2d and GroupNorm", () => {
  it("InstanceNorm2d without running statistics behaves the same in eval; numBatchesTracked never counts", () => {
    const x = tensor(rnd([2, 3, 4, 4], 3));
    const norm = new nn.InstanceNorm2d(3, f64);
    const train = norm.forward(x).toArray();
    expect(norm.eval().forward(x).toArray()).toEqual(train);
    expect(norm.stateDict()).toEqual({});
    const tracking = new nn.InstanceNorm2d(3, { trackRunningStats: true, ...f64 });
    tracking.forward(x);
    tracking.forward(x);
    expect(tracking.numBatchesTracked!.item()).toBe(0);
    expect(tracking.runningMean!.toArray()).not.toEqual([0, 0, 0]);
    tracking.resetRunningStats();
    expect(tracking.runningMean!.toArray()).toEqual([0, 0, 0]);
    expect(tracking.runningVar!.toArray()).toEqual([1, 1, 1]);
  });

  it("GroupNorm with one group per channel and affine parameters is InstanceNorm2d with them", () => {
    const x = tensor(rnd([2, 3, 4, 4], 4));
    const gn = new nn.GroupNorm(3, 3, f64);
    const inorm = new nn.InstanceNorm2d(3, { affine: true, ...f64 });
    gn.weight!.data = rnd([3], 5);
    inorm.weight!.data = gn.weight!.data;
    const a = gn.forward(x).toArray() as number[][][][];
    const b = inorm.forward(x).toArray() as number[][][][];
    expect(a.flat(3).every((v, i) => Math.abs(v - b.flat(3)[i]!) < 1e-12)).toBe(true);
  });
});

describe("loss modules", () => {
  it("hold their weights as buffers under PyTorch's keys, converted by to() and loaded by loadStateDict", () => {
    const ce = new nn.CrossEntropyLoss({ weight: tensor([1, 2, 3]), reduction: "sum" });
    expect(Object.keys(ce.stateDict())).toEqual(["weight"]);
    expect(ce.parameters()).toEqual([]);
    ce.to("float64");
    expect(ce.weight!.dtype).toBe("float64");
    const logits = tensor([[1, 2, 3]], f64);
    const target = tensor([0], { dtype: "int32" });
    expect(ce.forward(logits, target).item()).toBeCloseTo(nn.crossEntropy(logits, target, { weight: tensor([1, 2, 3], f64), reduction: "sum" }).item(), 14);
    ce.loadStateDict({ weight: tensor([5, 2, 3], f64) });
    expect(ce.forward(logits, target).item()).toBeCloseTo(5 * nn.crossEntropy(logits, target).item(), 14);
    const bce = new nn.BCEWithLogitsLoss({ weight: tensor([1, 2]), posWeight: tensor([3, 1]) });
    expect(Object.keys(nn.toPyTorchKeys(bce.stateDict()))).toEqual(["weight", "pos_weight"]);
    expect(new nn.MSELoss().toString()).toContain('MSELoss(reduction="mean")');
    expect(new nn.KLDivLoss({ reduction: "batchmean" }).extraRepr()).toBe('reduction="batchmean", logTarget=false');
  });

  it("the modules' outputs are the functions' for the same options", () => {
    const x = tensor(rnd([3, 4], 8));
    const y = tensor(rnd([3, 4], 9));
    expect(new nn.HuberLoss({ delta: 0.5 }).forward(x, y).item()).toBe(nn.huberLoss(x, y, { delta: 0.5 }).item());
    expect(new nn.SmoothL1Loss({ beta: 0.5, reduction: "sum" }).forward(x, y).item()).toBe(nn.smoothL1Loss(x, y, { beta: 0.5, reduction: "sum" }).item());
    expect(new nn.L1Loss().forward(x, y).item()).toBe(nn.l1Loss(x, y).item());
  });
});
