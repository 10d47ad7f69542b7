import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { DTypeError, type DType, ShapeError, type SliceRange, type NDArray, ValueError, contiguous, ndarray } from "@tsgrad/ndarray";
import { arbBroadcastShapes, arbDType, arbShape, arbTensorOfShape, arbTensor, maxSideFor } from "./arbitraries.js";
import { expectError, expectSameTensor, expectTensor, fmt } from "./assert.js";
import * as R from "./reference.js";
import { type Ref, build, promote, pySlice, read, storeAll, sumOf } from "./reference.js";

// ---------------------------------------------------------------------------------------
// matmul

/** Operand shapes for matmul: 1-D or (batch…, rows, cols) with broadcastable batches. */
const arbMatmulShapes: fc.Arbitrary<[number[], number[]]> = fc
  .record({
    m: fc.integer({ min: 0, max: 5 }),
    k: fc.integer({ min: 0, max: 5 }),
    n: fc.integer({ min: 0, max: 5 }),
    aVec: fc.boolean(),
    bVec: fc.boolean(),
    batches: arbBroadcastShapes(2, { maxRank: 2, maxSide: 3 }),
  })
  .map(({ m, k, n, aVec, bVec, batches: [ba, bb] }) => [aVec ? [k] : [...ba!, m, k], bVec ? [k] : [...bb!, k, n]]);

const arbMatmulPair = (dtype?: DType): fc.Arbitrary<NDArray[]> =>
  arbMatmulShapes.chain(([sa, sb]) =>
    fc.tuple(arbTensorOfShape(sa, { dtype: dtype ?? arbDType, kind: "nice" }), arbTensorOfShape(sb, { dtype: dtype ?? arbDType, kind: "nice" })),
  );

/** Plain triple loop over row-major arrays (fast enough for the large cases). */
function naiveGemm(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
    c[i * n + j] = s;
  }
  return c;
}

