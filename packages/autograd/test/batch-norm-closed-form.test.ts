import { describe, expect } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { Generator, NDArray, ndarray } from "@tsgrad/ndarray";
import { Tensor, batchNorm, tensor } from "@tsgrad/autograd";
import { type Array64, PostBatchNormalization } from "./oracle/post-batch-norm.js";

/** One generated BatchNorm case: input, parameters and upstream gradient, all float64. */
interface Case {
  shape: number[];
  x: Float64Array;
  gamma: Float64Array;
  beta: Float64Array;
  g: Float64Array;
  eps: number;
}

function fill(n: number, gen: Generator, f: (z: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(gen.normal());
  return out;
}

/** Cases with offsets up to ±1e4 and scales 1e-3 … 1e3, as the issue asks. */
function arbCase(shapes: fc.Arbitrary<number[]>): fc.Arbitrary<Case> {
  return fc
    .record({
      shape: shapes,
      offset: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      logScale: fc.double({ min: -3, max: 3, noNaN: true }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      eps: fc.constantFrom(1e-5, 1e-8),
    })
    .map(({ shape, offset, logScale, seed, eps }) => {
      const gen = new Generator(seed);
      const size = shape.reduce((a, b) => a * b, 1);
      const c = shape[1]!;
      const scale = 10 ** logScale;
      return {
        shape,
        x: fill(size, gen, (z) => offset + scale * z),
        gamma: fill(c, gen, (z) => z),
        beta: fill(c, gen, (z) => 3 * z),
        g: fill(size, gen, (z) => z),
        eps,
      };
    });
}

const shape2d = fc.tuple(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 32 })).map(([n, d]) => [n, d]);
const shape3d = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }))
  .filter(([n, , l]) => n * l >= 2)
  .map(([n, c, l]) => [n, c, l]);
const shape4d = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .filter(([n, , h, w]) => n * h * w >= 2)
  .map(([n, c, h, w]) => [n, c, h, w]);

/** The post's class on a case; 3-D (N, C, L) goes through its 4-D path as (N, C, L, 1). */
function closedForm(k: Case): { y: Float64Array; dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const bn = new PostBatchNormalization(k.gamma, k.beta, 0.9, null, null, k.eps);
  const asPost = (data: Float64Array): Array64 => ({ data, shape: k.shape.length === 3 ? [...k.shape, 1] : k.shape.slice() });
  const y = bn.forward(asPost(k.x), true);
  const dx = bn.backward(asPost(k.g));
  return { y: y.data, dx: dx.data, dgamma: bn.dgamma!, dbeta: bn.dbeta! };
}

function autograd(k: Case, op = batchNorm): { y: Float64Array; dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const x = tensor(ndarray(k.x, { shape: k.shape }), { requiresGrad: true });
  const gamma = tensor(k.gamma, { requiresGrad: true });
  const beta = tensor(k.beta, { requiresGrad: true });
  const y = op(x, gamma, beta, { eps: k.eps });
  y.backward(ndarray(k.g, { shape: k.shape }));
  const f = (v: Tensor | NDArray | null): Float64Array => {
    const t = v instanceof Tensor ? v.data : v!;
    return t.toTypedArray() as Float64Array;
  };
  return { y: f(y), dx: f(x.grad), dgamma: f(gamma.grad), dbeta: f(beta.grad) };
}

/**
 * Largest |a − b| relative to `scale`, the magnitude of the terms the result is made
 * of. For dx the terms a2, a7 and a8/N of the post cancel (with N = 2, dx is almost
 * zero whatever x is), so the honest yardstick is the size of those terms, |γ|·|g|/σ,
 * not the size of their small difference.
 */
function relErr(a: Float64Array, b: Float64Array, scale: number): number {
  let num = 0;
  for (let i = 0; i < b.length; i++) num = Math.max(num, Math.abs(a[i]! - b[i]!));
  return scale === 0 ? num : num / scale;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

const RTOL = 1e-9;

function expectMatchesClosedForm(k: Case, op = batchNorm): void {
  const auto = autograd(k, op);
  const closed = closedForm(k);
  const bn = new PostBatchNormalization(k.gamma, k.beta, 0.9, null, null, k.eps);
  bn.forward({ data: k.x, shape: k.shape.length === 3 ? [...k.shape, 1] : k.shape.slice() });
  const std = bn.std!;
  const termScale = maxAbs(k.gamma.map((gm, j) => Math.abs(gm) / std[j]!)) * maxAbs(k.g);
  const n = k.x.length / k.gamma.length;
  const xHatAbsMax = maxAbs(bn.xStd!);
  expect(relErr(auto.y, closed.y, maxAbs(closed.y))).toBeLessThanOrEqual(RTOL);
  expect(relErr(auto.dx, closed.dx, termScale)).toBeLessThanOrEqual(RTOL);
  expect(relErr(auto.dgamma, closed.dgamma, n * maxAbs(k.g) * xHatAbsMax)).toBeLessThanOrEqual(RTOL);
  expect(relErr(auto.dbeta, closed.dbeta, n * maxAbs(k.g))).toBeLessThanOrEqual(RTOL);
}

describe("composed batchNorm equals the post's closed-form backward (float64)", () => {
  test.prop([arbCase(shape2d)], { numRuns: 500 })("2-D (N, D): y, dx, dgamma, dbeta", (k) => expectMatchesClosedForm(k));
  test.prop([arbCase(shape3d)], { numRuns: 200 })("3-D (N, C, L): y, dx, dgamma, dbeta", (k) => expectMatchesClosedForm(k));
  test.prop([arbCase(shape4d)], { numRuns: 200 })("4-D NCHW: y, dx, dgamma, dbeta", (k) => expectMatchesClosedForm(k));
});

describe("composed batchNorm output statistics", () => {
  test.prop([arbCase(fc.oneof(shape2d, shape3d, shape4d))], { numRuns: 200 })(
    "per-feature mean ≈ beta and population std ≈ |gamma|·sqrt(var/(var+eps))",
    (k) => {
      const y = autograd(k).y;
      const c = k.shape[1]!;
      const perChannel = (data: Float64Array, j: number): number[] => {
        const out: number[] = [];
        const inner = k.shape.slice(2).reduce((a, b) => a * b, 1);
        for (let i = 0; i < k.shape[0]!; i++) for (let r = 0; r < inner; r++) out.push(data[(i * c + j) * inner + r]!);
        return out;
      };
      for (let j = 0; j < c; j++) {
        const xs = perChannel(k.x, j);
        const ys = perChannel(y, j);
        const m = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
        const mx = m(xs);
        const varX = m(xs.map((v) => (v - mx) ** 2));
        const my = m(ys);
        const stdY = Math.sqrt(m(ys.map((v) => (v - my) ** 2)));
        const gammaAbs = Math.abs(k.gamma[j]!);
        const scaleRef = Math.max(gammaAbs, Math.abs(k.beta[j]!), 1e-300);
        expect(Math.abs(my - k.beta[j]!)).toBeLessThanOrEqual(1e-6 * scaleRef);
        const expected = gammaAbs * Math.sqrt(varX / (varX + k.eps));
        expect(Math.abs(stdY - expected)).toBeLessThanOrEqual(1e-6 * scaleRef);
      }
    },
  );
});
