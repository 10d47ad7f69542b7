// The WebAssembly matmul against its oracle, the plain TypeScript kernel: random shapes
// with odd sizes around the micro-tile and block edges, batched and broadcast operands,
// transposed, stepped and reversed views, mixed dtypes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import type { DType, SliceRange, NDArray } from "@tsgrad/ndarray";
import { BUILDS, defaultBuild, useBuild, withTier } from "./kernel-tiers.js";

/** Sizes on both sides of the 4×8 micro-tile and of the 128-row block. */
const arbSide = fc.oneof(
  fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 129),
  fc.integer({ min: 1, max: 140 }),
);
/** Inner sizes, also on both sides of the 256-deep block. */
const arbInner = fc.oneof(arbSide, fc.constantFrom(255, 256, 257, 300, 513));

type Layout = "contiguous" | "transposed" | "stepped" | "reversed" | "offset";
const arbLayout = fc.constantFrom<Layout>("contiguous", "transposed", "stepped", "reversed", "offset");

/** Values of a given dtype from a seed: normal floats (or small integers), small integers for int32. */
function values(shape: number[], dtype: DType, seed: number, integers = false): NDArray {
  if (dtype === "int32") return T.randint(-5, 6, shape, { seed, dtype: "int32" });
  const x = T.randn(shape, { seed, dtype });
  return integers ? T.round(T.mul(x, 3)) : x;
}

/** A tensor of logical `shape` laid out as `layout` (a view over a larger or permuted storage). */
function operand(shape: number[], layout: Layout, dtype: DType, seed: number, integers: boolean): NDArray {
  const r = shape.length;
  const whole: SliceRange[] = new Array<SliceRange>(Math.max(0, r - 1)).fill(null);
  switch (layout) {
    case "contiguous":
      return values(shape, dtype, seed, integers);
    case "transposed": {
      if (r < 2) return values(shape, dtype, seed, integers);
      const swapped = [...shape.slice(0, -2), shape[r - 1]!, shape[r - 2]!];
      return T.transpose(values(swapped, dtype, seed, integers), -2, -1);
    }
    case "stepped": {
      const wide = [...shape.slice(0, -1), 2 * shape[r - 1]! + 1];
      return T.slice(values(wide, dtype, seed, integers), [...whole, [1, null, 2]]);
    }
    case "reversed":
      return T.slice(values(shape, dtype, seed, integers), [...whole, [null, null, -1]]);
    case "offset": {
      const tall = [shape[0]! + 3, ...shape.slice(1)];
      return T.slice(values(tall, dtype, seed, integers), [[3, null]]);
    }
  }
}

interface Case {
  a: NDArray;
  b: NDArray;
  label: string;
}

const arbDTypes = fc.constantFrom<[DType, DType]>(
  ["float32", "float32"],
  ["float64", "float64"],
  ["float32", "float64"],
  ["int32", "float32"],
  ["float64", "int32"],
);

/** Broadcastable batch shapes: a common batch of rank ≤ 2 with axes set to 1 or dropped per operand. */
const arbBatches = fc
  .array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 })
  .chain((batch) =>
    fc.tuple(
      fc.constant(batch),
      fc.array(fc.constantFrom("keep", "one"), { minLength: batch.length, maxLength: batch.length }),
      fc.array(fc.constantFrom("keep", "one"), { minLength: batch.length, maxLength: batch.length }),
      fc.integer({ min: 0, max: batch.length }),
    ),
  )
  .map(([batch, ka, kb, drop]) => [
    batch.map((d, i) => (ka[i] === "one" ? 1 : d)).slice(drop),
    batch.map((d, i) => (kb[i] === "one" ? 1 : d)),
  ]);