describe("matmul", () => {
  test.prop([arbMatmulPair()], { numRuns: 150 })(
    "matches the reference: 1-D operands, 2-D, batched with broadcast batch axes, empty sizes, any layout and dtype",
    ([a, b]) => {
      const dtype = promote(a!.dtype, b!.dtype);
      // Quarter values: every product and partial sum is exact, so the order of accumulation cannot matter.
      expectTensor(T.matmul(a!, b!), storeAll(dtype, R.matmul(read(a!), read(b!))), { dtype });
    },
  );

  test.prop([arbMatmulPair()], { numRuns: 50 })("strided operands give the same product as contiguous copies", ([a, b]) => {
    expectSameTensor(T.matmul(a!, b!), T.matmul(contiguous(a!), contiguous(b!)));
  });

  const big: [number, number, number][] = [
    [130, 257, 3],
    [3, 130, 257],
    [2, 131, 260],
  ];
  it.each(big)("crosses the internal block sizes: (%i × %i) @ (… × %i), also with a transposed right operand", (m, k, n) => {
    const g = new T.Generator(m * 1000 + k);
    const a = T.randint(-3, 4, [m, k], { generator: g, dtype: "float32" });
    const b = T.randint(-3, 4, [k, n], { generator: g, dtype: "float32" });
    const want = naiveGemm(a.toTypedArray(), b.toTypedArray(), m, k, n);
    const c = T.matmul(a, b);
    expect(c.shape).toEqual([m, n]);
    expect(Array.from(c.toTypedArray())).toEqual(want);
    const bt = T.contiguous(b.transpose()).transpose();
    expect(bt.isContiguous).toBe(false);
    expect(Array.from(T.matmul(a, bt).toTypedArray())).toEqual(want);
    const a64 = a.astype("float64");
    expect(Array.from(T.matmul(a64, b).toTypedArray())).toEqual(want);
  });

  test.prop(
    [
      fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([p, q, r, s]) =>
        fc.tuple(
          arbTensorOfShape([p, q], { dtype: "float64", kind: "general" }),
          arbTensorOfShape([q, r], { dtype: "float64", kind: "general" }),
          arbTensorOfShape([r, s], { dtype: "float64", kind: "general" }),
        ),
      ),
    ],
    { numRuns: 100 },
  )("is associative within float tolerance in float64", ([a, b, c]) => {
    const lhs = read(T.matmul(T.matmul(a, b), c));
    const rhs = read(T.matmul(a, T.matmul(b, c)));
    // Error bound from |A||B||C|: each entry is a sum of products whose magnitudes it bounds.
    const bound = read(T.matmul(T.matmul(T.abs(a), T.abs(b)), T.abs(c)));
    expect(lhs.shape).toEqual(rhs.shape);
    lhs.data.forEach((v, i) => expect(Math.abs(v - rhs.data[i]!)).toBeLessThanOrEqual(1e-13 * bound.data[i]! + 1e-300));
  });

  test.prop([arbTensor({ minRank: 2, maxRank: 4, kind: "special" })], { numRuns: 50 })("A @ I == A", (a) => {
    const n = a.shape[a.ndim - 1]!;
    const out = T.matmul(a, T.eye(n, n, { dtype: a.dtype }));
    expectTensor(out, storeAll(a.dtype, R.matmul(read(a), read(T.eye(n, n, { dtype: a.dtype })))), { dtype: a.dtype });
  });

  it("1-D @ 1-D is a dot product, 0-d", () => {
    const d = T.matmul(ndarray([1, 2, 3]), ndarray([4, 5, 6]));
    expect(d.shape).toEqual([]);
    expect(d.item()).toBe(32);
    expect(T.matmul(T.ones([2, 1, 3, 4]), T.ones([5, 4, 2])).shape).toEqual([2, 5, 3, 2]);
    expect(T.matmul(T.ones([4]), T.ones([2, 4, 3])).shape).toEqual([2, 3]);
    expect(T.matmul(T.ones([2, 3, 4]), T.ones([4])).shape).toEqual([2, 3]);
  });

  it("errors name the op and both shapes", () => {
    expectError(() => T.matmul(T.zeros([2, 3]), T.zeros([4, 5])), ShapeError, "matmul", "[2, 3]", "[4, 5]", "3 ≠ 4");
    expectError(() => T.matmul(T.zeros([3]), T.zeros([4])), ShapeError, "matmul", "[3]", "[4]");
    expectError(() => T.matmul(ndarray(1), T.zeros([4])), ShapeError, "matmul", "[]", "[4]");
    expectError(() => T.matmul(T.zeros([2, 2, 3]), T.zeros([3, 3, 4])), ShapeError, "matmul", "[2]", "[3]");
  });
});

// ---------------------------------------------------------------------------------------
// joining

