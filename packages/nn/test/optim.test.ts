// Optimizers against hand-computed sequences and float64 references written from
// torch.optim's documented formulas (optim-reference.ts), parameter groups, state dicts,
// validation and atomic steps.
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { Tensor, tensor } from "@tsgrad/autograd";
import { DTypeError, ShapeError, type NDArray, TsgradError, ValueError, ndarray } from "@tsgrad/ndarray";
import { Adam, AdamW, type Optimizer, type OptimizerStateDict, RMSprop, SGD } from "@tsgrad/nn";
import { adamReference, rmspropReference, sgdReference } from "./optim-reference.js";
import { expectError } from "./expect-error.js";

const f64 = (values: readonly number[]): NDArray => ndarray(Float64Array.from(values));
const param = (values: readonly number[]): Tensor => new Tensor(f64(values), { requiresGrad: true });

function expectClose(actual: readonly number[], expected: readonly number[], rtol = 1e-12, atol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]!), `element ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected[i]!));
  });
}

/**
 * Runs `steps` steps of `opt` on `p`, setting p.grad to `grads[k]` (one number per
 * element) before step k; returns the values after each step.
 */
function trajectory(opt: Optimizer<{ lr: number }>, p: Tensor, grads: readonly (readonly number[])[]): number[][] {
  return grads.map((g) => {
    p.grad = new Tensor(f64(g));
    opt.step();
    return [...p.toTypedArray()];
  });
}

/** Column `i` of a list of rows. */
const column = (rows: readonly (readonly number[])[], i: number): number[] => rows.map((r) => r[i]!);

describe("SGD", () => {
  const ones = [[1], [1], [1]];

  it("matches hand-computed sequences for each option", () => {
    const run = (opts: ConstructorParameters<typeof SGD>[1], grads = ones): number[] => {
      const p = param([1]);
      return column(trajectory(new SGD([p], opts), p, grads), 0);
    };
    expectClose(run({ lr: 0.1 }), [0.9, 0.8, 0.7]);
    // b = 1, 1.9, 2.71
    expectClose(run({ lr: 0.1, momentum: 0.9 }), [0.9, 0.71, 0.439]);
    // b = 1, 1.9, 2.71; g + μb = 1.9, 2.71, 3.439
    expectClose(run({ lr: 0.1, momentum: 0.9, nesterov: true }), [0.81, 0.539, 0.1951]);
    // first step b = g (no dampening), then b = 0.9b + 0.5g: 1, 1.4, 1.76
    expectClose(run({ lr: 0.1, momentum: 0.9, dampening: 0.5 }), [0.9, 0.76, 0.584]);
    // g + λθ = 1.1, 1.089, 1.07811
    expectClose(run({ lr: 0.1, weightDecay: 0.1 }), [0.89, 0.7811, 0.673289]);
    expectClose(run({ lr: 0.1, maximize: true }), [1.1, 1.2, 1.3]);
    // maximize negates the gradient before decay is added: −1 + 0.1θ
    expectClose(run({ lr: 0.1, maximize: true, weightDecay: 0.1 }), [1.09, 1.1791, 1.267309]);
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 3, maxLength: 6 }),
      fc.record({
        lr: fc.double({ min: 0, max: 1, noNaN: true }),
        momentum: fc.constantFrom(0, 0.5, 0.9),
        dampening: fc.constantFrom(0, 0.3),
        weightDecay: fc.constantFrom(0, 0.01, 0.2),
        nesterov: fc.boolean(),
        maximize: fc.boolean(),
      }),
    ],
    { numRuns: 50 },
  )("matches the documented update on random gradients and options", (grads, o) => {
    const opts = { ...o, nesterov: o.nesterov && o.momentum > 0, dampening: o.nesterov && o.momentum > 0 ? 0 : o.dampening };
    const p = param([0.5, -1.5]);
    const got = trajectory(new SGD([p], opts), p, grads);
    expectClose(column(got, 0), sgdReference(0.5, column(grads, 0), opts));
    expectClose(column(got, 1), sgdReference(-1.5, column(grads, 1), opts));
  });
});

describe("Adam and AdamW", () => {
  it("takes a first step of lr·g/(|g| + ε), as the bias corrections cancel", () => {
    const p = param([1, -1]);
    trajectory(new Adam([p], { lr: 0.1 }), p, [[2, -0.5]]);
    expectClose([...p.toTypedArray()], [1 - (0.1 * 2) / (2 + 1e-8), -1 + (0.1 * 0.5) / (0.5 + 1e-8)]);
  });

  it("AdamW with zero gradients only decays: θₜ = θ₀(1 − γλ)ᵗ", () => {
    const p = param([2]);
    const got = column(trajectory(new AdamW([p], { lr: 0.1, weightDecay: 0.5 }), p, [[0], [0], [0]]), 0);
    expectClose(got, [2 * 0.95, 2 * 0.95 ** 2, 2 * 0.95 ** 3]);
  });

  it("amsgrad keeps the largest second moment", () => {
    // A large gradient then small ones: v decays, the running maximum does not.
    const grads = [[1], [0.01], [0.01], [0.01]];
    const plain = param([0]);
    const ams = param([0]);
    const a = column(trajectory(new Adam([plain], { lr: 0.1 }), plain, grads), 0);
    const b = column(trajectory(new Adam([ams], { lr: 0.1, amsgrad: true }), ams, grads), 0);
    expectClose(a, adamReference(0, column(grads, 0), { lr: 0.1 }));
    expectClose(b, adamReference(0, column(grads, 0), { lr: 0.1, amsgrad: true }));
    expect(Math.abs(b[3]! - a[3]!)).toBeGreaterThan(1e-5);
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 3, maxLength: 6 }),
      fc.record({
        lr: fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        betas: fc.tuple(fc.constantFrom(0, 0.5, 0.9), fc.constantFrom(0.9, 0.99, 0.999)),
        eps: fc.constantFrom(1e-8, 1e-3),
        weightDecay: fc.constantFrom(0, 0.01, 0.3),
        amsgrad: fc.boolean(),
        maximize: fc.boolean(),
      }),
      fc.boolean(),
    ],
    { numRuns: 60 },
  )("match the documented update on random gradients and options", (grads, opts, decoupled) => {
    const p = param([0.5, -1.5]);
    const opt = decoupled ? new AdamW([p], opts) : new Adam([p], opts);
    const got = trajectory(opt, p, grads);
    expectClose(column(got, 0), adamReference(0.5, column(grads, 0), { ...opts, decoupled }), 1e-11);
    expectClose(column(got, 1), adamReference(-1.5, column(grads, 1), { ...opts, decoupled }), 1e-11);
  });

  it("default to PyTorch's hyper-parameters", () => {
    const p = param([1]);
    expect(new Adam([p]).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
    expect(new AdamW([p]).defaults.weightDecay).toBe(1e-2);
    expect(new SGD([p]).defaults).toEqual({ lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    expect(new RMSprop([p]).defaults).toEqual({ lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
  });
});

describe("RMSprop", () => {
  it("matches a hand-computed first step, plain and centered", () => {
    const p = param([1]);
    trajectory(new RMSprop([p], { lr: 0.01 }), p, [[2]]);
    // v = 0.01·4 = 0.04
    expectClose([...p.toTypedArray()], [1 - (0.01 * 2) / (0.2 + 1e-8)]);
    const q = param([1]);
    trajectory(new RMSprop([q], { lr: 0.01, centered: true }), q, [[2]]);
    // gₐ = 0.02, ṽ = 0.04 − 0.0004
    expectClose([...q.toTypedArray()], [1 - (0.01 * 2) / (Math.sqrt(0.0396) + 1e-8)]);
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 3, maxLength: 6 }),
      fc.record({
        lr: fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        alpha: fc.constantFrom(0.9, 0.99),
        eps: fc.constantFrom(1e-8, 1e-2),
        weightDecay: fc.constantFrom(0, 0.1),
        momentum: fc.constantFrom(0, 0.9),
        centered: fc.boolean(),
        maximize: fc.boolean(),
      }),
    ],
    { numRuns: 60 },
  )("matches the documented update on random gradients and options", (grads, opts) => {
    const p = param([0.5, -1.5]);
    const got = trajectory(new RMSprop([p], opts), p, grads);
    expectClose(column(got, 0), rmspropReference(0.5, column(grads, 0), opts), 1e-10);
    expectClose(column(got, 1), rmspropReference(-1.5, column(grads, 1), opts), 1e-10);
  });
});

describe("Optimizer", () => {
  it("skips parameters without a gradient and zeroGrad sets grads to null", () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new Adam([a, b], { lr: 0.1 });
    const before = b.data;
    a.grad = new Tensor(f64([1]));
    opt.step();
    expect(b.data).toBe(before);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.get(a)!.step).toBe(1);
    b.grad = new Tensor(f64([1]));
    opt.zeroGrad(false);
    expect([...a.grad!.toTypedArray()]).toEqual([0]);
    expect([...b.grad!.toTypedArray()]).toEqual([0]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
  });

  it("reads strided and broadcast views like contiguous tensors", () => {
    const values = [1, 2, 3, 4, 5, 6];
    const g = [0.5, -1, 2, 0.25, -0.75, 1.5];
    // A parameter whose data is a transposed view, a gradient that is a broadcast view.
    const strided = new Tensor(f64([1, 4, 2, 5, 3, 6]).reshape([3, 2]).transpose(), { requiresGrad: true });
    const plain = new Tensor(f64(values).reshape([2, 3]), { requiresGrad: true });
    const oneRow = [0.5, -1, 2];
    for (const make of [(ps: Tensor[]) => new Adam(ps, { lr: 0.1, amsgrad: true }), (ps: Tensor[]) => new RMSprop(ps, { momentum: 0.5, centered: true }), (ps: Tensor[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 })]) {
      const a = new Tensor(strided.data, { requiresGrad: true });
      const b = new Tensor(plain.data, { requiresGrad: true });
      const [optA, optB] = [make([a]), make([b])];
      for (let k = 0; k < 3; k++) {
        a.grad = new Tensor(f64(g).reshape([3, 2]).transpose());
        b.grad = new Tensor(f64([g[0]!, g[2]!, g[4]!, g[1]!, g[3]!, g[5]!]).reshape([2, 3]));
        optA.step();
        optB.step();
      }
      expect(a.toArray()).toEqual(b.toArray());
      const c = new Tensor(plain.data, { requiresGrad: true });
      const d = new Tensor(plain.data, { requiresGrad: true });
      const [optC, optD] = [make([c]), make([d])];
      for (let k = 0; k < 3; k++) {
        c.grad = new Tensor(f64(oneRow).reshape([1, 3]).broadcastTo([2, 3]));
        d.grad = new Tensor(f64([...oneRow, ...oneRow]).reshape([2, 3]));
        optC.step();
        optD.step();
      }
      expect(c.toArray()).toEqual(d.toArray());
    }
  });

  it("trains end to end from backward, keeping float32 parameters float32", () => {
    const w = tensor([0, 0], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    for (let i = 0; i < 100; i++) {
      opt.zeroGrad();
      w.sub(tensor([3, -1])).square().sum().backward();
      opt.step();
    }
    expect(w.dtype).toBe("float32");
    expectClose([...w.toTypedArray()], [3, -1], 1e-5);
  });

  it("runs a closure with grad mode on and returns its loss", () => {
    const w = param([2]);
    const opt = new SGD([w], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = w.mul(w).sum();
      l.backward();
      return l.item();
    });
    expect(loss).toBe(4);
    expectClose([...w.toTypedArray()], [1]); // 2 − 0.25·4
  });

  it("applies each parameter group's own hyper-parameters", () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.01, momentum: 0.9 }], { lr: 0.1 });
    const grads = [[1], [2], [3]];
    const ga = column(grads, 0);
    const ra: number[] = [];
    const rb: number[] = [];
    for (const [g] of grads) {
      a.grad = new Tensor(f64([g!]));
      b.grad = new Tensor(f64([g!]));
      opt.step();
      ra.push(a.data.item());
      rb.push(b.data.item());
    }
    expectClose(ra, sgdReference(1, ga, { lr: 0.1 }));
    expectClose(rb, sgdReference(1, ga, { lr: 0.01, momentum: 0.9 }));
    const c = param([5]);
    opt.addParamGroup({ params: [c], lr: 1 });
    expect(opt.paramGroups[2]).toMatchObject({ lr: 1, momentum: 0, nesterov: false });
    c.grad = new Tensor(f64([1]));
    a.grad = null;
    b.grad = null;
    opt.step();
    expect(c.data.item()).toBe(4);
    expectError(() => opt.addParamGroup({ params: [a] }), ValueError, "SGD.addParamGroup", "more than once");
  });

  it("exports state dicts in PyTorch's layout", () => {
    const a = param([1, 2]);
    const b = param([3]);
    const c = param([4]);
    const opt = new Adam([{ params: [a, b] }, { params: [c], lr: 0.5 }], { lr: 0.1 });
    a.grad = new Tensor(f64([1, 1]));
    c.grad = new Tensor(f64([1]));
    opt.step();
    const sd = opt.stateDict();
    expect(sd.paramGroups).toEqual([
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [0, 1] },
      { lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [2] },
    ]);
    expect(Object.keys(sd.state)).toEqual(["0", "2"]);
    expect(sd.state["0"]!.step).toBe(1);
    expect(sd.state["0"]!.expAvg).toBeInstanceOf(Tensor);
    expect([...(sd.state["0"]!.expAvg as Tensor).shape]).toEqual([2]);
    expect((sd.state["0"]!.expAvg as Tensor).requiresGrad).toBe(false);
    expect(opt.state.get(a)!.expAvgSq).toBeInstanceOf(Tensor);
    expect(sd.state["0"]!.expAvg).toBe(opt.state.get(a)!.expAvg);
    // The dict is a copy: editing it does not touch the optimizer.
    sd.paramGroups[0]!.lr = 7;
    (sd.paramGroups[0]!.betas as number[])[0] = 0;
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
    expect(opt.paramGroups[0]!.betas).toEqual([0.9, 0.999]);
  });

  const makers: [string, (ps: Tensor[]) => Optimizer<{ lr: number }>][] = [
    ["SGD", (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
    ["Adam", (ps) => new Adam(ps, { lr: 0.1, amsgrad: true, weightDecay: 0.01 })],
    ["AdamW", (ps) => new AdamW(ps, { lr: 0.1 })],
    ["RMSprop", (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.9, centered: true })],
  ];

  for (const [name, make] of makers) {
    it(`${name}: continuing after loadStateDict gives identical numbers`, () => {
      const grads = [
        [0.3, -1.2, 2],
        [1, 0.5, -0.7],
        [-0.2, 0.9, 0.4],
        [0.6, -0.6, 1.5],
        [-1, 0.1, 0.3],
        [0.8, 0.8, -0.9],
      ];
      const p = param([0.5, -1, 2]);
      const opt = make([p]);
      trajectory(opt, p, grads.slice(0, 3));
      const saved = opt.stateDict();
      const atSave = [...p.toTypedArray()];
      const q = param(atSave);
      const restored = make([q]);
      restored.loadStateDict(saved);
      const a = trajectory(opt, p, grads.slice(3));
      const b = trajectory(restored, q, grads.slice(3));
      expect(b).toEqual(a);
      // A fresh optimizer from the same values goes elsewhere: the state matters.
      const r = param(atSave);
      expect(trajectory(make([r]), r, grads.slice(3))).not.toEqual(a);
    });
  }

  it("restores hyper-parameters and casts state tensors to the parameter's dtype", () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    trajectory(opt, p, [[1]]);
    const sd = opt.stateDict();
    const q = tensor([1], { requiresGrad: true }); // float32
    const other = new SGD([q], { lr: 0.5 });
    other.loadStateDict(sd);
    expect(other.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9 });
    expect(other.state.get(q)!.momentumBuffer).toBeInstanceOf(Tensor);
    expect((other.state.get(q)!.momentumBuffer as Tensor).dtype).toBe("float32");
    // The state's values may be NDArrays too; they are kept as Tensors.
    const raw = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.5 });
    raw.loadStateDict({ ...sd, state: { "0": { momentumBuffer: (sd.state["0"]!.momentumBuffer as Tensor).data as unknown as Tensor } } });
    const [loaded] = [...raw.state.values()];
    expect(loaded!.momentumBuffer).toBeInstanceOf(Tensor);
    expect((loaded!.momentumBuffer as Tensor).toArray()).toEqual((sd.state["0"]!.momentumBuffer as Tensor).toArray());
  });

  it("validates state dicts and loads nothing on error", () => {
    const p = param([1, 2]);
    const opt = new Adam([p], { lr: 0.1 });
    trajectory(opt, p, [[1, 1]]);
    const good = opt.stateDict();
    const before = opt.stateDict();
    const bad: [OptimizerStateDict, typeof TsgradError, string][] = [
      [{ ...good, paramGroups: [] }, ValueError, "0 parameter groups"],
      [{ ...good, paramGroups: [{ ...good.paramGroups[0]!, params: [0, 1] }] }, ValueError, "has 2 parameters"],
      [{ ...good, paramGroups: [{ ...good.paramGroups[0]!, lr: -1 }] }, ValueError, "lr -1"],
      [{ ...good, paramGroups: [{ ...good.paramGroups[0]!, betas: [1, 0.9] }] }, ValueError, "betas[0]"],
      [{ ...good, paramGroups: [{ ...good.paramGroups[0]!, learningRate: 1 }] }, ValueError, '"learningRate"'],
      [{ ...good, state: { "0": { ...good.state["0"]!, expAvg: new Tensor(f64([1, 2, 3])) } } }, ShapeError, "[3]"],
      [{ ...good, state: { "0": { ...good.state["0"]!, expAvg: [1, 2] as unknown as Tensor } } }, ValueError, "state[0].expAvg must be a Tensor, got [1, 2]"],
      [{ ...good, state: { "0": { ...good.state["0"]!, velocity: new Tensor(f64([1, 2])) } } }, ValueError, '"velocity"'],
      [{ ...good, state: { "0": { step: 1 } } }, ValueError, "lacks expAvg, expAvgSq"],
      [{ ...good, state: { "0": { ...good.state["0"]!, step: -1 } } }, ValueError, "step"],
      [{ ...good, state: { "5": good.state["0"]! } }, ValueError, "index 5"],
    ];
    // Mutate the optimizer so a half-load would show.
    opt.paramGroups[0]!.lr = 0.2;
    const current = opt.stateDict();
    for (const [sd, cls, fragment] of bad) {
      expectError(() => opt.loadStateDict(sd), cls, "Adam.loadStateDict", fragment);
      expect(opt.stateDict()).toEqual(current);
    }
    expect(before.paramGroups[0]!.lr).toBe(0.1);
  });

  it("rejects bad hyper-parameters and parameter lists before changing anything", () => {
    const p = param([1]);
    expectError(() => new SGD([p], { lr: -0.1 }), ValueError, "SGD", "lr -0.1");
    expectError(() => new SGD([p], { momentum: -1 }), ValueError, "SGD", "momentum");
    expectError(() => new SGD([p], { nesterov: true }), ValueError, "SGD", "Nesterov", "momentum > 0");
    expectError(() => new SGD([p], { nesterov: true, momentum: 0.9, dampening: 0.1 }), ValueError, "SGD", "dampening");
    expectError(() => new SGD([p], { learningRate: 0.1 } as never), ValueError, "SGD", '"learningRate"');
    expectError(() => new Adam([p], { betas: [1, 0.999] }), ValueError, "Adam", "betas[0] 1", "< 1");
    expectError(() => new Adam([p], { betas: [0.9, -0.1] }), ValueError, "Adam", "betas[1]");
    expectError(() => new Adam([p], { eps: -1 }), ValueError, "Adam", "eps");
    expectError(() => new AdamW([p], { weightDecay: -1 }), ValueError, "AdamW", "weightDecay");
    expectError(() => new RMSprop([p], { alpha: 1.5 }), ValueError, "RMSprop", "alpha");
    expectError(() => new SGD([]), ValueError, "SGD", "empty parameter list");
    expectError(() => new SGD([{ params: [] }]), ValueError, "SGD", "empty parameter list");
    expectError(() => new SGD([p, p]), ValueError, "SGD", "more than once");
    expectError(() => new SGD([p.mul(2)]), ValueError, "SGD", "not a leaf");
    expectError(() => new SGD([tensor([1], { dtype: "int32" })]), DTypeError, "SGD", "int32");
    expectError(() => new SGD(p as never), ValueError, "SGD", "iterable");
    expectError(() => new SGD([{ params: [p], lr: -1 }]), ValueError, "SGD", "parameter group 0", "lr -1");
  });

  it("makes a step atomic: a bad gradient or hyper-parameter changes nothing", () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = new Tensor(f64([1, 1]));
    b.grad = new Tensor(f64([1]));
    // Assigning a grad that does not fit is refused at once, as in PyTorch.
    expectError(() => (b.grad = new Tensor(f64([1, 1]))), ShapeError, "grad", "[2]", "[1]");
    expectError(() => (b.grad = tensor([1], { dtype: "float32" })), DTypeError, "grad", "float32", "float64");
    // A grad stops fitting when p.data is replaced; step() finds it before anything moves.
    const db1 = b.data;
    b.data = f64([3, 4]);
    const da = a.data;
    expectError(() => opt.step(), ShapeError, "Adam.step", "parameter 1", "[1]", "[2]");
    expect(b.data.toArray()).toEqual([3, 4]);
    b.data = ndarray([3], { dtype: "float32" });
    expectError(() => opt.step(), DTypeError, "Adam.step", "float32", "float64");
    b.data = db1;
    const db = b.data;
    opt.paramGroups[0]!.betas = [0.9, 1];
    expectError(() => opt.step(), ValueError, "Adam.step", "betas[1]");
    expect(a.data).toBe(da);
    expect(b.data).toBe(db);
    expect(opt.state.size).toBe(0);
    opt.paramGroups[0]!.betas = [0.9, 0.999];
    opt.step();
    expect(opt.state.size).toBe(2);
  });
});
