// Scoped flags: grad mode (noGrad / enableGrad / isGradEnabled) and anomaly detection.
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";
import { customOp, detectAnomaly, div, enableGrad, isAnomalyEnabled, isGradEnabled, log, noGrad, sqrt, tensor, where } from "@tsgrad/autograd";

describe("grad mode", () => {
  it("is on by default, off in noGrad, on again in enableGrad, restored on the way out", () => {
    expect(isGradEnabled()).toBe(true);
    const seen: boolean[] = [];
    noGrad(() => {
      seen.push(isGradEnabled());
      enableGrad(() => {
        seen.push(isGradEnabled());
        noGrad(() => seen.push(isGradEnabled()));
        seen.push(isGradEnabled());
      });
      seen.push(isGradEnabled());
    });
    seen.push(isGradEnabled());
    expect(seen).toEqual([false, true, false, true, false, true]);
  });

  it("returns what fn returns", () => {
    expect(noGrad(() => 42)).toBe(42);
    expect(enableGrad(() => "x")).toBe("x");
  });

  it("is restored even when fn throws, and the error passes through", () => {
    const boom = new Error("boom");
    expect(() =>
      noGrad(() => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(() =>
        enableGrad(() => {
          throw boom;
        }),
      ).toThrow(boom);
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });

  it("results under noGrad do not require grad and hold no node", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => w.mul(2).add(1).exp());
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(y.isLeaf).toBe(true);
    expect(w.requiresGrad).toBe(true);
    expect(() => y.sum().backward()).toThrow(/does not require grad/);
  });

  it("enableGrad inside noGrad records again", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => enableGrad(() => w.mul(w)));
    expect(y.node!.primitive.name).toBe("mul");
    y.sum().backward();
    expect(w.grad!.data.toArray()).toEqual([2, 4]);
  });

  it("a value computed under noGrad is a constant in a later graph", () => {
    const w = tensor([3], { requiresGrad: true });
    const c = noGrad(() => w.mul(w)); // 9, constant
    c.mul(w).sum().backward();
    expect(w.grad!.item()).toBe(9);
  });
});

describe("detectAnomaly", () => {
  function caught(fn: () => unknown): T.TsgradError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(T.TsgradError);
      return e as T.TsgradError;
    }
    return expect.fail("expected an anomaly error");
  }

  it("reports a NaN born in the forward of log, with the op's name and where it was created", () => {
    const x = tensor([1, -1], { requiresGrad: true });
    const e = caught(() => detectAnomaly(() => log(x).sum().backward()));
    expect(e.op).toBe("log");
    expect(e.message).toMatch(/op "log" produced NaN or Infinity from finite inputs/);
    expect(e.message).toMatch(/created at:[\s\S]*grad-mode\.test\.ts/);
    expect(x.grad).toBeNull();
  });

  it("reports an Infinity born in a backward (d√x/dx at 0) naming sqrt and its creation stack", () => {
    const x = tensor([0, 4], { requiresGrad: true });
    const e = caught(() => detectAnomaly(() => sqrt(x).sum().backward()));
    expect(e.op).toBe("sqrt");
    expect(e.message).toMatch(/the backward of op "sqrt" produced NaN or Infinity in the gradient of input 0/);
    expect(e.message).toMatch(/op created at:[\s\S]*grad-mode\.test\.ts/);
    expect(x.grad).toBeNull();
  });

  it("reports the backward anomaly when only the backward runs in anomaly mode", () => {
    const x = tensor([0], { requiresGrad: true });
    const y = sqrt(x).sum();
    const e = caught(() => detectAnomaly(() => y.backward()));
    expect(e.message).toMatch(/backward of op "sqrt"/);
    expect(e.message).toMatch(/\(not recorded\)/);
  });

  it("outside anomaly mode NaN and Infinity just propagate", () => {
    const x = tensor([-1, 0], { requiresGrad: true });
    const y = log(x);
    const values = y.data.toArray() as number[];
    expect(Number.isNaN(values[0])).toBe(true);
    expect(values[1]).toBe(-Infinity);
    y.sum().backward();
    expect(x.grad!.data.toArray()).toEqual([-1, Infinity]);
    const z = tensor([0], { requiresGrad: true });
    sqrt(z).sum().backward();
    expect(z.grad!.item()).toBe(Infinity);
  });

  it("does not report NaN that was already in the inputs", () => {
    const y = detectAnomaly(() => tensor([Number.NaN, 1], { requiresGrad: true }).mul(2));
    expect(Number.isNaN((y.data.toArray() as number[])[0])).toBe(true);
  });

  it("judges a vjp by the gradient it returns, not by masked intermediates", () => {
    // d/dx of a "safe" op whose vjp forms g / x and then masks x = 0 away.
    const safeLog = customOp({
      name: "safeLog",
      forward: (x) => T.where(T.eq(x, 0), 0, T.log(x)),
      vjp: (g, { inputs: [x] }) => [where(T.eq(x!.data, 0), 0, div(g, x!))],
    });
    const x = tensor([0, 2], { requiresGrad: true });
    detectAnomaly(() => safeLog(x).sum().backward());
    expect(x.grad!.data.toArray()).toEqual([0, 0.5]);
  });

  it("is scoped: restored after fn returns or throws", () => {
    expect(isAnomalyEnabled()).toBe(false);
    expect(detectAnomaly(() => isAnomalyEnabled())).toBe(true);
    expect(() =>
      detectAnomaly(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(isAnomalyEnabled()).toBe(false);
  });
});
