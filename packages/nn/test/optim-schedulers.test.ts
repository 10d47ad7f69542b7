// Learning-rate schedulers against their closed forms, written out here from PyTorch's
// documentation, plus sequencing, state dicts and errors.
import { describe, expect, it } from "vitest";
import { Tensor } from "@tsgrad/autograd";
import { TsgradError, ValueError, ndarray } from "@tsgrad/ndarray";
import { CosineAnnealingLR, LinearLR, type LRScheduler, SGD, SequentialLR, StepLR } from "@tsgrad/nn";
import { expectError } from "./expect-error.js";

const param = (): Tensor => new Tensor(ndarray(Float64Array.from([1])), { requiresGrad: true });

function expectClose(actual: readonly number[], expected: readonly number[], rtol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `epoch ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-15 + rtol * Math.abs(expected[i]!)));
}

/** The learning rates of the first group for epochs 0 … epochs − 1 (construction is epoch 0). */
function lrs(opt: SGD, scheduler: LRScheduler, epochs: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    if (e > 0) {
      opt.step();
      scheduler.step();
    }
    expect(scheduler.getLastLr()[0]).toBe(opt.paramGroups[0]!.lr);
    out.push(opt.paramGroups[0]!.lr);
  }
  return out;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("schedulers follow their closed forms", () => {
  it("StepLR: base · γ^⌊t/stepSize⌋", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const got = lrs(opt, new StepLR(opt, 3, 0.5), 10);
    expectClose(got, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]);
  });

  it("CosineAnnealingLR: ηmin + (base − ηmin)(1 + cos(πt/T))/2, including past T", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const got = lrs(opt, new CosineAnnealingLR(opt, 10, 0.001), 16);
    expectClose(got, range(16).map((t) => 0.001 + (0.099 * (1 + Math.cos((Math.PI * t) / 10))) / 2));
    expect(got[5]).toBeCloseTo(0.0505, 15);
    expect(got[10]).toBeCloseTo(0.001, 15);
  });

  it("LinearLR: base · (s + (e − s)·min(t, n)/n)", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const got = lrs(opt, new LinearLR(opt, 0.25, 1, 4), 7);
    expectClose(got, [0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.1]);
    const defaults = new SGD([param()], { lr: 0.3 });
    expectClose(lrs(defaults, new LinearLR(defaults), 7), [0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3]);
  });

  it("SequentialLR: linear warm-up, then cosine restarting at the milestone", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const warmup = new LinearLR(opt, 0.1, 1, 5);
    const cosine = new CosineAnnealingLR(opt, 10);
    const got = lrs(opt, new SequentialLR(opt, [warmup, cosine], [5]), 18);
    const expected = range(18).map((t) => (t < 5 ? 0.1 * (0.1 + (0.9 * t) / 5) : (0.1 * (1 + Math.cos((Math.PI * (t - 5)) / 10))) / 2));
    expectClose(got, expected);
  });

  it("scale every group from its own base learning rate", () => {
    const opt = new SGD([{ params: [param()] }, { params: [param()], lr: 1 }], { lr: 0.1 });
    const scheduler = new StepLR(opt, 1, 0.5);
    scheduler.step();
    scheduler.step();
    expectClose(scheduler.getLastLr(), [0.025, 0.25]);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 1]);
  });

  it("drive the optimizer's steps", () => {
    const p = param();
    const opt = new SGD([p], { lr: 1 });
    const scheduler = new StepLR(opt, 1, 0.5);
    for (let i = 0; i < 3; i++) {
      p.grad = new Tensor(ndarray(Float64Array.from([1])));
      opt.step();
      scheduler.step();
    }
    expect(p.data.item()).toBe(1 - 1 - 0.5 - 0.25);
  });
});

describe("scheduler state", () => {
  it("continues identically after a state-dict round trip", () => {
    const make = (): [SGD, SequentialLR] => {
      const opt = new SGD([param()], { lr: 0.1 });
      return [opt, new SequentialLR(opt, [new LinearLR(opt, 0.5, 1, 3), new StepLR(opt, 2, 0.1)], [3])];
    };
    const [optA, a] = make();
    for (let i = 0; i < 4; i++) a.step();
    const [optB, b] = make();
    optB.loadStateDict(optA.stateDict());
    b.loadStateDict(a.stateDict());
    expect(b.lastEpoch).toBe(4);
    expect(b.getLastLr()).toEqual(a.getLastLr());
    for (let i = 0; i < 5; i++) {
      a.step();
      b.step();
      expect(optB.paramGroups[0]!.lr).toBe(optA.paramGroups[0]!.lr);
    }
    expect(a.stateDict()).toMatchObject({ lastEpoch: 9, milestones: [3], schedulers: [{ startFactor: 0.5 }, { stepSize: 2, gamma: 0.1 }] });
  });

  it("restores settings and validates before loading", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const scheduler = new StepLR(opt, 3, 0.5);
    const other = new StepLR(opt, 7, 0.9);
    scheduler.step();
    other.loadStateDict(scheduler.stateDict());
    expect([other.stepSize, other.gamma, other.lastEpoch]).toEqual([3, 0.5, 1]);
    const before = other.stateDict();
    expectError(() => other.loadStateDict({ ...before, stepSize: 0 }), ValueError, "StepLR.loadStateDict", "stepSize");
    expectError(() => other.loadStateDict({ ...before, baseLrs: [0.1, 0.2] }), ValueError, "StepLR.loadStateDict", "baseLrs");
    expectError(() => other.loadStateDict({ ...before, lastEpoch: 1.5 }), ValueError, "StepLR.loadStateDict", "lastEpoch");
    expect(other.stateDict()).toEqual(before);
  });
});

describe("scheduler errors", () => {
  it("rejects bad settings before touching the optimizer", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    expectError(() => new StepLR(opt, 0), ValueError, "StepLR", "stepSize");
    expectError(() => new StepLR(opt, 2, -1), ValueError, "StepLR", "gamma");
    expectError(() => new CosineAnnealingLR(opt, 0), ValueError, "CosineAnnealingLR", "tMax");
    expectError(() => new LinearLR(opt, 0), ValueError, "LinearLR", "startFactor");
    expectError(() => new LinearLR(opt, 0.5, 1.5), ValueError, "LinearLR", "endFactor");
    expectError(() => new StepLR(opt, 2, 0.1, 3), ValueError, "StepLR", "initialLr");
    expect(opt.paramGroups[0]!.initialLr).toBeUndefined();
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
    const s1 = new StepLR(opt, 2);
    const s2 = new StepLR(opt, 3);
    expectError(() => new SequentialLR(opt, [s1, s2], []), ValueError, "SequentialLR", "1 milestones");
    expectError(() => new SequentialLR(opt, [s1, s2, s1], [4, 2]), ValueError, "SequentialLR", "increase");
    const elsewhere = new SGD([param()], { lr: 0.1 });
    expectError(() => new SequentialLR(elsewhere, [s1, s2], [2]), ValueError, "SequentialLR", "another optimizer");
  });

  it("notices parameter groups added after construction", () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const scheduler = new StepLR(opt, 2);
    opt.addParamGroup({ params: [param()] });
    expectError(() => scheduler.step(), ValueError, "StepLR.step", "2 parameter groups", "made for 1");
  });
});
