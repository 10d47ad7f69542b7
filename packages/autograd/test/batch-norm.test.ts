// BatchNorm: the composed form is made of six primitives only; fusedBatchNorm, a primitive
// with the closed-form vjp, equals it in forward, first and second order (its block,
// primitive.describe, also holds its float32 numerics case); numerics; inference and errors.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { Generator, ShapeError, NDArray, randn, ndarray } from "@tsgrad/ndarray";
import {
  type Tensor,
  batchNorm,
  batchNormInference,
  batchNormWithStats,
  fusedBatchNorm,
  fusedBatchNormWithStats,
  grad,
  mul,
  sum,
  tensor,
} from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";
import { recordedNodes, recordedOps } from "./graph-ops.js";
import { cases, primitive } from "./primitive-block.js";

const SIX = ["mean", "sub", "mul", "add", "sqrt", "div"];

const arbShapeNd = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 5 })).map(([n, d]) => [n, d]),
  fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })).map(([n, c, l]) => [n, c, l]),
  fc
    .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .map(([n, c, h, w]) => [n, c, h, w]),
);

interface Inputs {
  x: NDArray;
  gamma: NDArray;
  beta: NDArray;
  g: NDArray;
}

function inputsFor(shape: number[], seed: number, offset = 0, scale = 1): Inputs {
  const generator = new Generator(seed);
  const f64 = { generator, dtype: "float64" as const };
  const c = [shape[1]!];
  const x = ndarray(randn(shape, f64).toTypedArray().map((z) => offset + scale * z), { shape });
  return { x, gamma: randn(c, f64), beta: randn(c, f64), g: randn(shape, f64) };
}

const arbInputs = fc.record({ shape: arbShapeNd, seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }).map(({ shape, seed }) => inputsFor(shape, seed));

function maxRelDiff(a: NDArray, b: NDArray): number {
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num = Math.max(num, Math.abs(x[i]! - y[i]!));
    den = Math.max(den, Math.abs(y[i]!));
  }
  return den === 0 ? num : num / den;
}

function maxAbs(t: NDArray): number {
  return Math.max(...Array.from(t.toTypedArray(), Math.abs));
}

function maxAbsDiff(a: NDArray, b: NDArray): number {
  const y = b.toTypedArray();
  return Math.max(...Array.from(a.toTypedArray(), (v, i) => Math.abs(v - y[i]!)));
}

type BN = typeof batchNorm;

function firstOrder(op: BN, k: Inputs): { y: NDArray; dx: NDArray; dgamma: NDArray; dbeta: NDArray } {
  const x = tensor(k.x, { requiresGrad: true });
  const gamma = tensor(k.gamma, { requiresGrad: true });
  const beta = tensor(k.beta, { requiresGrad: true });
  const y = op(x, gamma, beta);
  y.backward(k.g);
  return { y: y.data, dx: x.grad!.data, dgamma: gamma.grad!.data, dbeta: beta.grad!.data };
}

describe("composed batchNorm is made of the six primitives only", () => {
  it.each([[[8, 3]], [[4, 3, 5]], [[2, 3, 4, 4]]])("shape %j records only mean/sub/mul/add/sqrt/div, plus reshape views of gamma and beta", (shape) => {
    const k = inputsFor(shape, 1);
    const gamma = tensor(k.gamma, { requiresGrad: true });
    const beta = tensor(k.beta, { requiresGrad: true });
    const y = batchNorm(tensor(k.x, { requiresGrad: true }), gamma, beta);
    const ops = recordedOps(y);
    for (const name of ops) expect([...SIX, "reshape"]).toContain(name);
    for (const name of SIX) expect(ops).toContain(name);
    const reshapes = recordedNodes(y).filter((n) => n.primitive.name === "reshape");
    expect(reshapes).toHaveLength(shape.length === 2 ? 0 : 2);
    for (const node of reshapes) expect([gamma, beta]).toContain(node.peekInputs()[0]);
  });

  it("the graph check fails for a graph with another op (the check can fail)", () => {
    const y = tensor([1, 2], { requiresGrad: true }).exp();
    expect([...recordedOps(y)].every((n) => SIX.includes(n))).toBe(false);
  });
});

