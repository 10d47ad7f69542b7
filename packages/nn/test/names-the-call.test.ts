// Errors name the call the user made: a layer's forward names the layer (whatever op inside
// failed), optimizer and scheduler methods name Class.method, Module methods check their arguments.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { type Tensor, TsgradError, tensor, zeros } from "@tsgrad/autograd";
import { ShapeError, ValueError } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";

/** What `f` throws; fails when it throws nothing. */
function thrown(f: () => unknown): TsgradError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TsgradError);
    return e as TsgradError;
  }
  throw new Error("expected an error");
}

describe("a layer's forward names the layer", () => {
  test.prop([fc.integer({ min: 3, max: 6 }), fc.integer({ min: 1, max: 2 })], { numRuns: 10 })(
    "an op's error inside is raised again as Layer: op: …, same class and details",
    (k, small) => {
      const e = thrown(() => new nn.MaxPool2d(k).forward(zeros([1, 1, small, small])));
      expect(e).toBeInstanceOf(ShapeError);
      expect(e.op).toBe("MaxPool2d");
      expect(e.message).toMatch(/^MaxPool2d: maxPool2d: /);
      const c = thrown(() => new nn.Conv2d(1, 1, k).forward(zeros([1, 1, small, small])));
      expect(c.message).toMatch(/^Conv2d: conv2d: /);
    },
  );

  it("a container names itself, then the layer inside that failed", () => {
    const net = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
    const e = thrown(() => net.forward(zeros([4, 5])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^Sequential: Linear: expected input of shape \[\.\.\., 3\], got \[4, 5\]/);
  });

  it("a user's module names itself, and its forward keeps its this, arguments and result", () => {
    class Scaled extends nn.Module {
      fc = new nn.Linear(2, 1, { seed: 0 });
      forward(x: Tensor, scale: number): Tensor {
        return this.fc.forward(x).mul(scale);
      }
    }
    const m = new Scaled();
    expect(m.forward(zeros([3, 2]), 2).shape).toEqual([3, 1]);
    expect(thrown(() => m.forward(zeros([3, 4]), 2)).message).toMatch(/^Scaled: Linear: /);
    // Not a member: the wrapper is neither a parameter, nor a key, nor in the repr.
    expect(Object.keys(m)).not.toContain("forward");
    expect(m.toString()).not.toContain("forward");
    // A user's own error passes through untouched.
    class Boom extends nn.Module {
      forward(): never {
        throw new RangeError("mine");
      }
    }
    expect(() => new Boom().forward()).toThrow(RangeError);
  });

  it("a forward defined as a class field replaces the wrapper (no renaming, nothing broken)", () => {
    class Field extends nn.Module {
      forward = (x: Tensor): Tensor => x.mul(2);
    }
    expect(new Field().forward(tensor([1, 2])).toArray()).toEqual([2, 4]);
  });

  it("forward options of the wrong kind are refused by attention and transformer layers", () => {
    const mha = new nn.MultiheadAttention(4, 2, { seed: 0 });
    const x = zeros([3, 1, 4]);
    expect(thrown(() => mha.forward(x, x, x, null as never)).message).toMatch(/^MultiheadAttention: options must be an object, got null/);
    const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, seed: 0 });
    expect(thrown(() => layer.forward(x, 5 as never)).message).toMatch(/^TransformerEncoderLayer: options must be an object/);
    const enc = new nn.TransformerEncoder(layer, 2);
    expect(thrown(() => enc.forward(x, null as never)).message).toMatch(/^TransformerEncoder: options must be an object/);
  });
});

