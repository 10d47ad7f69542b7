// Optimizer steps in place: every built-in optimizer writes into its own storage once nothing else can
// read the old values, to the bit what a step into new storage gives; graphs, snapshots and state dicts keep theirs.
import { describe, expect, it } from "vitest";
import { Tensor, grad, tensor } from "@tsgrad/autograd";
import { type NDArray, ndarray } from "@tsgrad/ndarray";
import { Adam, AdamW, Linear, type Optimizer, RMSprop, SGD, mseLoss } from "@tsgrad/nn";

type Maker = (ps: Tensor[]) => Optimizer<{ lr: number }>;

const MAKERS: [string, Maker][] = [
  ["SGD", (ps) => new SGD(ps, { lr: 0.1 })],
  ["SGD, weight decay", (ps) => new SGD(ps, { lr: 0.1, weightDecay: 0.05 })],
  ["SGD, momentum and dampening", (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.3 })],
  ["SGD, Nesterov, weight decay, maximize", (ps) => new SGD(ps, { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01, maximize: true })],
  ["Adam", (ps) => new Adam(ps, { lr: 0.01 })],
  ["Adam, amsgrad, weight decay", (ps) => new Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.02 })],
  ["AdamW", (ps) => new AdamW(ps, { lr: 0.01, weightDecay: 0.1 })],
  ["AdamW, amsgrad, maximize", (ps) => new AdamW(ps, { lr: 0.01, amsgrad: true, maximize: true })],
  ["RMSprop", (ps) => new RMSprop(ps, { lr: 0.01 })],
  ["RMSprop, centered, momentum, weight decay", (ps) => new RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.01 })],
];

/** Gradients of step k for a parameter of `n` elements: deterministic, of both signs. */
function gradOf(k: number, n: number, dtype: "float32" | "float64"): Tensor {
  return tensor(Array.from({ length: n }, (_, i) => Math.sin(1.3 * k + 0.7 * i) * (1 + (i % 3))), { dtype });
}

/** The storages a parameter's state holds, by name. */
function stateStorage(opt: Optimizer<{ lr: number }>, p: Tensor): Record<string, unknown> {
  const s = opt.state.get(p) ?? {};
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.data.storage : v]));
}

/** The bits of a parameter's value and state, comparable with toEqual (NaN and −0 included). */
function bits(opt: Optimizer<{ lr: number }>, p: Tensor): unknown {
  const s = opt.state.get(p) ?? {};
  const arr = (t: Tensor): number[] => Array.from(new Uint32Array(Float64Array.from(t.toTypedArray() as ArrayLike<number>).buffer));
  return { value: arr(p), state: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? arr(v) : v])) };
}

describe("built-in optimizers step in place", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [name, make] of MAKERS) {
      it(`${name} (${dtype}): same bits as steps into new storage, and no new storage after the first step`, () => {
        const start = [0.5, -1.25, 2, 0.75, -0.1];
        const a = tensor(start, { dtype, requiresGrad: true });
        const b = tensor(start, { dtype, requiresGrad: true });
        const inPlace = make([a]);
        const fresh = make([b]);
        let storage: unknown = null;
        let state: Record<string, unknown> = {};
        for (let k = 0; k < 6; k++) {
          a.grad = gradOf(k, start.length, dtype);
          b.grad = gradOf(k, start.length, dtype);
          // A detached Tensor shares b's value, so b's optimizer must give it new storage every step.
          const held = b.detach();
          const versionA = a.version;
          const beforeB = b.data;
          inPlace.step();
          fresh.step();
          expect(bits(inPlace, a), `step ${k}`).toEqual(bits(fresh, b));
          expect(a.version).toBe(versionA + 1);
          expect(b.data).not.toBe(beforeB);
          expect(held.data).toBe(beforeB);
          if (k >= 1) {
            // From the second step on, the first step's storage is reused: value and every state array.
            expect(a.data.storage, `step ${k}`).toBe(storage);
            expect(stateStorage(inPlace, a), `step ${k}`).toMatchObject(Object.fromEntries(Object.entries(state).filter(([, v]) => typeof v !== "number")));
          }
          storage = a.data.storage;
          state = stateStorage(inPlace, a);
        }
      });
    }
  }

  it("a training loop from backward runs in place from the second step", () => {
    const layer = new Linear(4, 3, { seed: 1 });
    const opt = new Adam(layer.parameters(), { lr: 0.01 });
    const x = tensor([[1, 2, 3, 4], [0.5, -1, 0, 2]]);
    const y = tensor([[0, 1, 0], [1, 0, 0]]);
    const initial = layer.weight.data.storage;
    const storages: unknown[][] = [];
    for (let k = 0; k < 4; k++) {
      opt.zeroGrad();
      mseLoss(layer.forward(x), y).backward();
      opt.step();
      storages.push([layer.weight.data.storage, layer.bias!.data.storage]);
    }
    // The first step gives the weight storage of the optimizer's own; every later step writes there.
    expect(storages[0]![0]).not.toBe(initial);
    for (const s of storages.slice(1)) {
      expect(s[0]).toBe(storages[0]![0]);
      expect(s[1]).toBe(storages[0]![1]);
    }
  });
});