describe("concat and stack", () => {
  const arbConcat = fc
    .record({
      base: arbShape({ minRank: 1, maxRank: 3 }),
      axisSeed: fc.nat(),
      sizes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
      negative: fc.boolean(),
    })
    .chain(({ base, axisSeed, sizes, negative }) => {
      const axis = axisSeed % base.length;
      const shapes = sizes.map((d) => base.map((b, i) => (i === axis ? d : b)));
      return fc.tuple(fc.tuple(...shapes.map((s) => arbTensorOfShape(s))), fc.constant(negative ? axis - base.length : axis), fc.constant(axis));
    });

  test.prop([arbConcat], { numRuns: 100 })("concat joins along an axis and promotes dtypes", ([xs, given, axis]) => {
    const dtype = xs.map((x) => x.dtype).reduce(promote);
    expectTensor(T.concat(xs, given), storeAll(dtype, R.concat(xs.map(read), axis)), { dtype });
  });

  test.prop(
    [
      arbShape({ maxRank: 3 }).chain((shape) =>
        fc.tuple(
          fc.array(arbTensorOfShape(shape), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: -shape.length - 1, max: shape.length }),
        ),
      ),
    ],
    { numRuns: 100 },
  )("stack joins along a new axis", ([xs, given]) => {
    const r = xs[0]!.ndim;
    const axis = given < 0 ? given + r + 1 : given;
    const dtype = xs.map((x) => x.dtype).reduce(promote);
    const refs = xs.map(read);
    const shape = xs[0]!.shape.slice();
    shape.splice(axis, 0, xs.length);
    const expected = build(shape, (idx) => R.at(refs[idx[axis]!]!, idx.filter((_, i) => i !== axis)));
    expectTensor(T.stack(xs, given), storeAll(dtype, expected), { dtype });
  });

  it("errors", () => {
    expectError(() => T.concat([T.zeros([2, 3]), T.zeros([3, 3])], 1), ShapeError, "concat", "[2, 3]", "[3, 3]", "axis 1");
    expectError(() => T.concat([T.zeros([2, 3]), T.zeros([3])]), ShapeError, "concat", "[3]");
    expectError(() => T.concat([]), ValueError, "concat");
    expectError(() => T.concat([T.zeros([2])], 1), T.AxisError, "concat", "axis 1");
    expectError(() => T.stack([T.zeros([2]), T.zeros([3])]), ShapeError, "stack", "[2]", "[3]");
    expectError(() => T.stack([T.zeros([2])], 2), T.AxisError, "stack", "axis 2");
  });
});

// ---------------------------------------------------------------------------------------
// gather / scatterAdd / indexSelect / indexAdd / oneHot / sliceScatter

/** An int32 tensor of `shape` with values in [0, n), in any layout. */
const arbIndex = (shape: readonly number[], n: number): fc.Arbitrary<NDArray> =>
  fc
    .tuple(arbTensorOfShape(shape, { dtype: "int32", kind: "pow2" }), fc.array(fc.nat({ max: Math.max(0, n - 1) }), { minLength: R.sizeOf(shape), maxLength: R.sizeOf(shape) }))
    .map(([layoutDonor, values]) => {
      // Re-fill the donor's view (keeping its layout) with indices in range.
      let k = 0;
      for (const idx of R.indexTuples(shape)) {
        const p = idx.reduce((s, v, i) => s + v * layoutDonor.strides[i]!, layoutDonor.offset);
        layoutDonor.storage[p] = values[k++]!;
      }
      return layoutDonor;
    });

/** (x shape, axis, index shape): same rank, index sizes ≤ x's off the axis, any size on it. */
const arbGatherShapes = arbShape({ minRank: 1, maxRank: 3 }).chain((xs) =>
  fc.nat({ max: xs.length - 1 }).chain((axis) =>
    fc
      .tuple(...xs.map((d, i) => (i === axis ? fc.integer({ min: 0, max: 4 }) : fc.integer({ min: 0, max: d }))))
      .map((is) => [xs, axis, is.slice()] as [number[], number, number[]]),
  ),
);