/** A float32-representable BatchNorm case: `(N, C, …)` input, parameters of the normalised layout's shape, axes default or not. */
const arbNumerics = fc
  .tuple(fc.integer({ min: 2, max: 6 }), cases.side(3), fc.array(cases.side(3), { maxLength: 2 }))
  .map(([n, c, rest]) => [n, c, ...rest])
  .chain((shape) => fc.tuple(fc.constant(shape), fc.constantFrom<(number[] | undefined)[]>(undefined, [0], [shape.length - 1])))
  .chain(([shape, axes]) => {
    const kept = axes ?? shape.map((_, i) => i).filter((i) => i !== 1);
    const paramShape = shape.filter((_, i) => !kept.includes(i));
    return fc.tuple(cases.input(shape), cases.input(paramShape), cases.input(paramShape), fc.constant(axes === undefined ? {} : { axes }));
  })
  .map(([x, gamma, beta, opts]) => ({
    inputs: [x, gamma, beta],
    run: ([xv, gv, bv]: Tensor[]) => fusedBatchNorm(xv!, gv!, bv!, opts),
    // y = γ·x̂ + β is rounded in x̂, in γ·x̂ and in the sum: the bound scales with |γ·x̂| + |β|.
    terms: 3,
    magnitude: ([xn, gn, bn]: NDArray[]) =>
      T.add(T.abs(fusedBatchNorm(tensor(xn!), tensor(T.abs(gn!)), null, opts).data), fusedBatchNorm(tensor(xn!), tensor(T.zerosLike(gn!)), tensor(T.abs(bn!)), opts).data),
  }));

