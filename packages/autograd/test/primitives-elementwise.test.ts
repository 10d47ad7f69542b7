// The elementwise primitives, one block each (primitive.describe) with the four kinds of
// test — forward against hand values, float64 gradcheck per input, a random-direction vjp
// property on random (broadcast) shapes, and a second-order check — and its float32
// numerics case. Domains stay away from kinks and singular points by construction
// (minAbs, positive ranges) or fc.pre.
import { expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import {
  type Tensor,
  abs,
  add,
  cos,
  cosh,
  div,
  erf,
  exp,
  expm1,
  grad,
  log,
  log1p,
  maximum,
  mul,
  neg,
  pow,
  relu,
  sigmoid,
  sin,
  sinh,
  sqrt,
  sub,
  sum,
  tanh,
} from "@tsgrad/autograd";
import {
  type ArbTensorOptions,
  arbBroadcastShapes,
  arbTensor,
  assertClose,
  checkVjp,
  gradcheck,
  gradgradcheck,
} from "@tsgrad/testing";
import { cases, primitive } from "./primitive-block.js";
import { A, COL, RAISE, ROW, SHAPES, derivatives, f64, leaf, unaryChecks } from "./fixtures.js";

// Positive points, away from 0, for log, sqrt, denominators and bases.
const P = f64([
  [0.4, 1.3, 2.5],
  [0.9, 3.1, 0.7],
]);
const PROW = f64([1.6, 0.5, 2.2]);
const PCOL = f64([[0.6], [1.9]]);

/** Two float64 Tensors of broadcastable random shapes. */
function arbPair(a: ArbTensorOptions = {}, b: ArbTensorOptions = {}): fc.Arbitrary<[Tensor, Tensor]> {
  return arbBroadcastShapes(2, SHAPES).chain(([sa, sb]) => fc.tuple(arbTensor({ ...a, shape: sa }), arbTensor({ ...b, shape: sb })));
}

/** The smallest |a − b| over the broadcast of a and b (Infinity when empty). */
function minGap(a: Tensor, b: Tensor): number {
  let m = Infinity;
  for (const d of T.abs(T.sub(a.data, b.data)).toTypedArray()) m = Math.min(m, d);
  return m;
}

/** Gradients of Σ f(a, b) with respect to both inputs. */
function gradsOf(f: (a: Tensor, b: Tensor) => Tensor, a: T.NestedArray, b: T.NestedArray): [T.NDArray, T.NDArray] {
  const va = leaf(a);
  const vb = leaf(b);
  const [ga, gb] = grad(sum(f(va, vb)), [va, vb]);
  return [ga!.data, gb!.data];
}

primitive.describe("add", { numerics: cases.binary(add) }, () => {
  it("forward: hand values, with broadcasting and a number", () => {
    assertClose(add(A, ROW), [
      [1.1, -2.9, 1.8],
      [2.3, -2.1, 3.3],
    ]);
    assertClose(add(f64([1, 2]), 10), [11, 12]);
  });

  it("gradcheck per input, broadcast and 0-d operands", () => {
    expect(gradcheck((a, b) => add(a!, b!), [A, ROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => add(a!, b!), [COL, A], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => add(a!, b!), [A, 2.5], RAISE).ok).toBe(true);
    // The un-broadcast gradient of the row sums the column of ones: 2 per element.
    assertClose(gradsOf(add, A.toArray(), ROW.toArray())[1], [2, 2, 2]);
  });

  test.prop([arbPair()], { numRuns: 50 })("random-direction vjp on broadcast shapes", ([a, b]) => {
    expect(checkVjp((x, y) => add(x!, y!), [a, b], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((a, b) => mul(add(a!, b!), add(a!, b!)), [A, ROW], RAISE).ok).toBe(true);
    expect(gradgradcheck((a, b) => add(a!, b!), [A, COL], RAISE).ok).toBe(true);
  });
});

primitive.describe("sub", { numerics: cases.binary(sub) }, () => {
  it("forward: hand values, and sub(a, b) ≡ add(a, neg(b))", () => {
    assertClose(sub(f64([5, 7]), f64([1, 2])), [4, 5]);
    assertClose(sub(A, ROW), [
      [-0.5, 0.5, -0.4],
      [0.7, 1.3, 1.1],
    ]);
    assertClose(sub(A, COL), add(A, neg(COL)));
  });

  it("gradcheck per input, broadcast", () => {
    expect(gradcheck((a, b) => sub(a!, b!), [A, ROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => sub(a!, b!), [COL, A], RAISE).ok).toBe(true);
    assertClose(gradsOf(sub, A.toArray(), COL.toArray())[1], [[-3], [-3]]);
  });

  test.prop([arbPair()], { numRuns: 50 })("random-direction vjp on broadcast shapes, and ≡ add(a, neg(b))", ([a, b]) => {
    expect(checkVjp((x, y) => sub(x!, y!), [a, b], RAISE).ok).toBe(true);
    assertClose(sub(a, b), add(a, neg(b)));
  });

  it("second order", () => {
    expect(gradgradcheck((a, b) => mul(sub(a!, b!), sub(a!, b!)), [A, COL], RAISE).ok).toBe(true);
  });
});

primitive.describe("mul", { numerics: cases.binary(mul) }, () => {
  it("forward: hand values", () => {
    assertClose(mul(f64([1, 2]), 3), [3, 6]);
    assertClose(mul(A, COL), [
      [0.18, -0.72, 0.42],
      [-2.85, 0.76, -4.18],
    ]);
  });

  it("gradcheck per input, broadcast; x·x accumulates 2x", () => {
    expect(gradcheck((a, b) => mul(a!, b!), [A, ROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => mul(a!, b!), [COL, A], RAISE).ok).toBe(true);
    expect(gradcheck((a) => mul(a!, a!), [A], RAISE).ok).toBe(true);
    const [ga] = gradsOf(mul, [2, 3], [5, 7]);
    assertClose(ga, [5, 7]);
  });

  test.prop([arbPair()], { numRuns: 50 })("random-direction vjp on broadcast shapes", ([a, b]) => {
    expect(checkVjp((x, y) => mul(x!, y!), [a, b], RAISE).ok).toBe(true);
  });

  it("second order: d²(a·b)/da db = 1", () => {
    expect(gradgradcheck((a, b) => mul(a!, b!), [A, ROW], RAISE).ok).toBe(true);
    const a = leaf([2, 3]);
    const b = leaf([5, 7]);
    const [ga] = grad(sum(mul(a, b)), a, { createGraph: true });
    const [gab] = grad(sum(ga!), b);
    assertClose(gab!, [1, 1]);
  });
});

primitive.describe("div", { numerics: cases.binary(div, 0.25, 4) }, () => {
  it("forward: hand values", () => {
    assertClose(div(f64([1, 2]), 4), [0.25, 0.5]);
    assertClose(div(f64([[3], [-6]]), f64([2, 4])), [
      [1.5, 0.75],
      [-3, -1.5],
    ]);
  });

  it("gradcheck per input, broadcast, positive denominators", () => {
    expect(gradcheck((a, b) => div(a!, b!), [A, PROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => div(a!, b!), [COL, P], RAISE).ok).toBe(true);
    const [ga, gb] = gradsOf(div, [3], [2]);
    assertClose(ga, [0.5]);
    assertClose(gb, [-0.75]);
  });

  test.prop([arbPair({}, { min: 0.5, max: 5 })], { numRuns: 50 })("random-direction vjp, denominators in [0.5, 5]", ([a, b]) => {
    expect(checkVjp((x, y) => div(x!, y!), [a, b], RAISE).ok).toBe(true);
  });

  it("second order, and d²(a/b)/db² = 2a/b³, d²(a/b)/da db = −1/b² in closed form", () => {
    expect(gradgradcheck((a, b) => div(a!, b!), [A, PROW], RAISE).ok).toBe(true);
    const a = leaf([3, -1, 0.5]);
    const b = leaf([2, 0.7, 1.5]);
    const [gb] = grad(sum(div(a, b)), b, { createGraph: true });
    const [gbb, gba] = grad(sum(gb!), [b, a]);
    assertClose(gbb!, [(2 * 3) / 8, (2 * -1) / 0.7 ** 3, (2 * 0.5) / 1.5 ** 3]);
    assertClose(gba!, [-1 / 4, -1 / 0.49, -1 / 2.25]);
  });
});

primitive.describe("neg", { numerics: cases.unary(neg) }, () => {
  it("forward: hand values", () => {
    assertClose(neg(f64([1, -2, 0])), [-1, 2, -0]);
  });

  unaryChecks(neg, { at: A, secondOrder: [(x) => neg(mul(x, x)), neg] });
});

primitive.describe("pow", { numerics: cases.binary(pow, -3, 3, 0.25) }, () => {
  it("forward: hand values", () => {
    assertClose(pow(f64([2, 3]), 2), [4, 9]);
    assertClose(pow(f64([4, 9]), 0.5), [2, 3]);
    assertClose(pow(f64([[2], [3]]), f64([0, 1, -1])), [
      [1, 2, 0.5],
      [1, 3, 1 / 3],
    ]);
  });

  it("gradcheck per input with a positive base; integer exponent with a negative base", () => {
    expect(gradcheck((a, b) => pow(a!, b!), [P, ROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => pow(a!, b!), [PCOL, A], RAISE).ok).toBe(true);
    expect(gradcheck((a) => pow(a!, 3), [A], RAISE).ok).toBe(true);
    const [ga, gb] = gradsOf(pow, [2], [3]);
    assertClose(ga, [12]);
    assertClose(gb, [8 * Math.log(2)]);
  });

  it("at base 0 the exponent's gradient is 0 (PyTorch's convention), at first and second order", () => {
    const [ga, gb] = gradsOf(pow, [0, 0, 2], [2, 0.5, 3]);
    assertClose(ga, [0, Infinity, 12]);
    assertClose(gb, [0, 0, 8 * Math.LN2]);
    const a = leaf([0, 1.5]);
    const b = leaf([3, 2]);
    const [db] = grad(sum(pow(a, b)), b, { createGraph: true });
    const [dba, dbb] = grad(sum(db!), [a, b]);
    // ∂²(aᵇ)/∂b∂a = a^(b−1)(1 + b ln a); ∂²(aᵇ)/∂b² = aᵇ (ln a)²; both 0 at a = 0 for b > 1.
    assertClose(dba!, [0, 1.5 * (1 + 2 * Math.log(1.5))]);
    assertClose(dbb!, [0, 2.25 * Math.log(1.5) ** 2]);
  });

  it("0⁰: the base's gradient is 0 wherever the exponent is 0 (PyTorch's convention), not 0·∞", () => {
    const [ga, gb] = gradsOf(pow, [0, 0, 3, -2], [0, 1, 0, 0]);
    assertClose(ga, [0, 1, 0, 0]);
    // ∂(aᵇ)/∂b = aᵇ ln a: 0 at a = 0 (PyTorch's convention), ln 3 at (3, 0); NaN for a < 0.
    const db = Array.from(gb.toTypedArray());
    expect(db.slice(0, 3)).toEqual([0, 0, Math.log(3)]);
    expect(db[3]).toBeNaN();
    const x = leaf([0, 2]);
    const [gx] = grad(sum(pow(x, 0)), x);
    assertClose(gx!, [0, 0]);
  });

  it("does not compute the exponent's gradient when the exponent is a constant", () => {
    const a = leaf([-2, 3]);
    const [ga] = grad(sum(pow(a, 2)), a);
    assertClose(ga!, [-4, 6]);
  });

  test.prop([arbPair({ min: 0.5, max: 3 }, { min: -2, max: 2 })], { numRuns: 50 })("random-direction vjp, base in [0.5, 3]", ([a, b]) => {
    expect(checkVjp((x, y) => pow(x!, y!), [a, b], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((a, b) => pow(a!, b!), [P, ROW], RAISE).ok).toBe(true);
    expect(gradgradcheck((a) => pow(a!, 3), [A], RAISE).ok).toBe(true);
  });
});

primitive.describe("maximum", { numerics: cases.binary(maximum) }, () => {
  it("forward: hand values", () => {
    assertClose(maximum(f64([1, 5]), 3), [3, 5]);
    assertClose(maximum(A, ROW), [
      [0.8, -1.2, 1.1],
      [1.5, -0.4, 2.2],
    ]);
  });

  it("gradcheck per input away from ties; a tie splits the gradient in half", () => {
    expect(gradcheck((a, b) => maximum(a!, b!), [A, ROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => maximum(a!, b!), [COL, A], RAISE).ok).toBe(true);
    const [ga, gb] = gradsOf(maximum, [1, 2, 4], [1, 3, 0]);
    assertClose(ga, [0.5, 0, 1]);
    assertClose(gb, [0.5, 1, 0]);
  });

  test.prop([arbPair()], { numRuns: 50 })("random-direction vjp on broadcast shapes, away from ties", ([a, b]) => {
    fc.pre(minGap(a, b) > 1e-3);
    expect(checkVjp((x, y) => maximum(x!, y!), [a, b], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((a, b) => mul(maximum(a!, b!), maximum(a!, b!)), [A, ROW], RAISE).ok).toBe(true);
  });
});

primitive.describe("sqrt", { numerics: cases.unary(sqrt, 0, 4) }, () => {
  it("forward: hand values", () => {
    assertClose(sqrt(f64([4, 9, 2])), [2, 3, Math.SQRT2]);
  });

  unaryChecks(sqrt, {
    at: P,
    domain: { min: 0.1, max: 10 },
    d1: { what: "d√x/dx = 1/(2√x)", xs: [4], f: (x) => 1 / (2 * Math.sqrt(x)) },
    d2: { what: "d²√x/dx² = −¼ x^(−3/2)", xs: [0.4, 1, 2.5, 9], f: (x) => -0.25 * x ** -1.5 },
  });
});

primitive.describe("exp", { numerics: cases.unary(exp, -8, 8) }, () => {
  it("forward: hand values", () => {
    assertClose(exp(f64([0, 1, -1])), [1, Math.E, 1 / Math.E]);
  });

  unaryChecks(exp, { at: A, domain: { min: -5, max: 5 }, d2: { what: "d²eˣ/dx² = eˣ", xs: [-2, 0, 0.5, 3], f: Math.exp } });
});

primitive.describe("expm1", { numerics: cases.unary(expm1, -8, 8) }, () => {
  it("forward: hand values, and the digits of a tiny x that exp(x) − 1 loses", () => {
    assertClose(expm1(f64([0, 1, -1])), [0, Math.E - 1, 1 / Math.E - 1]);
    assertClose(expm1(f64([1e-10, -1e-12])), [1.00000000005e-10, -9.999999999995e-13], { rtol: 1e-15, atol: 0 });
  });

  unaryChecks(expm1, {
    at: A,
    domain: { min: -5, max: 5 },
    d1: { what: "d(eˣ − 1)/dx = eˣ", xs: [0, 2], f: Math.exp },
    d2: { what: "d²(eˣ − 1)/dx² = eˣ", xs: [-2, 0, 0.5, 3], f: Math.exp },
  });
});

primitive.describe("log", { numerics: cases.unary(log, 1 / 64, 64) }, () => {
  it("forward: hand values", () => {
    assertClose(log(f64([1, Math.E, 0.5])), [0, 1, -Math.LN2]);
  });

  unaryChecks(log, {
    at: P,
    domain: { min: 0.1, max: 10 },
    d1: { what: "d ln x/dx = 1/x", xs: [4], f: (x) => 1 / x },
    d2: { what: "d² ln x/dx² = −1/x²", xs: [0.3, 1, 2.5, 7], f: (x) => -1 / (x * x) },
  });
});

primitive.describe("log1p", { numerics: cases.unary(log1p, -0.75, 4) }, () => {
  it("forward: hand values, and the digits of a tiny x that log(1 + x) loses", () => {
    assertClose(log1p(f64([0, 1, -0.5])), [0, Math.LN2, -Math.LN2]);
    assertClose(log1p(f64([1e-10, -1e-12])), [9.9999999995e-11, -1.0000000000005e-12], { rtol: 1e-15, atol: 0 });
  });

  unaryChecks(log1p, {
    // Points in the domain x > −1, on both sides of 0.
    at: f64([
      [-0.6, -0.2, 0.4],
      [1.3, 2.5, 0.05],
    ]),
    domain: { min: -0.5, max: 10 },
    d1: { what: "d ln(1 + x)/dx = 1/(1 + x)", xs: [3], f: (x) => 1 / (1 + x) },
    d2: { what: "d² ln(1 + x)/dx² = −1/(1 + x)²", xs: [-0.7, 0, 1.5, 6], f: (x) => -1 / ((1 + x) * (1 + x)) },
  });
});

primitive.describe("tanh", { numerics: cases.unary(tanh) }, () => {
  it("forward: hand values", () => {
    assertClose(tanh(f64([0, 1, -2, 30])), [0, Math.tanh(1), Math.tanh(-2), 1]);
  });

  unaryChecks(tanh, {
    at: A,
    d2: { what: "d² tanh/dx² = −2 tanh x (1 − tanh² x)", xs: [-2, -0.3, 0, 0.8, 1.7], f: (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2) },
  });
});

primitive.describe("sigmoid", { numerics: cases.unary(sigmoid, -8, 8) }, () => {
  it("forward: hand values, no overflow at large |x|", () => {
    assertClose(sigmoid(f64([0, 2, -2, 800, -800])), [0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(2)), 1, 0]);
  });

  const s = (x: number): number => 1 / (1 + Math.exp(-x));
  unaryChecks(sigmoid, { at: A, d2: { what: "d²σ/dx² = σ(1 − σ)(1 − 2σ)", xs: [-3, -0.5, 0, 1.2, 4], f: (x) => s(x) * (1 - s(x)) * (1 - 2 * s(x)) } });
});

primitive.describe("relu", { numerics: cases.unary(relu) }, () => {
  it("forward: hand values; gradient 0 at the kink x = 0", () => {
    assertClose(relu(f64([-1, 0, 2])), [0, 0, 2]);
    assertClose(derivatives(relu, [-1, 0, 2]).d1, [0, 0, 1]);
  });

  // Away from the kink: fixed points of A, random values with |x| ≥ 0.01.
  unaryChecks(relu, { at: A, domain: { minAbs: 0.01 }, secondOrder: [(x) => mul(relu(x), relu(x))], d2: { what: "d² relu/dx² = 0", xs: [-1, 2], f: () => 0 } });
});

primitive.describe("abs", { numerics: cases.unary(abs) }, () => {
  it("forward: hand values; gradient 0 at the kink x = 0", () => {
    assertClose(abs(f64([-1.5, 0, 2])), [1.5, 0, 2]);
    assertClose(derivatives(abs, [-1.5, 0, 2]).d1, [-1, 0, 1]);
  });

  unaryChecks(abs, { at: A, domain: { minAbs: 0.01 }, secondOrder: [(x) => mul(abs(x), x)] });
});

primitive.describe("sin", { numerics: cases.unary(sin) }, () => {
  it("forward: hand values", () => {
    assertClose(sin(f64([0, Math.PI / 2, -Math.PI / 6])), [0, 1, -0.5]);
  });

  unaryChecks(sin, { at: A, d2: { what: "d² sin/dx² = −sin", xs: [-1, 0.4, 2], f: (x) => -Math.sin(x) } });
});

primitive.describe("cos", { numerics: cases.unary(cos) }, () => {
  it("forward: hand values", () => {
    assertClose(cos(f64([0, Math.PI, Math.PI / 3])), [1, -1, 0.5]);
  });

  unaryChecks(cos, { at: A, d2: { what: "d² cos/dx² = −cos", xs: [-1, 0.4, 2], f: (x) => -Math.cos(x) } });
});

primitive.describe("sinh", { numerics: cases.unary(sinh, -8, 8) }, () => {
  it("forward: hand values; odd; x for a tiny x, eˣ/2 for a large one (no cancellation)", () => {
    assertClose(sinh(f64([0, 1, -1, Math.LN2])), [0, 1.1752011936438014, -1.1752011936438014, 0.75]);
    assertClose(sinh(f64([1e-10, -1e-12, 20])), [1e-10, -1e-12, Math.exp(20) / 2], { rtol: 1e-15, atol: 0 });
  });

  unaryChecks(sinh, {
    at: A,
    domain: { min: -5, max: 5 },
    d1: { what: "d sinh/dx = cosh", xs: [-2, 0, 1], f: Math.cosh },
    d2: { what: "d² sinh/dx² = sinh", xs: [-2, 0, 0.5, 3], f: Math.sinh },
  });
});

primitive.describe("cosh", { numerics: cases.unary(cosh, -8, 8) }, () => {
  it("forward: hand values; even, and 1 + x²/2 for a tiny x", () => {
    assertClose(cosh(f64([0, 1, -1, Math.LN2])), [1, 1.5430806348152437, 1.5430806348152437, 1.25]);
    assertClose(cosh(f64([1e-5, -20])), [1 + 5e-11, Math.exp(20) / 2], { rtol: 1e-15, atol: 0 });
  });

  unaryChecks(cosh, {
    at: A,
    domain: { min: -5, max: 5 },
    d1: { what: "d cosh/dx = sinh", xs: [-2, 0, 1], f: Math.sinh },
    d2: { what: "d² cosh/dx² = cosh", xs: [-2, 0, 0.5, 3], f: Math.cosh },
  });
});

primitive.describe("erf", { numerics: cases.unary(erf) }, () => {
  it("forward: hand values", () => {
    assertClose(erf(f64([0, 0.5, -1, 6])), [0, 0.5204998778130465, -0.8427007929497149, 1], { rtol: 1e-12, atol: 1e-15 });
  });

  unaryChecks(erf, {
    at: A,
    domain: { min: -3, max: 3 },
    d2: { what: "d² erf/dx² = −4x/√π · e^(−x²)", xs: [-1.5, 0, 0.7], f: (x) => ((-4 * x) / Math.sqrt(Math.PI)) * Math.exp(-x * x) },
  });
});