describe("gather and scatterAdd", () => {
  const arbGather = arbGatherShapes
    .filter(([xs, axis, is]) => xs[axis]! > 0 || R.sizeOf(is) === 0)
    .chain(([xs, axis, is]) => fc.tuple(arbTensorOfShape(xs), fc.constant(axis), arbIndex(is, xs[axis]!)));

  test.prop([arbGather], { numRuns: 100 })("gather takes x[…, index[…], …] along the axis (strided x and index too)", ([x, axis, index]) => {
    expectTensor(T.gather(x, axis, index), R.gather(read(x), axis, read(index)), { dtype: x.dtype });
  });

  const arbScatter = arbGatherShapes
    .filter(([xs, axis, is]) => xs[axis]! > 0 || R.sizeOf(is) === 0)
    .chain(([xs, axis, is]) => fc.tuple(fc.constant(xs), fc.constant(axis), arbIndex(is, xs[axis]!), arbTensorOfShape(is, { kind: "nice" })));

  test.prop([arbScatter], { numRuns: 100 })("scatterAdd adds src at the indexed positions; repeats accumulate", ([shape, axis, index, src]) => {
    expectTensor(T.scatterAdd(shape, axis, index, src), storeAll(src.dtype, R.scatterAdd(shape, axis, read(index), read(src))), { dtype: src.dtype });
  });

  test.prop([arbScatter.chain(([shape, axis, index, src]) => fc.tuple(fc.constant(axis), fc.constant(index), arbTensorOfShape(shape, { dtype: "float64", kind: "nice" }), fc.constant(src.astype("float64"))))], {
    numRuns: 100,
  })("scatterAdd is the adjoint of gather: <gather(x), s> == <x, scatterAdd(s)>", ([axis, index, x, s]) => {
    const lhs = T.sum(T.mul(T.gather(x, axis, index), s)).item();
    const rhs = T.sum(T.mul(x, T.scatterAdd(x.shape, axis, index, s))).item();
    expect(lhs).toBe(rhs);
  });

  it("errors name the op", () => {
    const x = T.zeros([2, 3]);
    expectError(() => T.gather(x, 1, T.zeros([2, 1])), DTypeError, "gather", "int32", "float32");
    expectError(() => T.gather(x, 1, ndarray([[3]], { dtype: "int32" })), ValueError, "gather", "index 3", "size 3");
    expectError(() => T.gather(x, 1, ndarray([0], { dtype: "int32" })), ShapeError, "gather", "[1]", "[2, 3]");
    expectError(() => T.gather(x, 1, T.zeros([3, 1], { dtype: "int32" })), ShapeError, "gather", "[3, 1]", "[2, 3]");
    expectError(() => T.gather(x, 2, T.zeros([2, 1], { dtype: "int32" })), T.AxisError, "gather", "axis 2");
    expectError(() => T.scatterAdd([2, 3], 1, T.zeros([2, 1]), T.zeros([2, 1])), DTypeError, "scatterAdd", "float32");
    expectError(() => T.scatterAdd([2, 3], 1, T.zeros([2, 1], { dtype: "int32" }), T.zeros([2, 2])), ShapeError, "scatterAdd", "[2, 2]", "[2, 1]");
    expectError(() => T.scatterAdd([2, 2], 0, T.zeros([1, 3], { dtype: "int32" }), T.zeros([1, 3])), ShapeError, "scatterAdd", "[1, 3]", "[2, 2]");
    expectError(() => T.scatterAdd([2, 2], 0, T.zeros([3], { dtype: "int32" }), T.zeros([3])), ShapeError, "scatterAdd", "[3]", "[2, 2]");
    expectError(() => T.scatterAdd([2, 2], 0, ndarray([[2, 0]], { dtype: "int32" }), T.zeros([1, 2])), ValueError, "scatterAdd", "index 2");
    expectError(() => T.scatterAdd([2, -2], 0, T.zeros([1, 1], { dtype: "int32" }), T.zeros([1, 1])), ValueError, "scatterAdd", "-2");
  });
});