primitive.describe("fusedBatchNorm", { numerics: arbNumerics }, () => {
  it("forward: hand values of the output and the statistics; gradient of Σ y", () => {
    const x = tensor([[1, 10], [3, 30]], { dtype: "float64", requiresGrad: true });
    const gamma = tensor([2, 1], { dtype: "float64", requiresGrad: true });
    const beta = tensor([0.5, -1], { dtype: "float64", requiresGrad: true });
    const r = fusedBatchNormWithStats(x, gamma, beta, { eps: 0 });
    assertClose(r.output, [[-1.5, -2], [2.5, 0]]);
    assertClose(r.mean, [2, 20]);
    assertClose(r.variance, [1, 100]);
    r.output.sum().backward();
    // Σ y does not depend on x (each column of x̂ sums to 0), nor on γ; ∂/∂β = N.
    assertClose(x.grad!, [[0, 0], [0, 0]], { atol: 1e-15 });
    assertClose(gamma.grad!, [0, 0], { atol: 1e-15 });
    assertClose(beta.grad!, [2, 2]);
  });

  test.prop([arbInputs], { numRuns: 25 })("random-direction vjp through x, gamma and beta (float64)", (k) => {
    expect(checkVjp((x, g, b) => fusedBatchNorm(x!, g!, b!), [k.x, k.gamma, k.beta], { raise: true }).ok).toBe(true);
  });

  test.prop([arbInputs], { numRuns: 100 })("forward and first-order gradients (float64)", (k) => {
    const c = firstOrder(batchNorm, k);
    const f = firstOrder(fusedBatchNorm, k);
    expect(maxRelDiff(f.y, c.y)).toBeLessThan(1e-12);
    expect(maxRelDiff(f.dx, c.dx)).toBeLessThan(1e-9);
    expect(maxRelDiff(f.dgamma, c.dgamma)).toBeLessThan(1e-10);
    expect(maxRelDiff(f.dbeta, c.dbeta)).toBeLessThan(1e-12);
  });

  test.prop([arbInputs], { numRuns: 40 })("Hessian-vector products agree (second order through x, gamma and beta)", (k) => {
    const generator = new Generator(7);
    const dirs = [k.x, k.gamma, k.beta].map((t) => tensor(randn(t.shape, { generator, dtype: "float64" })));
    const hvp = (op: BN): NDArray[] => {
      const x = tensor(k.x, { requiresGrad: true });
      const gamma = tensor(k.gamma, { requiresGrad: true });
      const beta = tensor(k.beta, { requiresGrad: true });
      const loss = sum(mul(op(x, gamma, beta), k.g));
      const first = grad(loss, [x, gamma, beta], { createGraph: true });
      let dot: Tensor | null = null;
      first.forEach((gi, i) => {
        const term = sum(mul(gi!, dirs[i]!));
        dot = dot ? dot.add(term) : term;
      });
      return grad(dot!, [x, gamma, beta], { allowUnused: true }).map((h, i) => h?.data ?? ndarray(new Float64Array([k.x, k.gamma, k.beta][i]!.size), { shape: [k.x, k.gamma, k.beta][i]!.shape }));
    };
    const composed = hvp(batchNorm);
    const fused = hvp(fusedBatchNorm);
    composed.forEach((h, i) => expect(maxRelDiff(fused[i]!, h)).toBeLessThan(1e-8));
  });

  it.each([[[5, 2]], [[2, 2, 3]], [[2, 2, 2, 2]]])("gradcheck and gradgradcheck pass for both, shape %j", (shape) => {
    const k = inputsFor(shape, 3);
    for (const op of [batchNorm, fusedBatchNorm]) {
      const fn = (x: Tensor, gm: Tensor, bt: Tensor) => op(x, gm, bt);
      expect(gradcheck(fn, [k.x, k.gamma, k.beta], { raise: true }).ok).toBe(true);
      expect(gradgradcheck(fn, [k.x, k.gamma, k.beta], { raise: true, atol: 1e-4, rtol: 1e-3 }).ok).toBe(true);
    }
  });

  it("custom axes (over N and L, or over N and C) agree too", () => {
    const k = inputsFor([4, 3, 5], 11, 2, 3);
    const gamma = tensor(randn([3], { seed: 12, dtype: "float64" }), { requiresGrad: true });
    const results = [batchNorm, fusedBatchNorm].map((op) => {
      const xv = tensor(k.x, { requiresGrad: true });
      const gv = tensor(gamma.data, { requiresGrad: true });
      const y = op(xv, gv, null, { axes: [0, 2] });
      y.backward(k.g);
      return [y.data, xv.grad!.data, gv.grad!.data];
    });
    results[0]!.forEach((t, i) => expect(maxRelDiff(results[1]![i]!, t)).toBeLessThan(1e-10));
    const l = tensor(k.x, { requiresGrad: true });
    const perL = [batchNorm, fusedBatchNorm].map((op) => op(l, tensor(randn([5], { seed: 13, dtype: "float64" })), null, { axes: [0, 1] }).data);
    expect(maxRelDiff(perL[1]!, perL[0]!)).toBeLessThan(1e-12);
  });

  it("fused statistics equal the composed ones", () => {
    const k = inputsFor([6, 4, 3], 5, 100, 2);
    const a = batchNormWithStats(tensor(k.x), k.gamma, k.beta);
    const b = fusedBatchNormWithStats(tensor(k.x), k.gamma, k.beta);
    expect(maxRelDiff(b.mean, a.mean)).toBeLessThan(1e-14);
    expect(maxRelDiff(b.variance, a.variance)).toBeLessThan(1e-12);
    expect(b.mean.shape).toEqual([4]);
  });
});