describe("Module methods check their arguments' kinds", () => {
  it("flags are booleans, prefixes and names strings, apply takes a function, options objects", () => {
    const m = new nn.Sequential(new nn.Linear(2, 2, { seed: 0 }), new nn.BatchNorm1d(2));
    const weight = m.parameters()[0]!;
    weight.grad = tensor([[1, 1], [1, 1]]);
    const cases: [() => unknown, string][] = [
      [() => m.zeroGrad("no" as never), "zeroGrad"],
      [() => m.setRequiresGrad("yes" as never), "setRequiresGrad"],
      [() => m.parameters(0 as never), "parameters"],
      [() => m.buffers(null as never), "buffers"],
      [() => m.namedParameters(5 as never), "namedParameters"],
      [() => m.namedParameters("", "x" as never), "namedParameters"],
      [() => m.namedBuffers(Symbol("p") as never), "namedBuffers"],
      [() => m.namedModules(null as never), "namedModules"],
      [() => m.apply(null as never), "apply"],
      [() => m.getBuffer(Symbol("b") as never), "getBuffer"],
      [() => m.setBuffer(3 as never, null), "setBuffer"],
      [() => m.registerBuffer("extra", zeros([1]), null as never), "registerBuffer"],
      [() => m.loadStateDict(m.stateDict(), null as never), "loadStateDict"],
    ];
    for (const [f, op] of cases) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(ValueError);
      expect(e.message.startsWith(`${op}: `), e.message).toBe(true);
    }
    // Nothing moved: the gradient, the flags and the buffers are as they were.
    expect(weight.grad!.toArray()).toEqual([[1, 1], [1, 1]]);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(Object.keys(m.stateDict())).not.toContain("extra");
  });
});

describe("optimizers and schedulers name Class.method", () => {
  const params = (): Tensor[] => [tensor([1, 2], { requiresGrad: true, dtype: "float64" })];

  it("zeroGrad refuses a flag that is not a boolean (a truthy string no longer means true)", () => {
    for (const C of [nn.SGD, nn.Adam, nn.AdamW, nn.RMSprop]) {
      const ps = params();
      ps[0]!.grad = tensor([1, 1], { dtype: "float64" });
      const opt = new C(ps);
      const e = thrown(() => opt.zeroGrad("no" as never));
      expect(e.message).toMatch(new RegExp(`^${C.name}\\.zeroGrad: arguments: invalid setToNone "no"`));
      expect(ps[0]!.grad!.toArray()).toEqual([1, 1]);
      opt.zeroGrad(false);
      expect(ps[0]!.grad!.toArray()).toEqual([0, 0]);
    }
  });

  it("a loaded initialLr must be finite", () => {
    const opt = new nn.SGD(params(), { lr: 0.1 });
    const sd = opt.stateDict();
    const bad = { ...sd, paramGroups: [{ ...sd.paramGroups[0]!, initialLr: Infinity }] };
    expect(thrown(() => opt.loadStateDict(bad)).message).toMatch(/^SGD\.loadStateDict: loaded parameter group 0: invalid initialLr Infinity; expected a finite number ≥ 0/);
    expect(opt.paramGroups[0]!.initialLr).toBeUndefined();
  });

  it("a scheduler's step names Scheduler.step: a bad epoch, or groups added after it was made", () => {
    const opt = new nn.SGD(params(), { lr: 1 });
    const sched = new nn.StepLR(opt, 2);
    expect(thrown(() => sched.step(1.5)).message).toMatch(/^StepLR\.step: arguments: invalid epoch 1\.5/);
    opt.addParamGroup({ params: params() });
    expect(thrown(() => sched.step()).message).toMatch(/^StepLR\.step: the optimizer has 2 parameter groups but the scheduler was made for 1/);
    expect(sched.lastEpoch).toBe(0);
  });

  it("SequentialLR.loadStateDict names itself for an error in one of its schedulers' states", () => {
    const opt = new nn.SGD(params(), { lr: 1 });
    const seq = new nn.SequentialLR(opt, [new nn.LinearLR(opt, 0.5, 1, 2), new nn.StepLR(opt, 2)], [2]);
    const sd = seq.stateDict();
    const e = thrown(() => seq.loadStateDict({ ...sd, schedulers: [null, null] }));
    expect(e.message).toMatch(/^SequentialLR\.loadStateDict: LinearLR\.loadStateDict: expected a state dict object, got null/);
    expect(seq.stateDict()).toEqual(sd);
  });
});