describe("indexSelect and indexAdd", () => {
  const arbSelect = arbShape({ minRank: 1, maxRank: 3 }).chain((shape) =>
    fc.nat({ max: shape.length - 1 }).chain((axis) =>
      fc.tuple(
        arbTensorOfShape(shape),
        fc.constant(axis),
        shape[axis] === 0 ? fc.constant<number[]>([]) : fc.array(fc.nat({ max: shape[axis]! - 1 }), { maxLength: maxSideFor(1) }),
      ),
    ),
  );

  test.prop([arbSelect, fc.boolean()], { numRuns: 100 })("indexSelect picks slices along the axis (negative indices count from the end)", ([x, axis, idx], negative) => {
    const n = x.shape[axis]!;
    const given = negative ? idx.map((i) => i - n) : idx;
    expectTensor(T.indexSelect(x, axis, ndarray(given, { dtype: "int32" })), R.indexSelect(read(x), axis, idx), { dtype: x.dtype });
  });

  const arbAdd = arbShape({ minRank: 1, maxRank: 3 })
    .filter((s) => s.every((d) => d > 0))
    .chain((shape) =>
      fc.nat({ max: shape.length - 1 }).chain((axis) =>
        fc.array(fc.nat({ max: shape[axis]! - 1 }), { maxLength: 5 }).chain((idx) =>
          fc.tuple(
            fc.constant(shape),
            fc.constant(axis),
            fc.constant(idx),
            arbTensorOfShape(
              shape.map((d, i) => (i === axis ? idx.length : d)),
              { kind: "nice" },
            ),
          ),
        ),
      ),
    );

  test.prop([arbAdd], { numRuns: 100 })("indexAdd adds slice i of src at index[i]; repeats accumulate", ([shape, axis, idx, src]) => {
    const out = T.indexAdd(shape, axis, ndarray(idx, { dtype: "int32" }), src);
    expectTensor(out, storeAll(src.dtype, R.indexAdd(shape, axis, idx, read(src))), { dtype: src.dtype });
  });

  test.prop([arbAdd.chain(([shape, axis, idx, src]) => fc.tuple(fc.constant(axis), fc.constant(idx), arbTensorOfShape(shape, { dtype: "float64", kind: "nice" }), fc.constant(src.astype("float64"))))], {
    numRuns: 100,
  })("indexAdd is the adjoint of indexSelect", ([axis, idx, x, s]) => {
    const index = ndarray(idx, { dtype: "int32" });
    const lhs = T.sum(T.mul(T.indexSelect(x, axis, index), s)).item();
    const rhs = T.sum(T.mul(x, T.indexAdd(x.shape, axis, index, s))).item();
    expect(lhs).toBe(rhs);
  });

  it("errors name the op and shapes", () => {
    const i = ndarray([0, 1], { dtype: "int32" });
    expectError(() => T.indexSelect(T.zeros([2, 3]), 0, ndarray([0, 1])), DTypeError, "indexSelect", "float32");
    expectError(() => T.indexSelect(T.zeros([2, 3]), 0, T.zeros([1, 1], { dtype: "int32" })), ShapeError, "indexSelect", "[1, 1]");
    expectError(() => T.indexSelect(T.zeros([2, 3]), 1, ndarray([3], { dtype: "int32" })), ValueError, "indexSelect", "index 3", "size 3");
    expectError(() => T.indexAdd([2, 3], 0, i, T.zeros([2, 2])), ShapeError, "indexAdd", "[2, 2]", "[2, 3]");
    expectError(() => T.indexAdd([2, 3], 0, i, T.zeros([3, 3])), ShapeError, "indexAdd", "[3, 3]");
    expectError(() => T.indexAdd([2, 3], 0, T.zeros([2, 1], { dtype: "int32" }), T.zeros([2, 3])), ShapeError, "indexAdd", "[2, 1]");
    expectError(() => T.indexAdd([2, 3], 0, ndarray([0, 5], { dtype: "int32" }), T.zeros([2, 3])), ValueError, "indexAdd", "index 5");
  });
});

