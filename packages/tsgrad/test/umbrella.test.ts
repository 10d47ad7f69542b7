// The umbrella package: what `import * as tg from "tsgrad"` holds, and that no name reaches a
// user twice with two meanings.
import { describe, expect, it } from "vitest";
import * as tg from "tsgrad";
import * as tgNode from "tsgrad/node";
import * as autograd from "@tsgrad/autograd";
import * as nn from "@tsgrad/nn";
import * as nnNode from "@tsgrad/nn/node";
import * as data from "@tsgrad/data";
import * as dataNode from "@tsgrad/data/node";
import * as onnx from "@tsgrad/onnx";
import * as onnxNode from "@tsgrad/onnx/node";
import * as testing from "@tsgrad/testing";

describe("tsgrad", () => {
  it("re-exports every export of @tsgrad/autograd at the top level, as the same value", () => {
    for (const [name, value] of Object.entries(autograd)) expect((tg as Record<string, unknown>)[name], name).toBe(value);
  });

  it("splits @tsgrad/nn into tg.nn and tg.optim without losing or doubling a name", () => {
    const inNn = Object.keys(tg.nn);
    const inOptim = Object.keys(tg.optim);
    expect(inNn.filter((k) => inOptim.includes(k))).toEqual([]);
    expect([...inNn, ...inOptim].sort()).toEqual(Object.keys(nn).sort());
    for (const k of inOptim) expect((tg.optim as Record<string, unknown>)[k], k).toBe((nn as Record<string, unknown>)[k]);
    for (const name of ["SGD", "Adam", "AdamW", "RMSprop", "StepLR", "CosineAnnealingLR", "clipGradNorm"]) expect(inOptim, name).toContain(name);
    for (const name of ["Module", "Parameter", "Linear", "BatchNorm1d", "crossEntropy", "mseLoss", "init", "saveSafetensors", "toPyTorchKeys"]) expect(inNn, name).toContain(name);
  });

  it("tg.data is @tsgrad/data, tg.onnx is @tsgrad/onnx, and tsgrad/node joins the three Node entries", () => {
    expect(Object.keys(tg.data).sort()).toEqual(Object.keys(data).sort());
    expect(Object.keys(tg.onnx).sort()).toEqual(Object.keys(onnx).sort());
    for (const [k, v] of Object.entries(onnx)) expect((tg.onnx as Record<string, unknown>)[k], k).toBe(v);
    expect(Object.keys(tgNode).sort()).toEqual([...Object.keys(nnNode), ...Object.keys(dataNode), ...Object.keys(onnxNode)].sort());
  });

  it("no name is exported twice with different values by tsgrad (top level, tg.nn, tg.optim, tg.data, tg.onnx) and @tsgrad/testing", () => {
    const seen = new Map<string, unknown>();
    const clashes: string[] = [];
    const sources: [string, Record<string, unknown>][] = [
      ["tsgrad", tg as Record<string, unknown>],
      ["tg.nn", tg.nn as Record<string, unknown>],
      ["tg.optim", tg.optim as Record<string, unknown>],
      ["tg.data", tg.data as Record<string, unknown>],
      ["tg.onnx", tg.onnx as Record<string, unknown>],
      ["@tsgrad/testing", testing as Record<string, unknown>],
    ];
    for (const [from, mod] of sources) {
      for (const [name, value] of Object.entries(mod)) {
        if (from === "tsgrad" && (name === "nn" || name === "optim" || name === "data" || name === "onnx")) continue;
        if (seen.has(name) && seen.get(name) !== value) clashes.push(`${name} (${from})`);
        seen.set(name, value);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("has the elementwise ops PyTorch users reach for both ways, tg.op(x) and x.op(), with the same result", () => {
    const x = tg.tensor([-1.5, 0, 0.25, 2], { dtype: "float64" });
    for (const op of ["sinh", "cosh", "sin", "cos", "tanh", "exp", "expm1", "sigmoid", "erf", "abs", "neg", "relu"] as const) {
      expect(typeof tg[op], op).toBe("function");
      expect(x[op]().toArray(), op).toEqual(tg[op](x).toArray());
    }
    const values = [-1.5, 0, 0.25, 2];
    expect(tg.sinh(x).toArray()).toEqual(values.map(Math.sinh));
    expect(x.cosh().toArray()).toEqual(values.map(Math.cosh));
  });

  it("exports no Variable", () => {
    const all = [tg, tg.nn, tg.optim, tg.data, tg.onnx].flatMap((m) => Object.keys(m));
    expect(all.filter((k) => /variable/i.test(k))).toEqual([]);
  });

  it("creation, methods and namespaces work together", () => {
    const x = tg.randn([16, 3], { seed: 0, dtype: "float64" });
    const layer = new tg.nn.Linear(3, 2, { seed: 1, dtype: "float64" });
    const opt = new tg.optim.SGD(layer.parameters(), { lr: 0.1 });
    const first = tg.nn.mseLoss(layer.forward(x), tg.zeros([16, 2], { dtype: "float64" }));
    first.backward();
    opt.step();
    const second = tg.nn.mseLoss(layer.forward(x), tg.zeros([16, 2], { dtype: "float64" }));
    expect(first).toBeInstanceOf(tg.Tensor);
    expect(second.item()).toBeLessThan(first.item());
  });
});