describe("containers and seeds name the user's call, with BigInt and Symbol values in the message", () => {
  const WRONG = fc.constantFrom<unknown>(null, undefined, 3n, Symbol("k"), 1.5, "x", {}, [], NaN);

  test.prop([WRONG], { numRuns: 30 })("ModuleList, ModuleDict: wrong kinds are typed errors naming Class.method", (bad) => {
    const list = new nn.ModuleList([new nn.ReLU()]);
    if (!Array.isArray(bad)) expect(thrown(() => list.extend(bad as never)).message).toMatch(/^ModuleList\.extend: /);
    expect(thrown(() => list.extend([bad] as never)).message).toMatch(/^ModuleList\.extend: item 0 is .*, not a Module$/);
    expect(thrown(() => list.insert(bad as never, new nn.ReLU())).message).toMatch(/^ModuleList\.insert: index .* is out of range/);
    expect(thrown(() => list.insert(0, bad as never)).message).toMatch(/^ModuleList\.insert: item 0 is .*, not a Module$/);
    expect(thrown(() => list.at(bad as never)).message).toMatch(/^ModuleList\.at: /);
    expect(thrown(() => list.append(bad as never)).message).toMatch(/^ModuleList\.append: /);
    const dict = new nn.ModuleDict({ a: new nn.ReLU() });
    if (typeof bad !== "string") {
      expect(thrown(() => dict.get(bad as never)).message).toMatch(/^ModuleDict\.get: keys must be strings, got /);
      expect(thrown(() => dict.delete(bad as never)).message).toMatch(/^ModuleDict\.delete: keys must be strings, got /);
      expect(thrown(() => dict.set(bad as never, new nn.ReLU())).message).toMatch(/^ModuleDict\.set: keys must be strings, got /);
      expect(thrown(() => dict.update([[bad, new nn.ReLU()]] as never)).message).toMatch(/^ModuleDict\.update: keys must be strings, got /);
    }
    expect(thrown(() => dict.set("b", bad as never)).message).toMatch(/^ModuleDict\.set: the value of key "b" is .*, not a Module$/);
    expect(thrown(() => dict.update([["b", bad]] as never)).message).toMatch(/^ModuleDict\.update: the value of key "b" is /);
    expect(dict.size).toBe(1);
    expect(list.length).toBe(1);
  });

  it("a missing ModuleDict key is named by the method called", () => {
    const dict = new nn.ModuleDict({ a: new nn.ReLU() });
    expect(thrown(() => dict.get("b")).message).toBe('ModuleDict.get: no module under key "b" (keys: "a")');
    expect(thrown(() => dict.delete("b")).message).toBe('ModuleDict.delete: no module under key "b" (keys: "a")');
  });

  test.prop([fc.constantFrom<unknown>(-1, 1.5, 2 ** 32, NaN, Infinity, 3n, "1", null)], { numRuns: 10 })(
    "a refused seed names the layer or initialiser, not Generator",
    (seed) => {
      const calls: [string, () => unknown][] = [
        ["Linear", () => new nn.Linear(2, 2, { seed } as never)],
        ["Conv2d", () => new nn.Conv2d(1, 1, 1, { seed } as never)],
        ["Dropout", () => new nn.Dropout(0.5, { seed } as never)],
        ["Embedding", () => new nn.Embedding(2, 2, { seed } as never)],
        ["uniform", () => nn.init.uniform(zeros([2]), 0, 1, { seed } as never)],
        ["kaimingUniform", () => nn.init.kaimingUniform(zeros([2, 2]), { seed } as never)],
      ];
      for (const [op, call] of calls) {
        const e = thrown(call);
        expect(e).toBeInstanceOf(ValueError);
        expect(e.op).toBe(op);
        expect(e.message).toMatch(new RegExp(`^${op}: options: invalid seed `));
      }
    },
  );
});