describe("oneHot and sliceScatter", () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }).chain((c) =>
        fc.tuple(
          arbShape({ maxRank: 3 }).chain((s) => arbIndex(s, c)),
          fc.constant(c),
          fc.constantFrom<DType | undefined>(undefined, "float32", "float64", "int32"),
        ),
      ),
    ],
    { numRuns: 100 },
  )("oneHot adds a last axis with a 1 at each class", ([idx, c, dtype]) => {
    const out = dtype === undefined ? T.oneHot(idx, c) : T.oneHot(idx, c, dtype);
    const ref = read(idx);
    expectTensor(out, build([...idx.shape, c], (i) => (R.at(ref, i.slice(0, -1)) === i[i.length - 1] ? 1 : 0)), { dtype: dtype ?? "float32" });
  });

  it("oneHot errors", () => {
    expectError(() => T.oneHot(ndarray([0, 3], { dtype: "int32" }), 3), ValueError, "oneHot", "3", "[0, 3)");
    expectError(() => T.oneHot(ndarray([0]), 3), DTypeError, "oneHot", "float32");
    expectError(() => T.oneHot(ndarray([0], { dtype: "int32" }), 0), ValueError, "oneHot", "numClasses");
  });

  const arbScatterSlice = arbShape({ minRank: 1, maxRank: 3 }).chain((shape) =>
    fc
      .tuple(
        ...shape.map((n) =>
          fc.tuple(fc.option(fc.integer({ min: -n - 1, max: n + 1 }), { nil: null }), fc.option(fc.integer({ min: -n - 1, max: n + 1 }), { nil: null }), fc.constantFrom(-2, -1, 1, 2)),
        ),
      )
      .chain((ranges) => {
        const sel = shape.map((n, i) => pySlice(n, ranges[i]![0], ranges[i]![1], ranges[i]![2]));
        return fc.tuple(fc.constant(shape), fc.constant(ranges as SliceRange[]), fc.constant(sel), arbTensorOfShape(sel.map((s) => s.length)));
      }),
  );

  test.prop([arbScatterSlice], { numRuns: 100 })("sliceScatter writes src into the sliced region of zeros", ([shape, ranges, sel, src]) => {
    const s = read(src);
    const expected: Ref = build(shape, () => 0);
    for (const idx of R.indexTuples(s.shape)) expected.data[R.ravel(idx.map((j, i) => sel[i]![j]!), shape)] = R.at(s, idx);
    const out = T.sliceScatter(shape, ranges, src);
    expectTensor(out, expected, { dtype: src.dtype });
    expectSameTensor(T.slice(out, ranges), src);
    expect(sumOf(read(out).data.map((v) => (Number.isNaN(v) ? 0 : Math.abs(v))))).toBe(sumOf(s.data.map((v) => (Number.isNaN(v) ? 0 : Math.abs(v)))));
  });

  it("sliceScatter refuses a src that does not fill the region", () => {
    expectError(() => T.sliceScatter([4], [[1, 3]], ndarray([1, 2, 3])), ShapeError, "sliceScatter", "[3]", "[2]");
  });
});

describe("negative indices count from the end in every indexing op (docs/guarantees.md, Indices)", () => {
  const x = ndarray([[0, 1, 2], [3, 4, 5]], { dtype: "float64" });
  const idx = (v: number[][] | number[]) => ndarray(v, { dtype: "int32" });
  test.prop([fc.integer({ min: -3, max: -1 })], { numRuns: 10 })("index -k picks (or adds at) position n - k", (k) => {
    expect(T.gather(x, 1, idx([[k], [k]])).toArray()).toEqual(T.gather(x, 1, idx([[3 + k], [3 + k]])).toArray());
    expect(T.indexSelect(x, 1, idx([k])).toArray()).toEqual(T.indexSelect(x, 1, idx([3 + k])).toArray());
    const src = ndarray([[1], [1]], { dtype: "float64" });
    expect(T.scatterAdd([2, 3], 1, idx([[k], [k]]), src).toArray()).toEqual(T.scatterAdd([2, 3], 1, idx([[3 + k], [3 + k]]), src).toArray());
    expect(T.indexAdd([2, 3], 1, idx([k]), src).toArray()).toEqual(T.indexAdd([2, 3], 1, idx([3 + k]), src).toArray());
  });

  it("outside [-n, n) is a ValueError naming the op", () => {
    for (const bad of [-4, 3]) {
      expectError(() => T.gather(x, 1, idx([[bad]])), ValueError, "gather", `index ${bad} is out of range`);
      expectError(() => T.indexSelect(x, 1, idx([bad])), ValueError, "indexSelect", `index ${bad} is out of range`);
      expectError(() => T.indexAdd([2, 3], 1, idx([bad]), ndarray([[1], [1]], { dtype: "float64" })), ValueError, "indexAdd", `index ${bad} is out of range`);
    }
  });
});
