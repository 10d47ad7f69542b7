import { describe, expect, it } from "vitest";
import { test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { type Tensor, customOp, div, exp, matmul, mul, softmax, sin, sum, tanh, tensor } from "@tsgrad/autograd";
import { CheckError, arbTensor, assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";

// x³ with a vjp that is right except for a factor (2 instead of 3).
const wrongCube = customOp({
  name: "wrongCube",
  forward: (x) => T.mul(T.mul(x, x), x),
  vjp: (g, { inputs: [x] }) => [mul(g, mul(mul(x!, x!), 2))],
});

// x³ with a correct vjp written in differentiable ops.
const cube = customOp({
  name: "cube",
  forward: (x) => T.mul(T.mul(x, x), x),
  vjp: (g, { inputs: [x] }) => [mul(g, mul(mul(x!, x!), 3))],
});

// x³ whose vjp is right but computed on raw tensors: it cannot be differentiated again.
const rawCube = customOp({
  name: "rawCube",
  forward: (x) => T.mul(T.mul(x, x), x),
  vjp: (g, { inputs: [x] }) => [tensor(T.mul(g.data, T.mul(T.mul(x!.data, x!.data), 3)))],
});

// a · b whose vjp for b is wrong (returns g · b instead of g · a).
const wrongMulB = customOp({
  name: "wrongMulB",
  forward: (a, b) => T.mul(a, b),
  vjp: (g, { inputs: [a, b] }) => [mul(g, b!), mul(g, b!)],
});

// x² whose vjp is wrong in exactly one element, flat position 4.
const oneWrongElement = customOp({
  name: "oneWrongElement",
  forward: (x) => T.mul(x, x),
  vjp: (g, { inputs: [x] }) => {
    const bump = T.zeros(x!.shape, { dtype: "float64" });
    (bump.storage as Float64Array)[4] = 0.5;
    return [mul(g, T.add(T.mul(x!.data, 2), bump))];
  },
});

const x23 = tensor([[0.3, -1.2, 0.7], [1.5, -0.4, 2.2]], { dtype: "float64" });

describe("gradcheck", () => {
  it("passes for correct ops, one and several inputs", () => {
    expect(gradcheck((x) => tanh(x!), [x23]).ok).toBe(true);
    expect(gradcheck((a, b) => mul(sin(a!), b!), [x23, T.ndarray([2, -1, 0.5], { dtype: "float64" })]).ok).toBe(true);
    expect(gradcheck((a, b) => matmul(a!, b!), [x23, T.randn([3, 4], { seed: 3, dtype: "float64" })]).ok).toBe(true);
    expect(gradcheck((x) => softmax(x!), [x23]).ok).toBe(true);
    expect(gradcheck((x) => cube(x!), [x23]).ok).toBe(true);
  });

  it("fails for a wrong customOp vjp and reports the worst element", () => {
    const r = gradcheck((x) => wrongCube(x!), [x23]);
    expect(r.ok).toBe(false);
    expect(r.failures).toBe(6);
    expect(r.checked).toBe(6);
    const w = r.worst!;
    expect(w.input).toBe(0);
    // numeric = u·3x², analytic = u·2x² at the reported element.
    const [i, j] = w.index as [number, number];
    const x = (x23.toArray() as number[][])[i]![j]!;
    const u = (T.randn([2, 3], { seed: 0, dtype: "float64" }).toArray() as number[][])[i]![j]!;
    expect(w.numeric).toBeCloseTo(3 * x * x * u, 6);
    expect(w.analytic).toBeCloseTo(2 * x * x * u, 12);
    expect(w.error).toBeGreaterThan(w.tolerance);
    expect(r.maxError).toBeGreaterThanOrEqual(w.error);
  });

  it("finds a single wrong element by its multi-index", () => {
    const r = gradcheck((x) => oneWrongElement(x!), [x23]);
    expect(r.ok).toBe(false);
    expect(r.failures).toBe(1);
    expect(r.worst!.index).toEqual([1, 1]);
  });

  it("raise: throws a CheckError naming the index, both values and the tolerance", () => {
    let caught: unknown;
    try {
      gradcheck((x) => oneWrongElement(x!), [x23], { raise: true });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CheckError);
    const e = caught as CheckError;
    expect(e.op).toBe("gradcheck");
    const r = e.result as { worst: { analytic: number; numeric: number; tolerance: number } };
    expect(e.message).toMatch(/input 0 at index \[1, 1\]/);
    expect(e.message).toContain(`analytic ${Number(r.worst.analytic.toPrecision(12))}`);
    expect(e.message).toContain(`numeric ${Number(r.worst.numeric.toPrecision(12))}`);
    expect(e.message).toContain(`tolerance ${Number(r.worst.tolerance.toPrecision(12))}`);
    expect(e.message).toMatch(/1 of 6/);
  });

  it("uses a given gradOutput: gradient of Σ y·u", () => {
    // y = x²; with u = [1, 0] only the first element has a gradient.
    const r = gradcheck((x) => mul(x!, x!), [[3, 4]], { gradOutput: [1, 0] });
    expect(r.ok).toBe(true);
    const wrong = gradcheck((x) => oneWrongElement(x!), [[1, 2, 3, 4, 5]], { gradOutput: [1, 1, 1, 1, 0] });
    expect(wrong.ok).toBe(true); // the wrong element is masked by u = 0 there
  });

  it("does not modify its inputs and accepts Tensors, NDArrays and arrays", () => {
    const v = tensor([0.5, 1.5], { dtype: "float32", requiresGrad: true });
    const t = T.ndarray([1, 2], { dtype: "float64" });
    const r = gradcheck((a, b, c) => mul(mul(a!, b!), c!), [v, t, [3, 4]]);
    expect(r.ok).toBe(true);
    expect(v.data.toArray()).toEqual([0.5, 1.5]);
    expect(v.grad).toBeNull();
    expect(t.toArray()).toEqual([1, 2]);
  });

  it("treats a function that ignores its inputs as having zero gradient", () => {
    const r = gradcheck(() => tensor([1, 2], { dtype: "float64" }), [[1, 2]]);
    expect(r.ok).toBe(true);
    expect(r.maxError).toBe(0);
  });

  it("refuses a float32 output and bad options with typed errors", () => {
    expect(() => gradcheck((x) => T.ndarray([1]) as unknown as Tensor, [[1]])).toThrow(T.ValueError);
    expect(() => gradcheck((x) => mul(x!, 1), [[1]], { eps: 0 })).toThrow(/eps/);
    expect(() => gradcheck((x) => mul(x!, 1), [[1]], { atol: -1 })).toThrow(/atol/);
    expect(() => gradcheck((x) => mul(x!, 1), [[1, 2]], { gradOutput: [1] })).toThrow(T.ShapeError);
  });

  it("fails where gradients are NaN", () => {
    expect(gradcheck((x) => x!.sqrt(), [[-1, 4]]).ok).toBe(false);
  });

  it("refuses an output of another dtype than float64", () => {
    const toF32 = (x: Tensor): Tensor => tensor(x.data.astype("float32"));
    expect(() => gradcheck((x) => toF32(x!), [[1]])).toThrow(/float64/);
  });
});

describe("gradgradcheck", () => {
  it("passes for correct twice-differentiable ops", () => {
    expect(gradgradcheck((x) => tanh(x!), [x23]).ok).toBe(true);
    expect(gradgradcheck((a, b) => div(a!, b!), [x23, [[2], [3]]]).ok).toBe(true);
    expect(gradgradcheck((x) => cube(x!), [x23]).ok).toBe(true);
    expect(gradgradcheck((x) => sum(exp(x!)), [x23]).ok).toBe(true);
  });

  it("fails for a vjp computed on raw tensors (first order right, second order lost)", () => {
    expect(gradcheck((x) => rawCube(x!), [x23]).ok).toBe(true);
    const r = gradgradcheck((x) => rawCube(x!), [x23]);
    expect(r.ok).toBe(false);
    expect(() => gradgradcheck((x) => rawCube(x!), [x23], { raise: true })).toThrow(/gradgradcheck: .* (input 0|gradOutput) at index/);
  });

  it("checks the derivative with respect to the upstream gradient too", () => {
    // 2x with a vjp that reads g's raw data: right at first order, cut off from g at second.
    const rawDouble = customOp({ name: "rawDouble", forward: (x) => T.mul(x, 2), vjp: (g) => [tensor(T.mul(g.data, 2))] });
    expect(gradcheck((x) => rawDouble(x!), [[1, 2]]).ok).toBe(true);
    const r = gradgradcheck((x) => rawDouble(x!), [[1, 2]]);
    expect(r.ok).toBe(false);
    expect(r.worst!.input).toBe(1); // the gradOutput, after the one input
  });

  it("uses the given gradOutput and gradInputs", () => {
    const r = gradgradcheck((x) => mul(x!, x!), [[1, 2]], { gradOutput: [1, 1], gradInputs: [[1, 0]] });
    expect(r.ok).toBe(true);
    expect(() => gradgradcheck((x) => mul(x!, x!), [[1, 2]], { gradInputs: [] })).toThrow(T.ValueError);
  });
});

describe("checkVjp", () => {
  it("passes for correct ops", () => {
    const a = T.randn([3, 4], { seed: 1, dtype: "float64" });
    const b = T.randn([4, 2], { seed: 2, dtype: "float64" });
    const r = checkVjp((x, y) => matmul(x!, y!), [a, b]);
    expect(r.ok).toBe(true);
    expect(r.terms).toHaveLength(2);
    expect(r.analytic).toBeCloseTo(r.numeric, 6);
  });

  it("fails for a wrong vjp and names the input whose vjp is wrong", () => {
    const r = checkVjp((a, b) => wrongMulB(a!, b!), [x23, x23.mul(-0.5).add(1)]);
    expect(r.ok).toBe(false);
    expect(r.terms[0]!.error).toBeLessThanOrEqual(r.terms[0]!.tolerance);
    expect(r.worst!.input).toBe(1);
    expect(() => checkVjp((a, b) => wrongMulB(a!, b!), [x23, x23.mul(-0.5).add(1)], { raise: true })).toThrow(/vjp of input 1/);
    expect(checkVjp((x) => wrongCube(x!), [x23]).ok).toBe(false);
  });

  it("uses given directions u and v", () => {
    // y = 2x: ⟨u, J v⟩ = 2 ⟨u, v⟩ exactly.
    const r = checkVjp((x) => mul(x!, 2), [[1, 2]], { u: [1, 3], v: [[5, 7]] });
    expect(r.analytic).toBe(2 * (5 + 21));
    expect(r.numeric).toBeCloseTo(52, 6);
    expect(() => checkVjp((x) => mul(x!, 2), [[1, 2]], { v: [[1]] })).toThrow(T.ShapeError);
  });

  test.prop([arbTensor({ maxRank: 3, maxSize: 4, min: -2, max: 2 })], { numRuns: 25 })("the identity holds for tanh on random tensors", (x) => {
    checkVjp((v) => tanh(v!), [x], { raise: true });
  });
});

describe("assertClose", () => {
  it("accepts close values, Tensors, NDArrays and arrays", () => {
    assertClose(T.ndarray([1, 2], { dtype: "float64" }), [1, 2 + 1e-9]);
    assertClose(tensor([1.001]), [1], { rtol: 1e-2 });
    assertClose(tensor(T.ndarray(5)), 5);
    assertClose(tensor([2, 3]).sum(), 5);
    assertClose(5, tensor(5, { dtype: "float64" }));
    assertClose(tensor([[1, 2]], { dtype: "float64" }), T.ndarray([[1, 2]], { dtype: "float64" }));
    assertClose([Infinity, -Infinity], [Infinity, -Infinity]);
    assertClose([NaN], [NaN], { equalNaN: true });
  });

  it("rejects with a message naming the worst index and both values", () => {
    const actual = T.ndarray([[1, 2], [3, 4.5]], { dtype: "float64" });
    expect(() => assertClose(actual, [[1, 2], [3, 4]])).toThrow(
      /1 of 4 elements differ \(shape \[2, 2\]\); worst at index \[1, 1\]: actual 4.5, expected 4 \(\|difference\| 0.5 > tolerance/,
    );
    expect(() => assertClose(actual, [[1, 2], [3, 4]], { message: "layer 3" })).toThrow(/^assertClose: layer 3: /);
    expect(() => assertClose([NaN], [NaN])).toThrow(CheckError);
    expect(() => assertClose([1], [Infinity])).toThrow(CheckError);
    expect(() => assertClose([1, 2], [1, 2, 3])).toThrow(/shapes differ: actual \[2\], expected \[3\]/);
  });

  it("defaults to float32 tolerances when a side is float32", () => {
    assertClose(tensor([1 + 1e-6]), [1]);
    expect(() => assertClose(T.ndarray([1 + 1e-6], { dtype: "float64" }), [1])).toThrow(CheckError);
  });
});
