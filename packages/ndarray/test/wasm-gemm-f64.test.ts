// The float64 C += A·B fast path the convolution kernels offer to the tier switch, on the WebAssembly
// tier, against its JS twin gemmF64: blocks inside larger row-strided buffers, C accumulated onto.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { setKernelTier } from "@tsgrad/ndarray";
import { gemmF64 } from "../src/kernels/gemm-f64.js";
import { dispatch } from "../src/kernels/dispatch.js";
import { BUILDS, defaultBuild, useBuild } from "./kernel-tiers.js";

/** Deterministic values in [-1, 1) from a seed (a small LCG: the test needs variety, not quality). */
function filled(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const arbSide = fc.oneof(fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 64, 65, 129), fc.integer({ min: 1, max: 100 }));

const arbBlocks = fc.record({
  m: arbSide,
  n: arbSide,
  k: fc.oneof(arbSide, fc.constantFrom(255, 257, 300)),
  padA: fc.integer({ min: 0, max: 5 }),
  padB: fc.integer({ min: 0, max: 5 }),
  padC: fc.integer({ min: 0, max: 5 }),
  ao: fc.integer({ min: 0, max: 7 }),
  bo: fc.integer({ min: 0, max: 7 }),
  co: fc.integer({ min: 0, max: 7 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

describe.each(BUILDS)("dispatch.gemmF64, %s build", (build) => {
  beforeAll(() => useBuild(build));
  afterAll(defaultBuild);

  test.prop([arbBlocks], { numRuns: 60 })(
    "adds A·B into C like gemmF64 (within rounding), touching nothing outside C's block",
    ({ m, n, k, padA, padB, padC, ao, bo, co, seed }) => {
      const lda = k + padA;
      const ldb = n + padB;
      const ldc = n + padC;
      const a = filled(ao + m * lda, seed);
      const b = filled(bo + k * ldb, seed + 1);
      const c0 = filled(co + m * ldc + 3, seed + 2);
      const js = c0.slice();
      gemmF64(m, n, k, a, ao, lda, b, bo, ldb, js, co, ldc);
      const wasm = c0.slice();
      const previous = setKernelTier("wasm-simd");
      let ran: boolean;
      try {
        ran = dispatch.gemmF64(m, n, k, a, ao, lda, b, bo, ldb, wasm, co, ldc);
      } finally {
        setKernelTier(previous);
      }
      expect(ran, "the WebAssembly gemm ran").toBe(true);
      // Every |a|, |b| < 1 and |c| < 1, so each result is within (k + 2)·ε·(k + 1) of the exact one.
      const tol = 2 * (k + 2) * 2 ** -53 * (k + 1);
      for (let i = 0; i < c0.length; i++) {
        const r = i - co;
        const inside = r >= 0 && Math.floor(r / ldc) < m && r % ldc < n;
        if (!inside) expect(wasm[i], `element ${i} outside C`).toBe(c0[i]);
        else if (!(Math.abs(wasm[i]! - js[i]!) <= tol)) throw new Error(`element ${i}: WebAssembly ${wasm[i]}, JS ${js[i]}`);
      }
    },
  );

  it("declines on the JS tier, leaving C untouched for gemmF64 (bit for bit what the conv kernels then get)", () => {
    const a = filled(40 * 30, 1);
    const b = filled(30 * 20, 2);
    const js = filled(40 * 20, 3);
    const c0 = js.slice();
    const tiered = js.slice();
    gemmF64(40, 20, 30, a, 0, 30, b, 0, 20, js, 0, 20);
    const previous = setKernelTier("js");
    try {
      expect(dispatch.gemmF64(40, 20, 30, a, 0, 30, b, 0, 20, tiered, 0, 20)).toBe(false);
      expect(Array.from(tiered)).toEqual(Array.from(c0));
      // What a conv kernel does with the answer: gemmF64 when the fast path declines.
      if (!dispatch.gemmF64(40, 20, 30, a, 0, 30, b, 0, 20, tiered, 0, 20)) gemmF64(40, 20, 30, a, 0, 30, b, 0, 20, tiered, 0, 20);
    } finally {
      setKernelTier(previous);
    }
    expect(Array.from(tiered)).toEqual(Array.from(js));
  });
});
