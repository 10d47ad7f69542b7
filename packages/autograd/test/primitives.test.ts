// The primitive table itself — every primitive has one test block, with a numerics case,
// in the file its TSDoc names — then the reductions and matmul, one block each
// (primitive.describe) with the four kinds of test: forward against hand values, float64
// gradcheck, a random-direction vjp property on random shapes and axes, and a second-order
// check. The elementwise primitives are in primitives-elementwise.test.ts, the shape and
// indexing ones in primitives-shape.test.ts; conv2d.test.ts, pool.test.ts and
// batch-norm.test.ts hold the rest.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { PRIMITIVES, type Tensor, matmul, max, mean, min, mul, sum, tensor } from "@tsgrad/autograd";
import { arbAxes, arbBroadcastShapes, arbShape, arbTensor, assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";
import { cases, primitive } from "./primitive-block.js";
import { A, RAISE, SHAPES, f64, gradOf } from "./fixtures.js";

const square = (v: Tensor): Tensor => mul(v, v);

const B = f64([
  [0.5, -1, 2, 0.1],
  [1.2, 0.4, -0.3, 0.8],
  [-0.7, 1.1, 0.6, -1.5],
]);
const X3 = tensor(T.randn([2, 3, 4], { seed: 21, dtype: "float64" }));

// ----------------------------------------------------------------------------------------
// The table: every primitive has one block, primitive.describe("<name>", { numerics }, …),
// in the test file its TSDoc names.

const testDir = dirname(fileURLToPath(import.meta.url));
const srcDir = join(testDir, "..", "src", "primitives");

/** The `primitive.describe("<name>", …)` blocks of the test files: name → file, and the names declared with a numerics case. */
function primitiveBlocks(): { blocks: Map<string, string>; withNumerics: Set<string> } {
  const blocks = new Map<string, string>();
  const withNumerics = new Set<string>();
  for (const file of readdirSync(testDir).filter((f) => f.endsWith(".test.ts"))) {
    const text = readFileSync(join(testDir, file), "utf8");
    for (const m of text.matchAll(/^primitive\.describe\(\s*"([^"]+)"\s*,\s*(\{\s*numerics\s*:)?/gm)) {
      const name = m[1]!;
      if (blocks.has(name)) throw new Error(`primitive.describe("${name}") appears in ${blocks.get(name)} and ${file}`);
      blocks.set(name, file);
      if (m[2] !== undefined) withNumerics.add(name);
    }
  }
  return { blocks, withNumerics };
}

/** The primitives declared in src/primitives (`export const <x>Primitive … = { name: "<name>"`): name → source file. */
function declaredPrimitives(): Map<string, string> {
  const declared = new Map<string, string>();
  for (const source of readdirSync(srcDir).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(srcDir, source), "utf8");
    for (const m of text.matchAll(/^export const \w+Primitive\b[^=]*=\s*\{\s*name:\s*"(\w+)"/gm)) declared.set(m[1]!, source);
  }
  return declared;
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

describe("the primitive table", () => {
  const { blocks, withNumerics } = primitiveBlocks();
  const claims = provenBy();
  const keys = Object.keys(PRIMITIVES);

  it("every primitive is named by its key", () => {
    for (const k of keys) expect(PRIMITIVES[k]!.name).toBe(k);
  });

  it("every primitive declared in src/primitives is in the table (a line of primitives/index.ts)", () => {
    const missing = [...declaredPrimitives()].filter(([name]) => !keys.includes(name)).map(([name, source]) => `${name} (${source})`);
    expect(missing, `export these from src/primitives/index.ts: ${missing.join(", ")}`).toEqual([]);
  });

  it("the primitive.describe blocks name primitives, and only primitives", () => {
    const stale = [...blocks.keys()].filter((b) => !keys.includes(b));
    expect(stale, `blocks without a primitive in PRIMITIVES: ${stale.join(", ")}`).toEqual([]);
  });

  it("every primitive has exactly one block, and it declares a numerics case", () => {
    const missing = keys.filter((k) => !blocks.has(k));
    expect(missing, `add a primitive.describe("<name>", { numerics: … }, …) block for: ${missing.join(", ")}`).toEqual([]);
    const noNumerics = keys.filter((k) => blocks.has(k) && !withNumerics.has(k));
    expect(noNumerics, `these blocks open without { numerics: … }: ${noNumerics.join(", ")}`).toEqual([]);
  });

  it("each primitive's TSDoc names the file (and block) that proves it", () => {
    for (const k of keys) {
      const claim = claims.get(k);
      expect(claim, `the TSDoc of primitive "${k}" says nothing of the form "Proven by the \`${k}\` block of \`<file>\`"`).toBeDefined();
      if (claim!.block !== undefined) expect(claim!.block, `${claim!.source} claims the block "${claim!.block}"`).toBe(k);
      expect(blocks.get(k), `${claim!.source} says the "${k}" block is in ${claim!.file}`).toBe(claim!.file);
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

/**
 * The derivative tests every reduction has past its gradcheck: the random-direction vjp property
 * on random shapes, axes and keepdims (50 runs; on distinct values for max and min, whose
 * gradient jumps at ties), and second order through the square of the reduction along `axis`.
 */
function reductionChecks(f: (x: Tensor, opts: T.ReduceOptions) => Tensor, { axis, distinct = false }: { axis: number; distinct?: boolean }): void {
  const vjp = (x: Tensor | T.NDArray, opts: T.ReduceOptions): void => {
    expect(checkVjp((v) => f(v!, opts), [x], RAISE).ok).toBe(true);
  };
  if (distinct) {
    test.prop([arbDistinctReduction], { numRuns: 50 })("random-direction vjp on random shapes and axes, distinct values", ([seed, shape, axes, keepdims]) => {
      vjp(T.randn(shape, { seed, dtype: "float64" }), { axis: axes, keepdims });
    });
  } else {
    test.prop([arbReduction], { numRuns: 50 })("random-direction vjp on random shapes and axes", ([x, axes, keepdims]) => vjp(x, { axis: axes, keepdims }));
  }

  it("second order", () => {
    expect(gradgradcheck((x) => square(f(x!, { axis })), [A], RAISE).ok).toBe(true);
  });
}

primitive.describe("sum", { numerics: cases.reduction(sum) }, () => {
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

  reductionChecks(sum, { axis: 1 });
});

primitive.describe("mean", { numerics: cases.reduction(mean) }, () => {
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

  reductionChecks(mean, { axis: -1 });
});

primitive.describe("max", { numerics: cases.reduction(max) }, () => {
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

  reductionChecks(max, { axis: 1, distinct: true });
});

primitive.describe("min", { numerics: cases.reduction(min) }, () => {
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

  reductionChecks(min, { axis: 0, distinct: true });
});

// ----------------------------------------------------------------------------------------
// matmul

primitive.describe("matmul", {
  numerics: fc
    .record({ batch: fc.array(cases.side(3), { maxLength: 1 }), m: cases.side(5), k: cases.side(8), n: cases.side(5) })
    .chain(({ batch, m, k, n }) => fc.tuple(cases.input([...batch, m, k]), cases.input([k, n]), fc.constant(k)))
    .map(([a, b, k]) => ({ inputs: [a, b], run: ([x, y]) => matmul(x!, y!), terms: k, linear: true })),
}, () => {
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
