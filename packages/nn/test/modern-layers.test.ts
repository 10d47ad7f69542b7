// Parity with PyTorch: replays fixtures/modern-layers.json (from tools/fixtures/modern_layers.py) in
// float64 — PyTorch's state dict loaded strict, outputs and every gradient compared to 1e-9 relative.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Tensor, tensor } from "@tsgrad/autograd";
import { type NDArray, ndarray } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";

interface TensorJson {
  shape: number[];
  dtype: "float64" | "int32";
  data: number[];
}

interface Case {
  name: string;
  module: string;
  args: unknown[];
  train: boolean;
  inputs: TensorJson[];
  forwardArgs: unknown[];
  stateDict: Record<string, TensorJson>;
  outputs: TensorJson[];
  upstream: TensorJson;
  inputGrads: (TensorJson | null)[];
  paramGrads: Record<string, TensorJson>;
  frozen: string[];
  lossFunction?: string;
  stateAfter?: Record<string, TensorJson>;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/modern-layers.json", import.meta.url), "utf8")) as { torch: string; cases: Case[] };

/** The relative tolerance of every comparison, elementwise: |a − b| ≤ RTOL · |b| (see `close`). */
const RTOL = 1e-9;

function nd(t: TensorJson): NDArray {
  return ndarray(t.data, { dtype: t.dtype }).reshape(t.shape);
}

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("tensor" in o) return tensor(nd(o.tensor as TensorJson));
    if ("module" in o) return build(o.module as string, o.args as unknown[]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}

type Ctor = new (...args: unknown[]) => nn.Module;

function build(name: string, rawArgs: unknown[]): nn.Module {
  const args = rawArgs.map(decode);
  if (name === "Embedding.fromPretrained") return nn.Embedding.fromPretrained(...(args as Parameters<typeof nn.Embedding.fromPretrained>));
  const ctor = (nn as unknown as Record<string, Ctor>)[name];
  if (ctor === undefined) throw new Error(`no layer ${name} in @tsgrad/nn`);
  return new ctor(...args);
}

/**
 * Elementwise `|a − b| ≤ RTOL · |b|`, and exact equality where PyTorch's value is 0 — except
 * that values below 1e-12 of the tensor's largest magnitude may differ by RTOL · 1e-12 · that
 * magnitude (cancellation residues, e.g. a mean-centred sum, carry no relative precision).
 */
function close(label: string, actual: Tensor, expected: TensorJson): void {
  expect(actual.shape, `${label}: shape`).toEqual(expected.shape);
  const a = actual.data.contiguous().toTypedArray();
  if (expected.dtype === "int32") {
    expect(Array.from(a), `${label}: values`).toEqual(expected.data);
    return;
  }
  const scale = expected.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]!;
    const err = Math.abs(a[i]! - e) / Math.max(Math.abs(e), scale * 1e-12, Number.MIN_VALUE);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `${label}: largest relative error ${worst} at flat index ${at} (got ${a[at]}, PyTorch ${expected.data[at]})`).toBeLessThanOrEqual(RTOL);
}

function run(c: Case, useFunction: boolean): void {
  const module = build(c.module, c.args).to("float64");
  module.train(c.train);
  const sd = Object.fromEntries(Object.entries(c.stateDict).map(([k, t]) => [k, tensor(nd(t))]));
  module.loadStateDict(nn.fromPyTorchKeys(sd, module), { strict: true });
  const inputs = c.inputs.map((t, i) => tensor(nd(t), { requiresGrad: c.inputGrads[i] !== null }));
  const forwardArgs = c.forwardArgs.map(decode);
  let outputs: Tensor[];
  if (module instanceof nn.ModuleDict) {
    let y = inputs[0]!;
    for (const m of module.values()) y = (m as unknown as { forward(x: Tensor): Tensor }).forward(y);
    outputs = [y];
  } else if (useFunction) {
    const fn = (nn as unknown as Record<string, (x: Tensor, t: Tensor, opts: unknown) => Tensor>)[c.lossFunction!]!;
    outputs = [fn(inputs[0]!, inputs[1]!, (c.args.map(decode)[0] as object | undefined) ?? {})];
  } else {
    const out = (module as unknown as { forward(...xs: unknown[]): Tensor | Tensor[] }).forward(...inputs, ...forwardArgs);
    outputs = Array.isArray(out) ? out : [out];
  }
  expect(outputs.length, "number of outputs").toBe(c.outputs.length);
  outputs.forEach((y, i) => close(`output ${i}`, y, c.outputs[i]!));

  if (c.stateAfter && !useFunction) {
    const after = nn.toPyTorchKeys(module.stateDict());
    expect(Object.keys(after).sort()).toEqual(Object.keys(c.stateAfter).sort());
    for (const [k, t] of Object.entries(c.stateAfter)) close(`state after forward: ${k}`, after[k]!, t);
  }

  const params = module.namedParameters();
  const trainable = params.filter(([, p]) => p.requiresGrad);
  const torchNames = (name: string): string => Object.keys(nn.toPyTorchKeys({ [name]: 0 }))[0]!;
  expect(params.filter(([, p]) => !p.requiresGrad).map(([n]) => torchNames(n))).toEqual(c.frozen);
  if (!useFunction) expect(trainable.map(([n]) => torchNames(n)).sort()).toEqual(Object.keys(c.paramGrads).sort());
  const wrt = inputs.some((x) => x.requiresGrad) || trainable.length > 0;
  if (!wrt) return;
  outputs[0]!.mul(tensor(nd(c.upstream))).sum().backward();
  inputs.forEach((x, i) => {
    const g = c.inputGrads[i];
    if (g === null || g === undefined) return;
    expect(x.grad, `gradient of input ${i}`).not.toBeNull();
    close(`gradient of input ${i}`, x.grad!, g);
  });
  if (useFunction) return;
  for (const [name, p] of trainable) {
    const g = c.paramGrads[torchNames(name)]!;
    expect(p.grad, `gradient of ${name}`).not.toBeNull();
    close(`gradient of ${name}`, p.grad!, g);
  }
  for (const [name, p] of params.filter(([, q]) => !q.requiresGrad)) expect(p.grad, `frozen ${name}`).toBeNull();
}

describe(`parity with PyTorch ${fixture.torch} (float64, ≤ ${RTOL} relative)`, () => {
  it("the fixture covers every new layer and loss", () => {
    const modules = new Set(fixture.cases.map((c) => c.module));
    const expected = [
      "Conv1d", "MaxPool1d", "AvgPool1d", "ConvTranspose2d", "AdaptiveAvgPool2d", "GroupNorm", "InstanceNorm2d",
      "SiLU", "ELU", "Softplus", "Mish", "PReLU", "Hardtanh", "ReLU6", "Dropout2d", "Unflatten", "ModuleDict",
      "MaxPool2d", "Embedding.fromPretrained",
      "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "BCEWithLogitsLoss", "BCELoss", "SmoothL1Loss", "HuberLoss", "KLDivLoss",
    ];
    expect([...modules].sort()).toEqual([...expected].sort());
    const functions = new Set(fixture.cases.flatMap((c) => (c.lossFunction ? [c.lossFunction] : [])));
    expect([...functions].sort()).toEqual(
      ["crossEntropy", "nllLoss", "mseLoss", "l1Loss", "bceWithLogits", "binaryCrossEntropy", "smoothL1Loss", "huberLoss", "klDiv"].sort(),
    );
  });

  for (const c of fixture.cases) {
    it(c.name, () => run(c, false));
    if (c.lossFunction) it(`${c.name}: the function ${c.lossFunction}`, () => run(c, true));
  }
});
