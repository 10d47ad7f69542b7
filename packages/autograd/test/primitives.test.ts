// The primitive table itself (every primitive is covered by a test block), then the
// reductions and matmul, one describe block each with the four kinds of test: forward
// against hand values, float64 gradcheck, a random-direction vjp property on random
// shapes and axes, and a second-order check. The elementwise primitives are in
// primitives-elementwise.test.ts, the shape and indexing ones in primitives-shape.test.ts.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { PRIMITIVES, type Tensor, grad, matmul, max, mean, min, mul, sum, tensor } from "@tsgrad/autograd";
import { arbAxes, arbBroadcastShapes, arbShape, arbTensor, assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";

const RAISE = { raise: true } as const;
const f64 = (data: T.NestedArray): Tensor => tensor(data, { dtype: "float64" });
const square = (v: Tensor): Tensor => mul(v, v);

const A = f64([
  [0.3, -1.2, 0.7],
  [1.5, -0.4, 2.2],
]);
const B = f64([
  [0.5, -1, 2, 0.1],
  [1.2, 0.4, -0.3, 0.8],
  [-0.7, 1.1, 0.6, -1.5],
]);
const X3 = tensor(T.randn([2, 3, 4], { seed: 21, dtype: "float64" }));

const SHAPES = { maxRank: 3, maxSize: 3 } as const;

/** Gradient of Σ f(x) at x. */
function gradOf(f: (x: Tensor) => Tensor, x: Tensor): T.NDArray {
  const v = tensor(x, { requiresGrad: true });
  return grad(sum(f(v)), v)[0]!.data;
}

// ----------------------------------------------------------------------------------------
// The table: every primitive has a test block (here or in the file its TSDoc names).

const TABLE_BLOCK = "the primitive table";
const testDir = dirname(fileURLToPath(import.meta.url));
const srcDir = join(testDir, "..", "src", "primitives");

/** Top-level `describe("<name>")` blocks of the primitives*.test.ts files: name → file. */
function primitiveBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const file of readdirSync(testDir).filter((f) => /^primitives.*\.test\.ts$/.test(f))) {
    for (const m of readFileSync(join(testDir, file), "utf8").matchAll(/^describe\("([^"]+)"/gm)) {
      const name = m[1]!;
      if (name === TABLE_BLOCK) continue;
      if (blocks.has(name)) throw new Error(`describe("${name}") appears in ${blocks.get(name)} and ${file}`);
      blocks.set(name, file);
    }
  }
  return blocks;
}

/** What each primitive's TSDoc says proves it: a block of a file, or a whole test file. */
function provenBy(): Map<string, { block?: string; file: string; source: string }> {
  const claims = new Map<string, { block?: string; file: string; source: string }>();
  for (const source of readdirSync(srcDir).filter((f) => f.endsWith(".ts"))) {
    // Join the doc comment's lines so a claim broken over two lines still reads as one.
    const text = readFileSync(join(srcDir, source), "utf8").replace(/\n\s*\*\s*/g, " ");
    // A file may hold several primitives (adjoint pairs share one): each primitive's claim is
    // the first one between its declaration and the next primitive's.
    const decls = [...text.matchAll(/^export const \w+Primitive\b[^=]*=\s*\{\s*name:\s*"(\w+)"/gm)];
    decls.forEach((m, i) => {
      const name = m[1]!;
      const part = text.slice(m.index, decls[i + 1]?.index ?? text.length);
      const block = /Proven by\s+the\s+`(\w+)`\s+block of\s+`([\w.-]+)`/.exec(part);
      const file = /Proven by\s+`([\w.-]+\.test\.ts)`/.exec(part);
      if (block) claims.set(name, { block: block[1]!, file: block[2]!, source });
      else if (file) claims.set(name, { file: file[1]!, source });
    });
  }
  return claims;
}

describe(TABLE_BLOCK, () => {
  const blocks = primitiveBlocks();
  const claims = provenBy();
  const keys = Object.keys(PRIMITIVES);

  it("every primitive is named by its key", () => {
    for (const k of keys) expect(PRIMITIVES[k]!.name).toBe(k);
  });

  it("the describe blocks of primitives*.test.ts name primitives, and only primitives", () => {
    const stale = [...blocks.keys()].filter((b) => !keys.includes(b));
    expect(stale, `blocks without a primitive in PRIMITIVES: ${stale.join(", ")}`).toEqual([]);
  });

  it("Object.keys(PRIMITIVES) is exactly the set covered by test blocks", () => {
    // A primitive is covered by a describe block here, or by the dedicated test file its TSDoc names.
    const covered = new Set(blocks.keys());
    for (const [name, claim] of claims) if (claim.block === undefined) covered.add(name);
    const missing = keys.filter((k) => !covered.has(k));
    expect(missing, `add a describe("<name>") block to a primitives*.test.ts file for: ${missing.join(", ")}`).toEqual([]);
    expect([...covered].filter((c) => !keys.includes(c))).toEqual([]);
  });

  it("each primitive's TSDoc names the file (and block) that proves it", () => {
    for (const k of keys) {
      const claim = claims.get(k);
      expect(claim, `the TSDoc of primitive "${k}" says nothing of the form "Proven by the \`${k}\` block of \`<file>\`"`).toBeDefined();
      if (claim!.block !== undefined) {
        expect(claim!.block, `${claim!.source} claims the block "${claim!.block}"`).toBe(k);
        expect(blocks.get(k), `${claim!.source} says the "${k}" block is in ${claim!.file}`).toBe(claim!.file);
      } else {
        const text = readFileSync(join(testDir, claim!.file), "utf8");
        expect(text.includes(k), `${claim!.file}, named by ${claim!.source}, never mentions "${k}"`).toBe(true);
      }
    }
  });
});

// ----------------------------------------------------------------------------------------
// Reductions: sum, mean, max, min.

/** A float64 Tensor with an axis spec for it and keepdims. */
const arbReduction = arbTensor(SHAPES).chain((x) => fc.tuple(fc.constant(x), arbAxes(x.ndim), fc.boolean()));

/** A shape with an axis spec and keepdims; values come from randn (no ties, by construction). */
const arbDistinctReduction = arbShape(SHAPES).chain((shape) =>
  fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constant(shape), arbAxes(shape.length), fc.boolean()),
);

