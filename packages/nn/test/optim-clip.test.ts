// clipGradNorm and clipGradValue against hand-computed norms, as PyTorch's clip_grad_*_.
import { describe, expect, it } from "vitest";
import { Tensor } from "@tsgrad/autograd";
import { TsgradError, ValueError, ndarray } from "@tsgrad/ndarray";
import { clipGradNorm, clipGradValue } from "@tsgrad/nn";

const f64 = (values: readonly number[]) => ndarray(Float64Array.from(values));

function withGrad(values: readonly number[], grad: readonly number[] | null): Tensor {
  const p = new Tensor(f64(values), { requiresGrad: true });
  if (grad) p.grad = new Tensor(f64(grad));
  return p;
}

const gradOf = (p: Tensor): number[] => [...p.grad!.toTypedArray()];

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-15 + 1e-13 * Math.abs(expected[i]!)));
}

describe("clipGradNorm", () => {
  it("scales every gradient by maxNorm / (total + 1e-6) when the joint 2-norm is larger", () => {
    const a = withGrad([0, 0], [3, 4]);
    const b = withGrad([0], [12]);
    const c = withGrad([0], null);
    expect(clipGradNorm([a, b, c], 1)).toBe(13); // √(9 + 16 + 144)
    const k = 1 / (13 + 1e-6);
    expectClose(gradOf(a), [3 * k, 4 * k]);
    expectClose(gradOf(b), [12 * k]);
    expect(c.grad).toBeNull();
  });

  it("leaves gradients alone under the limit", () => {
    const a = withGrad([0, 0], [3, 4]);
    const before = a.grad;
    expect(clipGradNorm(a, 5.5)).toBe(5);
    expect(a.grad).toBe(before);
  });

  it("supports other norms", () => {
    const inf = withGrad([0, 0, 0], [1, -7, 2]);
    expect(clipGradNorm([inf], 3.5, Infinity)).toBe(7);
    expectClose(gradOf(inf), [1, -7, 2].map((g) => (g * 3.5) / (7 + 1e-6)));
    const one = withGrad([0, 0], [1, -2]);
    expect(clipGradNorm([one], 10, 1)).toBe(3);
    const three = withGrad([0, 0], [1, -2]);
    expectClose([clipGradNorm([three], 10, 3)], [9 ** (1 / 3)]);
    expect(clipGradNorm([withGrad([0], null)], 1)).toBe(0);
  });

  it("throws on a non-finite total with errorIfNonfinite, and otherwise spreads it as PyTorch", () => {
    const p = withGrad([0, 0], [NaN, 1]);
    expect(() => clipGradNorm([p], 1, 2, { errorIfNonfinite: true })).toThrow(TsgradError);
    expect(gradOf(p)[1]).toBe(1);
    expect(Number.isNaN(clipGradNorm([p], 1))).toBe(true);
    expect(Number.isNaN(gradOf(p)[1]!)).toBe(true);
  });

  it("rejects bad arguments", () => {
    const p = withGrad([0], [1]);
    expect(() => clipGradNorm([p], -1)).toThrow(ValueError);
    expect(() => clipGradNorm([p], 1, 0)).toThrow(/normType/);
    expect(() => clipGradNorm([1 as unknown as Tensor], 1)).toThrow(/params\[0\]/);
  });
});

describe("clipGradValue", () => {
  it("clamps each element into [−c, c]", () => {
    const a = withGrad([0, 0, 0], [3, -0.5, -9]);
    const b = withGrad([0], null);
    clipGradValue([a, b], 2);
    expect(gradOf(a)).toEqual([2, -0.5, -2]);
    expect(b.grad).toBeNull();
    expect(() => clipGradValue([a], -1)).toThrow(/clipValue/);
  });
});
