import { describe, expect, it } from "vitest";
import { Tensor, ones, tensor, zeros } from "@tsgrad/autograd";
import { type NDArray, TsgradError, ValueError, ndarray, zeros as ndZeros } from "@tsgrad/ndarray";
import {
  Dropout,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  Parameter,
  ReLU,
  Sequential,
  StateDictError,
  SGD,
  Tanh,
} from "@tsgrad/nn";

class Block extends Module {
  fc = new Linear(3, 3, { seed: 1 });
  norm = new LayerNorm(3);
  drop = new Dropout(0.5, { seed: 2 });
  forward(x: Tensor): Tensor {
    return this.drop.forward(this.norm.forward(this.fc.forward(x)));
  }
}

class Net extends Module {
  embed = new Linear(2, 3, { seed: 3 });
  layers = new ModuleList([new Block(), new Block()]);
  scale = new Parameter(ones([3]));
  head: Linear;
  declare steps: Tensor;
  constructor() {
    super();
    this.head = new Linear(3, 1, { seed: 4 });
    this.registerBuffer("steps", zeros([], { dtype: "int32" }));
    this.registerBuffer("scratch", zeros([2]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    let h = this.embed.forward(x).mul(this.scale);
    for (const block of this.layers) h = (block as Block).forward(h);
    return this.head.forward(h);
  }
}

const NET_PARAMS = [
  "scale",
  "embed.weight",
  "embed.bias",
  "layers.0.fc.weight",
  "layers.0.fc.bias",
  "layers.0.norm.weight",
  "layers.0.norm.bias",
  "layers.1.fc.weight",
  "layers.1.fc.bias",
  "layers.1.norm.weight",
  "layers.1.norm.bias",
  "head.weight",
  "head.bias",
];

describe("Module registration", () => {
  it("finds parameters through properties, with dotted names in PyTorch's order (own parameters first)", () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual(NET_PARAMS);
    expect(net.parameters()).toHaveLength(NET_PARAMS.length);
    expect(net.parameters().every((p) => p instanceof Parameter && p.requiresGrad)).toBe(true);
  });

  it("lists modules depth first with names, children in order", () => {
    const net = new Net();
    expect(net.namedModules().map(([n]) => n)).toEqual([
      "",
      "embed",
      "layers",
      "layers.0",
      "layers.0.fc",
      "layers.0.norm",
      "layers.0.drop",
      "layers.1",
      "layers.1.fc",
      "layers.1.norm",
      "layers.1.drop",
      "head",
    ]);
    expect(net.namedChildren().map(([n]) => n)).toEqual(["embed", "layers", "head"]);
    expect(net.children()[1]).toBe(net.layers);
    expect(net.modules()[0]).toBe(net);
  });

  it("lists buffers (persistent or not) and puts only persistent ones in the state dict", () => {
    const net = new Net();
    expect(net.namedBuffers().map(([n]) => n)).toEqual(["steps", "scratch"]);
    expect(net.buffers()).toHaveLength(2);
    const keys = Object.keys(net.stateDict());
    expect(keys).toContain("steps");
    expect(keys).not.toContain("scratch");
    expect(keys).toEqual([...NET_PARAMS.slice(0, 1), "steps", ...NET_PARAMS.slice(1)]);
  });

  it("prefixes names and can stay at the top level", () => {
    const net = new Net();
    expect(net.namedParameters("model").map(([n]) => n)[1]).toBe("model.embed.weight");
    expect(net.namedParameters("", false).map(([n]) => n)).toEqual(["scale"]);
    expect(net.parameters(false)).toHaveLength(1);
    expect(net.namedBuffers("m", false).map(([n]) => n)).toEqual(["m.steps", "m.scratch"]);
  });

  it("lists a shared parameter or module once, but the state dict under every name (as PyTorch)", () => {
    const shared = new Linear(2, 2, { seed: 0 });
    const seq = new Sequential(shared, new ReLU(), shared);
    expect(seq.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias"]);
    expect(seq.modules()).toHaveLength(3);
    expect(Object.keys(seq.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  });

  it("registers explicitly with checked names", () => {
    const lin = new Linear(2, 2);
    lin.registerParameter("extra", new Parameter(zeros([1])));
    lin.registerModule("act", new Tanh());
    lin.registerParameter("absent", null);
    expect(lin.namedParameters().map(([n]) => n)).toEqual(["weight", "bias", "extra"]);
    expect(lin.namedChildren().map(([n]) => n)).toEqual(["act"]);
    expect(() => lin.registerParameter("a.b", null)).toThrow(ValueError);
    expect(() => lin.registerParameter("", null)).toThrow(ValueError);
    expect(() => lin.registerParameter("forward", null)).toThrow(/already exists/);
    expect(() => lin.registerParameter("act", null)).toThrow(/already exists/);
    expect(() => lin.registerParameter("x", tensor([1]) as Parameter)).toThrow(/new Parameter/);
    expect(() => lin.registerModule("y", {} as Module)).toThrow(TsgradError);
    expect(() => lin.registerBuffer("weight", zeros([1]))).toThrow(/already exists/);
  });

  it("reports a plain array of modules instead of silently ignoring it", () => {
    class Bad extends Module {
      layers = [new Linear(1, 1)];
      forward(): void {}
    }
    expect(() => new Bad().parameters()).toThrow(/ModuleList/);
    class Cache extends Module {
      history = [tensor([1]), 2];
      forward(): void {}
    }
    expect(new Cache().parameters()).toEqual([]);
  });

  it("reads, replaces and re-registers buffers (Tensors, held as given); rejects what is not a Tensor, and Tensors that require grad", () => {
    const net = new Net();
    expect(net.steps).toBeInstanceOf(Tensor);
    expect(net.steps.item()).toBe(0);
    const five = tensor(5, { dtype: "int32" });
    net.setBuffer("steps", five);
    expect(net.steps).toBe(five);
    expect(net.steps.item()).toBe(5);
    net.steps = tensor(6, { dtype: "int32" });
    expect(net.getBuffer("steps")!.item()).toBe(6);
    expect(net.stateDict().steps!.item()).toBe(6);
    expect(net.namedBuffers()[0]).toEqual(["steps", net.steps]);
    expect(() => net.setBuffer("nope", zeros([1]))).toThrow(/no buffer "nope"/);
    expect(() => net.getBuffer("nope")).toThrow(/no buffer/);
    expect(() => net.setBuffer("steps", ndarray(1, { dtype: "int32" }) as unknown as Tensor)).toThrow(
      /setBuffer: buffer "steps" must be a Tensor or null, got an NDArray \(wrap it with tensor\(\.\.\.\)\)/,
    );
    expect(() => net.registerBuffer("mask", tensor([1, 2], { requiresGrad: true }))).toThrow(/registerBuffer: buffer "mask" requires gradients, but buffers are not trained/);
    expect(() => net.setBuffer("scratch", zeros([2], { requiresGrad: true }))).toThrow(/setBuffer: buffer "scratch" requires gradients/);
    expect(net.steps.item()).toBe(6);
    net.registerBuffer("steps", null);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(["scratch"]);
    expect(Object.keys(net.stateDict())).not.toContain("steps");
  });
});

describe("Module modes and gradients", () => {
  it("propagates train/eval to every sub-module and returns the module", () => {
    const net = new Net();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.layers.at(1).train(false);
    expect(net.namedModules().filter(([, m]) => !m.training).map(([n]) => n)).toEqual([
      "layers.1",
      "layers.1.fc",
      "layers.1.norm",
      "layers.1.drop",
    ]);
  });

  it("zeroGrad clears every parameter's gradient (to null, or to zeros)", () => {
    const net = new Net().eval();
    net.forward(ones([4, 2])).sum().backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad(false);
    expect(net.parameters().every((p) => p.grad !== null && (p.grad.toTypedArray() as Float32Array).every((v) => v === 0))).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it("apply visits children before the parent, once each", () => {
    const seq = new Sequential(new Linear(1, 1), new Sequential(new ReLU(), new Tanh()));
    const seen: string[] = [];
    seq.apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(["Linear", "ReLU", "Tanh", "Sequential", "Sequential"]);
  });

  it("setRequiresGrad freezes and unfreezes; to() converts parameters and float buffers", () => {
    const net = new Net();
    net.layers.setRequiresGrad(false);
    expect(net.parameters().filter((p) => p.requiresGrad)).toHaveLength(5);
    const w = net.head.weight;
    net.to("float64");
    expect(net.head.weight).toBe(w);
    expect(net.parameters().every((p) => p.dtype === "float64")).toBe(true);
    expect(net.getBuffer("scratch")!.dtype).toBe("float64");
    expect(net.steps.dtype).toBe("int32");
    expect(() => net.to("int32")).toThrow(ValueError);
  });

  it("to() converts the gradients too: backward, to(), backward again and an optimizer step work (as PyTorch)", () => {
    for (const [from, to] of [["float32", "float64"], ["float64", "float32"]] as const) {
      const layer = new Linear(3, 2, { seed: 0 });
      layer.to(from);
      const x = ones([4, 3], { dtype: from });
      layer.forward(x).sum().backward();
      const weight = layer.weight;
      const grad = layer.weight.grad!.toArray() as number[][];
      layer.to(to);
      expect(layer.weight).toBe(weight);
      for (const p of layer.parameters()) expect([p.dtype, p.grad!.dtype]).toEqual([to, to]);
      expect(layer.weight.grad!.toArray()).toEqual(grad.map((row) => row.map((v) => (to === "float32" ? Math.fround(v) : v))));
      layer.forward(ones([4, 3], { dtype: to })).sum().backward();
      expect(layer.weight.grad!.toArray()).toEqual(grad.map((row) => row.map((v) => (to === "float32" ? Math.fround(2 * v) : 2 * v))));
      const before = layer.weight.toArray() as number[][];
      new SGD(layer.parameters(), { lr: 0.5 }).step();
      expect(layer.weight.dtype).toBe(to);
      expect(layer.weight.toArray()).not.toEqual(before);
    }
  });
});

describe("stateDict / loadStateDict", () => {
  it("round-trips: a fresh model loaded with another's state computes the same outputs", () => {
    const a = new Sequential(new Linear(2, 4, { seed: 1 }), new Tanh(), new Linear(4, 1, { seed: 2 }));
    const b = new Sequential(new Linear(2, 4, { seed: 3 }), new Tanh(), new Linear(4, 1, { seed: 4 }));
    const x = tensor([[0.5, -1], [2, 3]]);
    expect(b.forward(x).toArray()).not.toEqual(a.forward(x).toArray());
    const weight = b.at(0).parameters()[0]!;
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
    expect(b.at(0).parameters()[0]).toBe(weight);
    // Loaded values are copies: they never share storage with the dict.
    expect(b.stateDict()["0.weight"]!.data.storage).not.toBe(a.stateDict()["0.weight"]!.data.storage);
  });

  it("holds detached Tensors sharing the module's current values: a snapshot", () => {
    const net = new Net();
    const sd = net.stateDict();
    expect(Object.values(sd).every((t) => t instanceof Tensor && !t.requiresGrad && t.isLeaf)).toBe(true);
    expect(sd["head.weight"]).not.toBe(net.head.weight);
    expect(sd["head.weight"]!.data).toBe(net.head.weight.data);
    expect(sd["steps"]).not.toBe(net.steps);
    expect(sd["steps"]!.data).toBe(net.steps.data);
    const before = net.head.weight.toArray();
    net.head.weight.data = ndZeros([1, 3]);
    net.steps = tensor(3, { dtype: "int32" });
    expect(sd["head.weight"]!.toArray()).toEqual(before);
    expect(sd["steps"]!.item()).toBe(0);
  });

  it("reports every problem at once and loads nothing", () => {
    const net = new Sequential(new Linear(2, 3, { seed: 1 }), new Linear(3, 1, { seed: 2 }));
    const before = Object.fromEntries(Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()]));
    const sd: Record<string, Tensor> = {
      "0.weight": zeros([3, 2]), // fine, would change the model
      "0.bias": zeros([4]), // shape mismatch
      "1.weight": zeros([1, 3], { dtype: "float64" }), // dtype mismatch
      "2.weight": zeros([1]), // unexpected
    }; // "1.bias" missing
    let error: unknown;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    const e = error as StateDictError;
    expect(e).toBeInstanceOf(TsgradError);
    expect(e.op).toBe("loadStateDict");
    expect(e.missingKeys).toEqual(["1.bias"]);
    expect(e.unexpectedKeys).toEqual(["2.weight"]);
    expect(e.shapeMismatches).toEqual([{ key: "0.bias", expected: [3], got: [4] }]);
    expect(e.dtypeMismatches).toEqual([{ key: "1.weight", expected: "float32", got: "float64" }]);
    expect(e.message).toMatch(/missing keys: "1\.bias"/);
    expect(e.message).toMatch(/unexpected keys: "2\.weight"/);
    expect(e.message).toMatch(/shape mismatch for "0\.bias": the state dict has \[4\], the module has \[3\]/);
    expect(e.message).toMatch(/dtype mismatch for "1\.weight": the state dict has float64, the module has float32/);
    const after = Object.fromEntries(Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()]));
    expect(after).toEqual(before);
  });

  it("with strict: false, returns missing and unexpected keys and loads the rest", () => {
    const net = new Linear(2, 2, { seed: 0 });
    const bias = net.bias!.toArray();
    const result = net.loadStateDict({ weight: ones([2, 2]), extra: zeros([1]) }, { strict: false });
    expect(result).toEqual({ missingKeys: ["bias"], unexpectedKeys: ["extra"] });
    expect(net.weight.toArray()).toEqual([[1, 1], [1, 1]]);
    expect(net.bias!.toArray()).toEqual(bias);
  });

  it("still refuses shape and dtype mismatches and non-tensors with strict: false", () => {
    const net = new Linear(2, 2, { seed: 0 });
    const w = net.weight.toArray();
    expect(() => net.loadStateDict({ weight: ones([2, 3]), bias: ones([2]) }, { strict: false })).toThrow(StateDictError);
    expect(() => net.loadStateDict({ weight: [[1, 1]] as unknown as Tensor }, { strict: false })).toThrow(/value of "weight" is not a Tensor \(got an array\)/);
    expect(net.weight.toArray()).toEqual(w);
  });

  it("loads buffers in place (they keep their identity), accepts NDArrays and Parameters as values, and rejects what is not a state dict", () => {
    const net = new Net();
    const steps = net.steps;
    const sd: Record<string, Tensor | NDArray> = { ...net.stateDict(), steps: tensor(7, { dtype: "int32" }) };
    sd["head.bias"] = new Parameter(tensor([0.25]));
    sd["scale"] = ndarray([2, 2, 2]);
    net.loadStateDict(sd);
    expect(net.steps).toBe(steps);
    expect(net.steps.item()).toBe(7);
    expect(net.head.bias!.item()).toBe(0.25);
    expect(net.scale.toArray()).toEqual([2, 2, 2]);
    expect(() => net.loadStateDict(null as unknown as Record<string, Tensor>)).toThrow(ValueError);
    expect(() => net.loadStateDict(tensor([1]) as unknown as Record<string, Tensor>)).toThrow(/expected an object mapping names to Tensors, got a Tensor/);
  });

  it("refuses a cyclic module graph with a clear error", () => {
    const seq = new Sequential(new Linear(1, 1));
    seq.registerModule("self", seq);
    expect(() => seq.stateDict()).toThrow(/cycle/);
    expect(seq.namedModules().map(([n]) => n)).toEqual(["", "0"]);
  });
});

describe("toString", () => {
  it("prints the tree like PyTorch's repr, with parameter counts", () => {
    const net = new Sequential(new Linear(2, 8), new ReLU(), new Sequential(new Linear(8, 1, { bias: false }), new Dropout(0.1)));
    expect(net.toString()).toBe(
      [
        "Sequential(",
        "  (0): Linear(inFeatures=2, outFeatures=8, bias=true)",
        "  (1): ReLU()",
        "  (2): Sequential(",
        "    (0): Linear(inFeatures=8, outFeatures=1, bias=false)",
        "    (1): Dropout(p=0.1)",
        "  )",
        ")",
        "Total parameters: 32 (trainable: 32)",
      ].join("\n"),
    );
  });

  it("lists a shared child under each of its names, as PyTorch does", () => {
    const shared = new Tanh();
    expect(new Sequential(shared, new ReLU(), shared).toString().split("\n").slice(0, 5)).toEqual([
      "Sequential(",
      "  (0): Tanh()",
      "  (1): ReLU()",
      "  (2): Tanh()",
      ")",
    ]);
  });

  it("counts trainable parameters separately and groups digits", () => {
    const net = new Sequential(new Linear(100, 100), new Linear(100, 10));
    net.at(0).setRequiresGrad(false);
    expect(net.toString().split("\n").at(-1)).toBe("Total parameters: 11,110 (trainable: 1,010)");
  });
});

describe("containers", () => {
  it("Sequential indexes, iterates and appends", () => {
    const a = new Linear(2, 2);
    const b = new ReLU();
    const seq = new Sequential(a);
    seq.append(b);
    expect(seq.length).toBe(2);
    expect(seq[0]).toBe(a);
    expect(seq.at(-1)).toBe(b);
    expect([...seq]).toEqual([a, b]);
    expect(() => seq.at(2)).toThrow(ValueError);
    expect(() => new Sequential({} as Module)).toThrow(/not a Module/);
    const x = tensor([1]);
    expect(new Sequential().forward(x)).toBe(x);
  });

  it("ModuleList extends, inserts and has no forward", () => {
    const [a, b, c] = [new ReLU(), new Tanh(), new Linear(1, 1)];
    const list = new ModuleList([a]);
    list.extend([c]).insert(1, b);
    expect([...list]).toEqual([a, b, c]);
    expect(list.namedParameters().map(([n]) => n)).toEqual(["2.weight", "2.bias"]);
    expect(list.at(-2)).toBe(b);
    expect(() => list.extend([a, 3 as unknown as Module])).toThrow(/item 1/);
    expect(list.length).toBe(3);
    expect(() => list.forward()).toThrow(/no forward/);
  });
});

describe("a subclass without forward", () => {
  it("calling forward is a TsgradError naming the class, not a TypeError; a forward defined as a field still works", () => {
    class NoForward extends (Module as unknown as new () => object) {}
    const m = new NoForward();
    expect(() => (m as unknown as { forward(): unknown }).forward()).toThrow(TsgradError);
    expect(() => (m as unknown as { forward(): unknown }).forward()).toThrow(/^NoForward: NoForward does not implement forward\(\)/);
    class FieldForward extends (Module as unknown as new () => object) {
      forward = (x: number): number => x + 1;
    }
    expect(new FieldForward().forward(1)).toBe(2);
  });
});