describe("what may still read the old values keeps them", () => {
  /** A parameter whose storage its SGD owns (two steps taken). */
  function owned(): { w: Tensor; opt: SGD } {
    const w = tensor([1, -2, 3], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    for (let k = 0; k < 2; k++) {
      w.grad = tensor([1, 1, 1]);
      opt.step();
    }
    return { w, opt };
  }

  it("a recorded graph: the step gives new storage, and its backward raises 'modified after use'", () => {
    const { w, opt } = owned();
    const x = tensor([2, 2, 2]);
    const loss = w.mul(x).sum();
    const old: NDArray = w.data;
    const oldValues = [...old.toTypedArray()];
    w.grad = tensor([1, 1, 1]);
    opt.step();
    expect(w.data).not.toBe(old);
    expect([...old.toTypedArray()]).toEqual(oldValues);
    expect(() => loss.backward()).toThrow(/input 0 of op "mul" was modified \(its data replaced\) after the op used it/);
  });

  it("a graph kept by retainGraph, or built by createGraph, holds the value too", () => {
    const { w, opt } = owned();
    const loss = w.mul(w).sum();
    loss.backward(undefined, { retainGraph: true });
    const old = w.data;
    opt.step();
    expect(w.data).not.toBe(old);
    expect(() => loss.backward()).toThrow(/was modified \(its data replaced\) after the op used it/);

    const { w: v, opt: opt2 } = owned();
    const [g] = grad(v.mul(v).sum(), [v], { createGraph: true });
    const before = v.data;
    opt2.step();
    expect(v.data).not.toBe(before);
    expect(() => g!.sum().backward()).toThrow(/was modified \(its data replaced\) after the op used it/);
  });

  it("once a backward released the graph, the next step is in place again", () => {
    const { w, opt } = owned();
    w.mul(w).sum().backward();
    const storage = w.data.storage;
    opt.step();
    expect(w.data.storage).toBe(storage);
  });

  it("a module's stateDict() and a detached Tensor stay snapshots", () => {
    const layer = new Linear(3, 2, { seed: 0 });
    const opt = new SGD(layer.parameters(), { lr: 0.1, momentum: 0.9 });
    const x = tensor([[1, 2, 3]]);
    const train = (): void => {
      opt.zeroGrad();
      layer.forward(x).sum().backward();
      opt.step();
    };
    train();
    train();
    const sd = layer.stateDict();
    const saved = sd["weight"]!.toArray();
    const detached = layer.bias!.detach();
    const bias = detached.toArray();
    train();
    train();
    expect(sd["weight"]!.toArray()).toEqual(saved);
    expect(detached.toArray()).toEqual(bias);
    expect(layer.weight.toArray()).not.toEqual(saved);
  });

  it("an optimizer's stateDict() keeps its state values, and an optimizer loaded from it shares nothing it writes", () => {
    const { w, opt } = owned();
    const sd = opt.stateDict();
    const buffer = sd.state["0"]!["momentumBuffer"] as Tensor;
    const saved = [...buffer.toTypedArray()];
    w.grad = tensor([0.5, -0.5, 2]);
    opt.step();
    opt.step();
    expect([...buffer.toTypedArray()]).toEqual(saved);
    const w2 = tensor([1, -2, 3], { requiresGrad: true });
    const opt2 = new SGD([w2], { lr: 0.1, momentum: 0.9 });
    opt2.loadStateDict(sd);
    w2.grad = tensor([1, 1, 1]);
    opt2.step();
    opt2.step();
    expect([...buffer.toTypedArray()]).toEqual(saved);
  });

  it("an NDArray the parameter was made from is never written", () => {
    const nd = ndarray([1, 2, 3]);
    const w = tensor(nd, { requiresGrad: true });
    expect(w.data).toBe(nd);
    const opt = new Adam([w], { lr: 0.1 });
    for (let k = 0; k < 3; k++) {
      w.grad = tensor([1, -1, 0.5]);
      opt.step();
    }
    expect(nd.toArray()).toEqual([1, 2, 3]);
    expect(w.toArray()).not.toEqual([1, 2, 3]);
  });
});