describe("sum", () => {
  it("forward: hand values, axes, negative axes, keepdims", () => {
    assertClose(sum(A), 3.1);
    assertClose(sum(A, { axis: 0 }), [1.8, -1.6, 2.9]);
    assertClose(sum(A, { axis: -1, keepdims: true }), [[-0.2], [3.3]]);
    assertClose(sum(X3, { axis: [0, 2] }), T.sum(T.sum(X3.data, { axis: 2 }), { axis: 0 }));
  });

  it("gradcheck: the gradient is broadcast back", () => {
    expect(gradcheck((x) => sum(x!, { axis: 1 }), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => sum(x!, { axis: [-1, 0], keepdims: true }), [X3], RAISE).ok).toBe(true);
    expect(gradcheck((x) => sum(x!), [2.5], RAISE).ok).toBe(true);
    assertClose(gradOf((x) => sum(x, { axis: 0 }), A), T.onesLike(A.data));
  });

  test.prop([arbReduction], { numRuns: 50 })("random-direction vjp on random shapes and axes", ([x, axis, keepdims]) => {
    expect(checkVjp((v) => sum(v!, { axis, keepdims }), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(sum(x!, { axis: 1 })), [A], RAISE).ok).toBe(true);
  });
});

describe("mean", () => {
  it("forward: hand values, axes, keepdims", () => {
    assertClose(mean(f64([[1, 2], [3, 4]]), { axis: 1 }), [1.5, 3.5]);
    assertClose(mean(A), 3.1 / 6);
    assertClose(mean(A, { axis: [0], keepdims: true }), [[0.9, -0.8, 1.45]]);
  });

  it("gradcheck: 1/n per element", () => {
    expect(gradcheck((x) => mean(x!, { axis: 0 }), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => mean(x!, { axis: [0, 2] }), [X3], RAISE).ok).toBe(true);
    assertClose(gradOf((x) => mean(x), A), T.full([2, 3], 1 / 6, { dtype: "float64" }));
  });

  test.prop([arbReduction], { numRuns: 50 })("random-direction vjp on random shapes and axes", ([x, axis, keepdims]) => {
    expect(checkVjp((v) => mean(v!, { axis, keepdims }), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(mean(x!, { axis: -1 })), [A], RAISE).ok).toBe(true);
  });
});

