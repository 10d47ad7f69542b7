// The WebAssembly BatchNorm passes against their oracle, the TypeScript kernels (the "js" tier):
// random (N, C) and (N, C, …) float32 inputs with channel counts around the 8-wide strips,
// offset and strided views, and values far from zero. With inner == 1 the two tiers do every
// float64 operation in the same order, so they agree to the bit; with inner > 1 the per-run
// sums are taken in another order, so they agree within float64 rounding before the float32 cast.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import type { NDArray } from "@tsgrad/ndarray";
import { withTier } from "./kernel-tiers.js";

/** Deterministic float32 values `center + spread · u`, u in [-1, 1). */
function filled(length: number, seed: number, center: number, spread: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = center + spread * (s / 2 ** 31 - 1);
  }
  return out;
}

const arbCase = fc.record({
  n: fc.oneof(fc.constantFrom(2, 3, 8), fc.integer({ min: 2, max: 40 })),
  c: fc.oneof(fc.constantFrom(1, 3, 4, 7, 8, 9, 15, 16, 17, 33), fc.integer({ min: 1, max: 70 })),
  inner: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 2 }),
  view: fc.constantFrom("contiguous", "offset", "transposed"),
  center: fc.constantFrom(0, 1, -3, 1000),
  spread: fc.constantFrom(1, 1e-3, 50),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

/** The input as the requested kind of view of the shape (n, c, ...inner). */
function input(n: number, c: number, inner: number[], view: string, seed: number, center: number, spread: number): NDArray {
  const shape = [n, c, ...inner];
  const size = shape.reduce((a, b) => a * b, 1);
  if (view === "offset") {
    const data = filled(size + 5, seed, center, spread);
    return T.ndarray(data).slice([[5, size + 5]]).reshape(shape);
  }
  if (view === "transposed") {
    // Built channel-last and permuted: a non-contiguous view of the same shape.
    const perm = [0, ...inner.map((_, i) => i + 2), 1];
    const stored = perm.map((p) => shape[p]!);
    const t = T.ndarray(filled(size, seed, center, spread), { shape: stored });
    const back = new Array<number>(shape.length);
    perm.forEach((p, i) => (back[p] = i));
    return t.permute(back);
  }
  return T.ndarray(filled(size, seed, center, spread), { shape });
}

function bits(t: NDArray): number[] {
  return Array.from(t.toTypedArray() as Float32Array);
}

function expectClose(label: string, wasm: ArrayLike<number>, js: ArrayLike<number>, exact: boolean): void {
  expect(wasm.length, label).toBe(js.length);
  for (let i = 0; i < js.length; i++) {
    const a = wasm[i]!;
    const b = js[i]!;
    if (exact ? Object.is(a, b) : Math.abs(a - b) <= 2 ** -22 * Math.max(1, Math.abs(b))) continue;
    throw new Error(`${label}[${i}]: WebAssembly ${a}, JS ${b}`);
  }
}

describe("BatchNorm kernels on the wasm-simd tier", () => {
  test.prop([arbCase], { numRuns: 80 })(
    "forward and backward equal the TypeScript kernels",
    ({ n, c, inner, view, center, spread, seed }) => {
      const x = input(n, c, inner, view, seed, center, spread);
      const dy = input(n, c, inner, view === "offset" ? "contiguous" : view, seed + 7, 0.5, 2);
      const gamma = T.ndarray(filled(c, seed + 1, 1, 0.5));
      const beta = T.ndarray(filled(c, seed + 2, 0, 2));
      const run = () => {
        const f = T.batchNormForward(x, gamma, beta, 1e-5);
        const b = T.batchNormBackward(x, dy, gamma, f.saved);
        return { f, b };
      };
      const js = withTier("js", run);
      const wasm = withTier("wasm-simd", run);
      const exact = inner.every((d) => d === 1) && inner.length === 0;
      expectClose("mean", wasm.f.saved.mean, js.f.saved.mean, exact);
      expectClose("variance", wasm.f.saved.variance, js.f.saved.variance, exact);
      expectClose("invStd", wasm.f.saved.invStd, js.f.saved.invStd, exact);
      expectClose("y", bits(wasm.f.y), bits(js.f.y), exact);
      expectClose("dx", bits(wasm.b.dx), bits(js.b.dx), exact);
      expectClose("dgamma", bits(wasm.b.dgamma), bits(js.b.dgamma), exact);
      expectClose("dbeta", bits(wasm.b.dbeta), bits(js.b.dbeta), exact);
    },
  );

  it("leaves float64 input to the TypeScript kernel, whatever the tier", () => {
    const x = T.ndarray([[1, 2], [3, 5]], { dtype: "float64" });
    const g = T.ones([2], { dtype: "float64" });
    const b = T.zeros([2], { dtype: "float64" });
    const js = withTier("js", () => T.batchNormForward(x, g, b, 0).y.toArray());
    const wasm = withTier("wasm-simd", () => T.batchNormForward(x, g, b, 0).y.toArray());
    expect(wasm).toEqual(js);
    expect(js).toEqual([[-1, -1], [1, 1]]);
  });
});