describe("numerics", () => {
  test.prop(
    [
      fc.record({
        shape: arbShapeNd,
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        offset: fc.double({ min: 1e4, max: 1e6, noNaN: true }),
        sign: fc.constantFrom(1, -1),
      }),
    ],
    { numRuns: 100 },
  )("float32 BN of data with offsets 1e4…1e6 and unit spread stays within the stated tolerance of float64", ({ shape, seed, offset, sign }) => {
    const k = inputsFor(shape, seed, sign * offset, 1);
    const x32 = tensor(k.x.astype("float32"));
    const x64 = x32.astype("float64"); // the same float32 values, computed in float64
    const g32 = k.gamma.astype("float32");
    const b32 = k.beta.astype("float32");
    const ref = batchNorm(x64, g32.astype("float64"), b32.astype("float64")).data;
    const scale = Math.max(maxAbs(ref), 1);
    // Fused: statistics in float64, so only the float32 rounding of x̂ and y remains.
    expect(maxAbsDiff(fusedBatchNorm(x32, g32, b32).data, ref) / scale).toBeLessThan(1e-5);
    // Composed: its mean is rounded to float32, an error of up to ulp(offset)/2 in every
    // centred value; the stated bound is 4·ulp(|offset|)/σ_min relative to the output scale.
    const ulp = 2 ** (Math.floor(Math.log2(offset)) - 23);
    const sigmaMin = Math.sqrt(Math.min(...Array.from(batchNormWithStats(x64, null, null).variance.toTypedArray())));
    expect(maxAbsDiff(batchNorm(x32, g32, b32).data, ref) / scale).toBeLessThan((4 * ulp) / Math.max(sigmaMin, 1e-3) + 1e-5);
  });

  it.each(["float32", "float64"] as const)("a constant channel yields beta, never NaN (%s)", (dtype) => {
    const x = ndarray([[0.1, 5], [0.1, 6], [0.1, 7]], { dtype });
    for (const op of [batchNorm, fusedBatchNorm]) {
      const xv = tensor(x, { requiresGrad: true });
      const y = op(xv, tensor([2, 1], { dtype }), tensor([0.25, 0], { dtype }));
      const col = (y.data.toArray() as number[][]).map((r) => r[0]!);
      for (const v of col) expect(Math.abs(v - 0.25)).toBeLessThan(1e-5);
      y.backward(ndarray([[1, 1], [2, 2], [3, 3]], { dtype }));
      for (const v of xv.grad!.data.toTypedArray()) expect(Number.isFinite(v)).toBe(true);
    }
  });

  test.prop([fc.record({ shape: arbShapeNd, seed: fc.nat(), offset: fc.double({ min: -1e6, max: 1e6, noNaN: true }) })], { numRuns: 100 })(
    "the batch variance is never negative (float32 and float64)",
    ({ shape, seed, offset }) => {
      const k = inputsFor(shape, seed, offset, 1e-3);
      for (const x of [tensor(k.x), tensor(k.x.astype("float32"))]) {
        for (const v of batchNormWithStats(x, null, null).variance.toTypedArray()) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of fusedBatchNormWithStats(x, null, null).variance.toTypedArray()) expect(v).toBeGreaterThanOrEqual(0);
      }
    },
  );
});

describe("inference form and errors", () => {
  it("batchNormInference uses the given statistics", () => {
    const y = batchNormInference(tensor([[2, 4]]), ndarray([1, 2]), ndarray([4, 1]), tensor([1, 3]), tensor([0, 1]), { eps: 0 });
    expect(y.data.toArray()).toEqual([[0.5, 7]]);
  });

  it("a gamma of the wrong shape is a ShapeError naming the op and both shapes", () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    for (const op of [batchNorm, fusedBatchNorm]) {
      expect(() => op(x, tensor([1, 1]), null)).toThrow(ShapeError);
      expect(() => op(x, tensor([1, 1]), null)).toThrow(/atchNorm: gamma has shape \[2\]; expected \[3\]/);
    }
  });

  it("a rank-1 input is rejected", () => {
    expect(() => batchNorm(tensor([1, 2, 3]), null, null)).toThrow(/rank ≥ 2/);
  });
});