describe("max", () => {
  it("forward: hand values; ties share the gradient equally", () => {
    assertClose(max(f64([[1, 5], [7, 2]]), { axis: 1 }), [5, 7]);
    assertClose(max(A), 2.2);
    assertClose(gradOf((x) => max(x, { axis: 1 }), f64([[1, 3, 3], [4, 0, 4]])), [
      [0, 0.5, 0.5],
      [0.5, 0, 0.5],
    ]);
    assertClose(gradOf((x) => max(x), f64([2, 2, 2, 1])), [1 / 3, 1 / 3, 1 / 3, 0]);
  });

  it("gradcheck away from ties", () => {
    expect(gradcheck((x) => max(x!, { axis: 0 }), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => max(x!, { axis: [1, 2], keepdims: true }), [X3], RAISE).ok).toBe(true);
  });

  test.prop([arbDistinctReduction], { numRuns: 50 })("random-direction vjp on random shapes and axes, distinct values", ([seed, shape, axis, keepdims]) => {
    const x = T.randn(shape, { seed, dtype: "float64" });
    expect(checkVjp((v) => max(v!, { axis, keepdims }), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(max(x!, { axis: 1 })), [A], RAISE).ok).toBe(true);
  });
});

describe("min", () => {
  it("forward: hand values; ties share the gradient equally", () => {
    assertClose(min(f64([[1, 5], [7, 2]]), { axis: 1 }), [1, 2]);
    assertClose(min(A), -1.2);
    assertClose(gradOf((x) => min(x, { axis: 0 }), f64([[1, 3], [1, 0]])), [
      [0.5, 0],
      [0.5, 1],
    ]);
  });

  it("gradcheck away from ties", () => {
    expect(gradcheck((x) => min(x!, { axis: 1 }), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => min(x!, { axis: -3 }), [X3], RAISE).ok).toBe(true);
  });

  test.prop([arbDistinctReduction], { numRuns: 50 })("random-direction vjp on random shapes and axes, distinct values", ([seed, shape, axis, keepdims]) => {
    const x = T.randn(shape, { seed, dtype: "float64" });
    expect(checkVjp((v) => min(v!, { axis, keepdims }), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(min(x!, { axis: 0 })), [A], RAISE).ok).toBe(true);
  });
});

// ----------------------------------------------------------------------------------------
// matmul

describe("matmul", () => {
  it("forward: hand values; vectors as rows and columns; batches broadcast", () => {
    assertClose(matmul(f64([[1, 2], [3, 4]]), f64([5, 6])), [17, 39]);
    assertClose(matmul(f64([5, 6]), f64([[1, 2], [3, 4]])), [23, 34]);
    assertClose(matmul(f64([1, 2, 3]), f64([4, 5, 6])), 32);
    assertClose(matmul(A, B), T.matmul(A.data, B.data));
    assertClose(matmul(f64([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]), f64([[1, 2], [3, 4]])), [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [2, 4],
        [6, 8],
      ],
    ]);
  });

  it("gradcheck per input: matrices, vectors, broadcast batches", () => {
    expect(gradcheck((a, b) => matmul(a!, b!), [A, B], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => matmul(a!, b!), [f64([0.5, -1, 2]), B], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => matmul(a!, b!), [A, f64([0.5, -1, 2])], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => matmul(a!, b!), [f64([0.5, -1, 2]), f64([1, 2, -3])], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => matmul(a!, b!), [X3, T.randn([4, 2], { seed: 1, dtype: "float64" })], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => matmul(a!, b!), [T.randn([3, 1, 2, 3], { seed: 2, dtype: "float64" }), T.randn([2, 3, 2], { seed: 3, dtype: "float64" })], RAISE).ok).toBe(true);
  });

  const arbMatmul = fc
    .tuple(
      arbBroadcastShapes(2, { maxRank: 2, maxSize: 2 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([[ba, bb], m, k, n, aVector, bVector]) => ({
      a: aVector ? [k] : [...ba, m, k],
      b: bVector ? [k] : [...bb, k, n],
    }));
  test.prop([arbMatmul, fc.integer({ min: 0, max: 1000 })], { numRuns: 50 })(
    "random-direction vjp on random shapes, batch broadcasting and vectors",
    ({ a, b }, seed) => {
      const xa = T.randn(a, { seed, dtype: "float64" });
      const xb = T.randn(b, { seed: seed + 1, dtype: "float64" });
      expect(checkVjp((p, q) => matmul(p!, q!), [xa, xb], RAISE).ok).toBe(true);
    },
  );

  it("second order: the cross terms of a bilinear map", () => {
    expect(gradgradcheck((a, b) => matmul(a!, b!), [A, B], RAISE).ok).toBe(true);
    expect(gradgradcheck((a, b) => square(matmul(a!, b!)), [A, B], RAISE).ok).toBe(true);
  });
});
