import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { type Tensor, grad, tensor } from "@tsgrad/autograd";
import { NDArray, randn } from "@tsgrad/ndarray";
import { gradcheck as runGradcheck, gradgradcheck as runGradgradcheck, type GradcheckOptions } from "@tsgrad/testing";
import { Conv2d, GELU, LayerNorm, Linear, type Module, type Parameter } from "@tsgrad/nn";

/**
 * A module's forward as a function of its input and of stand-ins for its parameters:
 * the stand-ins (float64 leaves made by gradcheck) replace the parameters during the
 * call, so gradients flow to them.
 */
function withParameters<M extends Module & { forward(x: Tensor): Tensor }>(module: M, names: readonly (keyof M & string)[]) {
  return (x: Tensor, ...params: Tensor[]): Tensor => {
    const saved = names.map((n) => module[n]);
    names.forEach((n, i) => Object.assign(module, { [n]: params[i] as Parameter }));
    try {
      return module.forward(x);
    } finally {
      names.forEach((n, i) => Object.assign(module, { [n]: saved[i] }));
    }
  };
}

const f64 = { dtype: "float64" } as const;

/** Throws unless the output depends on every input (a check of an unused input would pass vacuously). */
function expectAllUsed(fn: (...xs: Tensor[]) => Tensor, inputs: readonly (NDArray | Tensor)[]): void {
  const leaves = inputs.map((t) => tensor(t instanceof NDArray ? t : t.data, { requiresGrad: true }));
  expect(() => grad(fn(...leaves).sum(), leaves)).not.toThrow();
}

function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: (NDArray | Tensor)[], opts?: GradcheckOptions) {
  expectAllUsed(fn, inputs);
  return runGradcheck(fn, inputs, opts);
}

function gradgradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: (NDArray | Tensor)[], opts?: GradcheckOptions) {
  expectAllUsed(fn, inputs);
  return runGradgradcheck(fn, inputs, opts);
}

describe("gradcheck of layers (float64 central differences)", () => {
  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.nat(1000)], { numRuns: 15 })(
    "Linear: input, weight and bias",
    (batch, inF, outF, seed) => {
      const layer = new Linear(inF, outF, { ...f64, seed });
      const fn = withParameters(layer, ["weight", "bias"]);
      const x = randn([batch, inF], { seed: seed + 1, ...f64 });
      const r = gradcheck(fn, [x, layer.weight, layer.bias!], { seed });
      expect(r.ok, JSON.stringify(r.worst)).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 6 }), fc.nat(1000)], { numRuns: 15 })(
    "LayerNorm: input, weight and bias, first and second order",
    (batch, features, seed) => {
      const layer = new LayerNorm(features, f64);
      const fn = withParameters(layer, ["weight", "bias"]);
      const x = randn([batch, features], { seed, ...f64 });
      const w = randn([features], { seed: seed + 1, ...f64 });
      const b = randn([features], { seed: seed + 2, ...f64 });
      const first = gradcheck(fn, [x, w, b], { seed });
      expect(first.ok, JSON.stringify(first.worst)).toBe(true);
      const second = gradgradcheck(fn, [x, w, b], { seed, atol: 1e-4 });
      expect(second.ok, JSON.stringify(second.worst)).toBe(true);
    },
  );

  it("LayerNorm over two trailing axes", () => {
    const layer = new LayerNorm([2, 3], f64);
    const fn = withParameters(layer, ["weight", "bias"]);
    const r = gradcheck(fn, [randn([2, 2, 3], { seed: 1, ...f64 }), randn([2, 3], { seed: 2, ...f64 }), randn([2, 3], { seed: 3, ...f64 })]);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });

  it("GELU, exact and tanh: first and second order", () => {
    for (const approximate of ["none", "tanh"] as const) {
      const gelu = new GELU({ approximate });
      const x = randn([3, 4], { seed: 4, ...f64 });
      expect(gradcheck((v) => gelu.forward(v), [x]).ok).toBe(true);
      expect(gradgradcheck((v) => gelu.forward(v), [x]).ok).toBe(true);
    }
  });

  it("Conv2d: input, weight and bias with stride, padding and groups", () => {
    const layer = new Conv2d(4, 2, 3, { stride: 2, padding: 1, groups: 2, seed: 5, ...f64 });
    const fn = withParameters(layer, ["weight", "bias"]);
    const r = gradcheck(fn, [randn([2, 4, 5, 5], { seed: 6, ...f64 }), layer.weight, layer.bias!]);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
});