const arbCase = (integers: boolean): fc.Arbitrary<Case> => fc
  .record({
    m: arbSide,
    k: arbInner,
    n: arbSide,
    batches: arbBatches,
    vec: fc.constantFrom("none", "none", "none", "none", "left", "right"),
    layouts: fc.tuple(arbLayout, arbLayout),
    dtypes: arbDTypes,
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map(({ m, k, n, batches, vec, layouts, dtypes, seed }) => {
    let [ba, bb] = batches as [number[], number[]];
    // Keep the JS oracle quick: big products are checked unbatched.
    if (m * k * n > 200_000) [ba, bb] = [[], []];
    const sa = vec === "left" ? [k] : [...ba, m, k];
    const sb = vec === "right" ? [k] : [...bb, k, n];
    const a = operand(sa, layouts[0], dtypes[0], seed, integers);
    const b = operand(sb, layouts[1], dtypes[1], seed + 1, integers);
    return { a, b, label: `(${sa.join("×")} ${dtypes[0]} ${layouts[0]}) @ (${sb.join("×")} ${dtypes[1]} ${layouts[1]})` };
  });

/**
 * Asserts the WebAssembly product equals the JS one within rounding: each result differs
 * from the exact sum by at most about k·ε·Σ|a||b| (ε the unit roundoff of the dtype), so
 * two results differ by at most twice that.
 */
function expectWasmMatchesJs(a: NDArray, b: NDArray, label: string): void {
  const wasm = withTier("wasm-simd", () => T.matmul(a, b));
  const js = withTier("js", () => T.matmul(a, b));
  expect(wasm.dtype, label).toBe(js.dtype);
  expect([...wasm.shape], label).toEqual([...js.shape]);
  const k = a.shape[a.ndim - 1]!;
  const eps = wasm.dtype === "float32" ? 2 ** -24 : 2 ** -53;
  const magnitude = withTier("js", () => T.matmul(T.abs(a).astype("float64"), T.abs(b).astype("float64"))).toTypedArray();
  const w = wasm.toTypedArray();
  const j = js.toTypedArray();
  for (let i = 0; i < w.length; i++) {
    const tol = 2 * (k + 2) * eps * magnitude[i]! + 1e-300;
    if (!(Math.abs(w[i]! - j[i]!) <= tol)) {
      throw new Error(`${label}: element ${i} is ${w[i]} in WebAssembly and ${j[i]} in JS (tolerance ${tol})`);
    }
  }
}

describe.each(BUILDS)("matmul on the wasm-simd tier, %s build", (build) => {
  beforeAll(() => useBuild(build));
  afterAll(defaultBuild);

  it("loads here (Node has WebAssembly SIMD), so the properties below test the WebAssembly kernels", () => {
    expect(T.kernelTier()).toBe("wasm-simd");
  });

  test.prop([arbCase(false)], { numRuns: 120 })(
    "equals the TS kernel within rounding: odd sizes, batches, broadcasting, 1-D operands, strided views, mixed dtypes",
    ({ a, b, label }) => {
      expectWasmMatchesJs(a, b, label);
    },
  );

  test.prop([arbCase(true)], { numRuns: 40 })("equals the TS kernel exactly on small integers (every partial sum exact)", ({ a, b, label }) => {
    const wasm = withTier("wasm-simd", () => T.matmul(a, b));
    const js = withTier("js", () => T.matmul(a, b));
    expect(Array.from(wasm.toTypedArray()), label).toEqual(Array.from(js.toTypedArray()));
  });

  it.each([
    [60, 784, 100],
    [60, 100, 100],
    [784, 60, 100],
    [100, 60, 100],
    [300, 520, 130],
    [5, 40, 1030],
  ])("crosses the blocks on the MLP shapes and wider ones: (%i×%i)·(…×%i), also with transposed operands as the backward pass makes them", (m, k, n) => {
    for (const dtype of ["float32", "float64"] as const) {
      const a = values([m, k], dtype, m + k);
      const b = values([k, n], dtype, k + n);
      expectWasmMatchesJs(a, b, `${dtype} (${m}×${k})·(${k}×${n})`);
      const at = T.transpose(values([k, m], dtype, 7), 0, 1);
      const bt = T.transpose(values([n, k], dtype, 8), 0, 1);
      expectWasmMatchesJs(at, bt, `${dtype} transposed (${m}×${k})·(${k}×${n})`);
    }
  });

  it("leaves int32 products to the JS tier, exact", () => {
    const a = T.randint(-50, 50, [40, 70], { seed: 1, dtype: "int32" });
    const b = T.randint(-50, 50, [70, 30], { seed: 2, dtype: "int32" });
    const wasm = withTier("wasm-simd", () => T.matmul(a, b));
    const js = withTier("js", () => T.matmul(a, b));
    expect(wasm.dtype).toBe("int32");
    expect(Array.from(wasm.toTypedArray())).toEqual(Array.from(js.toTypedArray()));
  });

  it("propagates NaN and infinities like the TS kernel", () => {
    const a = T.ndarray([[1, NaN, 2, 3, 4], [Infinity, 1, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, -Infinity]]);
    const b = T.ones([5, 9]);
    const wasm = withTier("wasm-simd", () => T.matmul(a, b)).toArray();
    const js = withTier("js", () => T.matmul(a, b)).toArray();
    expect(wasm).toEqual(js);
  });

  it("reuses its memory: a small product after a large one is still right", () => {
    const big = T.randn([200, 300], { seed: 3 });
    const bigB = T.randn([300, 150], { seed: 4 });
    expectWasmMatchesJs(big, bigB, "large");
    const small = T.randn([3, 5], { seed: 5 });
    const smallB = T.randn([5, 2], { seed: 6 });
    expectWasmMatchesJs(small, smallB, "small after large");
  });
});
