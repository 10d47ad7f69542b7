import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { PRIMITIVES, erf, grad, tensor, type Tensor } from "@tsgrad/autograd";

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Central difference of Σ u · f(x) at x, per element (float64). */
function numericGrad(f: (x: Tensor) => Tensor, x: number[], u: number[], h = 1e-6): number[] {
  const at = (xs: number[]): number => {
    const y = f(tensor(xs, { dtype: "float64" })).data.toArray() as number[];
    return y.reduce((s, v, i) => s + v * u[i]!, 0);
  };
  return x.map((_, i) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[i]! += h;
    minus[i]! -= h;
    return (at(plus) - at(minus)) / (2 * h);
  });
}

describe("erf primitive", () => {
  it("is in the primitive table", () => {
    expect(PRIMITIVES.erf?.name).toBe("erf");
  });

  it("computes hand values", () => {
    const y = erf(tensor([0, 1, -1], { dtype: "float64" })).data.toArray() as number[];
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(0.8427007929497149, 14);
    expect(y[2]).toBeCloseTo(-0.8427007929497149, 14);
  });

  it("has the gradient 2/√π · e^(−x²)", () => {
    const x = tensor([0, 0.5, -2], { dtype: "float64", requiresGrad: true });
    erf(x).sum().backward();
    const g = x.grad!.data.toArray() as number[];
    [0, 0.5, -2].forEach((v, i) => expect(g[i]).toBeCloseTo(TWO_OVER_SQRT_PI * Math.exp(-v * v), 14));
  });

  test.prop([fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 })], { numRuns: 50 })(
    "gradcheck: the vjp matches central differences for a random upstream gradient",
    (xs) => {
      const u = xs.map((_, i) => Math.cos(3 * i + 1));
      const x = tensor(xs, { dtype: "float64", requiresGrad: true });
      const [g] = grad(erf(x), x, { gradOutputs: [tensor(u, { dtype: "float64" })] });
      const want = numericGrad(erf, xs, u);
      (g!.data.toArray() as number[]).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-7));
    },
  );

  test.prop([fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 })], { numRuns: 50 })(
    "second order: d²/dx² erf = −2x · 2/√π · e^(−x²)",
    (xs) => {
      const x = tensor(xs, { dtype: "float64", requiresGrad: true });
      const [d1] = grad(erf(x).sum(), x, { createGraph: true });
      const [d2] = grad(d1!.sum(), x);
      (d2!.data.toArray() as number[]).forEach((v, i) => {
        const t = xs[i]!;
        expect(Math.abs(v - -2 * t * TWO_OVER_SQRT_PI * Math.exp(-t * t))).toBeLessThan(1e-12);
      });
    },
  );
});
