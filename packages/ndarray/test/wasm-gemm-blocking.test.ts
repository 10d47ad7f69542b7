// The WebAssembly gemm cuts m, n and k into near-equal blocks (at most 128 rows, 512 columns,
// 256 steps; k = 784 runs as 4 × 196): products whose sides fall just around and between those
// sizes, against the plain TypeScript kernel, so that every block count, uneven last block and
// micro-tile edge inside a block is reached, in float32 and float64, with transposed operands.
import { afterAll, beforeAll, describe, expect } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import type { DType, NDArray } from "@tsgrad/ndarray";
import { BUILDS, defaultBuild, useBuild, withTier } from "./kernel-tiers.js";

/** A side near a multiple of `block` (one to three blocks), or anywhere up to three blocks. */
function arbNear(block: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -9, max: 9 })).map(([q, d]) => Math.max(1, q * block + d)),
    fc.integer({ min: 1, max: 3 * block }),
  );
}

const arbCase = fc
  .record({
    m: arbNear(128),
    n: arbNear(512),
    k: fc.oneof(arbNear(256), fc.constant(784)),
    dtype: fc.constantFrom<DType>("float32", "float64"),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  // Keep the JS oracle quick: shrink the side that is not being probed when the product is large.
  .map((c) => (c.m * c.n * c.k > 12_000_000 ? { ...c, m: 1 + (c.m % 37) } : c));

/** A (rows × cols) operand, laid out transposed (a view of its transpose) when asked. */
function operand(rows: number, cols: number, transposed: boolean, dtype: DType, seed: number): NDArray {
  if (!transposed) return T.randn([rows, cols], { seed, dtype });
  return T.transpose(T.randn([cols, rows], { seed, dtype }), 0, 1);
}

describe.each(BUILDS)("gemm blocking on the wasm-simd tier, %s build", (build) => {
  beforeAll(() => useBuild(build));
  afterAll(defaultBuild);

  test.prop([arbCase], { numRuns: 24 })(
    "equals the TS kernel within rounding for sides around and between the block sizes",
    ({ m, n, k, dtype, transposeA, transposeB, seed }) => {
      const a = operand(m, k, transposeA, dtype, seed);
      const b = operand(k, n, transposeB, dtype, seed + 1);
      const label = `${dtype} (${m}×${k}${transposeA ? "ᵀ" : ""})·(${k}×${n}${transposeB ? "ᵀ" : ""})`;
      const wasm = withTier("wasm-simd", () => T.matmul(a, b)).toTypedArray();
      const js = withTier("js", () => T.matmul(a, b)).toTypedArray();
      const magnitude = withTier("js", () => T.matmul(T.abs(a).astype("float64"), T.abs(b).astype("float64"))).toTypedArray();
      const eps = dtype === "float32" ? 2 ** -24 : 2 ** -53;
      expect(wasm.length, label).toBe(m * n);
      for (let i = 0; i < wasm.length; i++) {
        // Each result is within about k·ε·Σ|a||b| of the exact sum, so two differ by at most twice that.
        const tol = 2 * (k + 2) * eps * magnitude[i]! + 1e-300;
        if (!(Math.abs(wasm[i]! - js[i]!) <= tol)) {
          throw new Error(`${label}: element ${i} is ${wasm[i]} in WebAssembly and ${js[i]} in JS (tolerance ${tol})`);
        }
      }
    },
  );
});
