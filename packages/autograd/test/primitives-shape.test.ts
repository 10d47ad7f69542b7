// The shape, indexing and dtype primitives, one block each (primitive.describe) with the
// four kinds of test — forward against hand values, float64 gradcheck, a random-direction
// vjp property on random shapes (and random ranges, axes and indices), and a second-order
// check — and its float32 numerics case. These ops are linear, so their second-order
// checks square the result first.
import { expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import {
  type Tensor,
  broadcastTo,
  cast,
  concat,
  gather,
  grad,
  indexAdd,
  indexSelect,
  mul,
  permute,
  reshape,
  scatterAdd,
  slice,
  sliceScatter,
  sum,
  tensor,
  where,
} from "@tsgrad/autograd";
import { arbBroadcastShapes, arbShape, arbTensor, assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";
import { type NumericsCase, cases, primitive } from "./primitive-block.js";
import { A, COL, RAISE, ROW, SHAPES, f64 } from "./fixtures.js";

const i32 = (data: T.NestedArray): T.NDArray => T.ndarray(data, { dtype: "int32" });
const square = (v: Tensor): Tensor => mul(v, v);

const X3 = tensor(T.randn([2, 3, 2], { seed: 11, dtype: "float64" }));


/** A random SliceRange for an axis of size n: null, an index, or [start, stop, step]. */
function arbRange(n: number): fc.Arbitrary<T.SliceRange> {
  const bound = fc.option(fc.integer({ min: -n - 1, max: n + 1 }), { nil: null });
  const forms: fc.Arbitrary<T.SliceRange>[] = [
    fc.constant(null),
    fc.tuple(bound, bound, fc.constantFrom(1, 2, -1, -2)).map(([s, e, step]): T.SliceRange => [s, e, step]),
  ];
  if (n > 0) forms.push(fc.integer({ min: -n, max: n - 1 }));
  return fc.oneof(...forms);
}

/** A random shape with random ranges for some leading axes. */
const arbShapeAndRanges: fc.Arbitrary<{ shape: number[]; ranges: T.SliceRange[] }> = arbShape({ ...SHAPES, minRank: 1, maxSize: 4 }).chain((shape) =>
  fc.integer({ min: 0, max: shape.length }).chain((k) => fc.tuple(...shape.slice(0, k).map(arbRange)).map((ranges) => ({ shape, ranges }))),
);

/** A random shape, an axis of it (maybe negative), and an int32 index for gather/scatterAdd along it. */
const arbGatherCase: fc.Arbitrary<{ shape: number[]; axis: number; index: T.NDArray }> = arbShape({ ...SHAPES, minRank: 1 }).chain((shape) =>
  fc.integer({ min: -shape.length, max: shape.length - 1 }).chain((axis) => {
    const a = axis < 0 ? axis + shape.length : axis;
    // Along the axis any length; elsewhere at most the input's size.
    const dims = shape.map((d, i) => fc.integer({ min: 1, max: i === a ? 3 : d }));
    return fc.tuple(...dims).chain((indexShape) => {
      const size = indexShape.reduce((p, q) => p * q, 1);
      return fc
        .array(fc.integer({ min: 0, max: shape[a]! - 1 }), { minLength: size, maxLength: size })
        .map((values) => ({ shape, axis, index: T.reshape(i32(values), indexShape) }));
    });
  }),
);

/** A random shape, an axis of it, and a 1-D int32 index (repeats allowed) for indexSelect/indexAdd. */
const arbIndexCase: fc.Arbitrary<{ shape: number[]; axis: number; index: T.NDArray }> = arbShape({ ...SHAPES, minRank: 1 }).chain((shape) =>
  fc.integer({ min: -shape.length, max: shape.length - 1 }).chain((axis) => {
    const n = shape[axis < 0 ? axis + shape.length : axis]!;
    return fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 0, maxLength: 4 }).map((values) => ({ shape, axis, index: i32(values) }));
  }),
);

/**
 * The derivative tests of a pick by an index (gather, indexSelect) past its gradcheck: the
 * random-direction vjp property on random shapes, axes and indices (50 runs, values of randn
 * with `seed`), and second order through its square, picking `index` along axis 1 of A.
 */
function pickChecks(
  pick: (x: Tensor, axis: number, index: T.NDArray) => Tensor,
  arb: fc.Arbitrary<{ shape: number[]; axis: number; index: T.NDArray }>,
  seed: number,
  index: T.NDArray,
): void {
  test.prop([arb], { numRuns: 50 })("random-direction vjp on random indices", ({ shape, axis, index: at }) => {
    const x = T.randn(shape, { seed, dtype: "float64" });
    expect(checkVjp((v) => pick(v!, axis, at), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(pick(x!, 1, index)), [A], RAISE).ok).toBe(true);
  });
}

/**
 * The numerics case of an add at an index into zeros of a random shape `s` (scatterAdd,
 * indexAdd): `shapes` gives the source's and the index's shapes for an axis and a size k ≤ 5.
 */
function addAtCase(
  f: (src: Tensor, shape: readonly number[], axis: number, index: T.NDArray) => Tensor,
  shapes: (s: readonly number[], axis: number, k: number) => { src: readonly number[]; index: readonly number[] },
): fc.Arbitrary<NumericsCase> {
  return cases
    .shape()
    .chain((s) => fc.tuple(fc.constant(s), fc.nat(s.length - 1), cases.side(5)))
    .chain(([s, axis, k]) => fc.tuple(cases.input(shapes(s, axis, k).src), fc.constant(axis), fc.constant(s), cases.index(shapes(s, axis, k).index, s[axis]!)))
    .map(([src, axis, s, index]) => ({ inputs: [src], run: ([v]) => f(v!, s, axis, index), terms: src.size, linear: true }));
}

/** The shape of `indexSelect(zeros(shape), axis, index)`. */
function selectedShape(shape: readonly number[], axis: number, index: T.NDArray): number[] {
  const a = axis < 0 ? axis + shape.length : axis;
  return shape.map((d, i) => (i === a ? index.size : d));
}

primitive.describe("reshape", {
  numerics: cases.shape().chain((s) => cases.input(s)).map((x) => ({ inputs: [x], run: ([v]) => reshape(v!, [-1]), terms: 1 })),
}, () => {
  it("forward: hand values, -1 inferred", () => {
    assertClose(reshape(tensor(T.arange(6, undefined, 1, { dtype: "float64" })), [2, -1]), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    assertClose(reshape(A, [3, 2]), [
      [0.3, -1.2],
      [0.7, 1.5],
      [-0.4, 2.2],
    ]);
  });

  it("gradcheck, also from a non-contiguous view", () => {
    expect(gradcheck((x) => reshape(x!, [3, 2]), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => reshape(x!, [6]), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => reshape(permute(x!, [1, 0]), [2, 3]), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => reshape(x!, [1, 1]), [2.5], RAISE).ok).toBe(true);
  });

  const arbReshape = arbTensor(SHAPES).chain((x) =>
    fc.tuple(fc.constant(x), fc.shuffledSubarray([...x.shape], { minLength: x.ndim, maxLength: x.ndim }), fc.boolean(), fc.boolean()),
  );
  test.prop([arbReshape], { numRuns: 50 })("random-direction vjp: any permutation of the sizes, with -1 and size-1 axes", ([x, dims, infer, extra]) => {
    const shape = extra ? [1, ...dims] : dims.slice();
    if (infer && shape.length > 0 && x.size > 0) shape[0] = -1;
    expect(checkVjp((v) => reshape(v!, shape), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(reshape(x!, [3, 2])), [A], RAISE).ok).toBe(true);
  });
});

primitive.describe("permute", {
  numerics: cases
    .shape(2, 3)
    .chain((s) => fc.tuple(cases.input(s), fc.shuffledSubarray(Array.from({ length: s.length }, (_, i) => i), { minLength: s.length, maxLength: s.length })))
    .map(([x, axes]) => ({ inputs: [x], run: ([v]) => permute(v!, axes), terms: 1 })),
}, () => {
  it("forward: hand values", () => {
    expect(permute(tensor([[[1, 2, 3]]]), [2, 0, 1]).shape).toEqual([3, 1, 1]);
    assertClose(permute(A, [1, 0]), [
      [0.3, 1.5],
      [-1.2, -0.4],
      [0.7, 2.2],
    ]);
    assertClose(permute(X3, [-1, 0, 1]), T.permute(X3.data, [2, 0, 1]));
  });

  it("gradcheck, negative axes", () => {
    expect(gradcheck((x) => permute(x!, [2, 0, 1]), [X3], RAISE).ok).toBe(true);
    expect(gradcheck((x) => permute(x!, [-2, -1, 0]), [X3], RAISE).ok).toBe(true);
  });

  const arbPermute = arbTensor(SHAPES).chain((x) => {
    const axes = Array.from({ length: x.ndim }, (_, i) => i);
    return fc.tuple(
      fc.constant(x),
      fc.shuffledSubarray(axes, { minLength: x.ndim, maxLength: x.ndim }),
      fc.array(fc.boolean(), { minLength: x.ndim, maxLength: x.ndim }),
    );
  });
  test.prop([arbPermute], { numRuns: 50 })("random-direction vjp on random permutations", ([x, order, negative]) => {
    const axes = order.map((a, i) => (negative[i] ? a - x.ndim : a));
    expect(checkVjp((v) => permute(v!, axes), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(permute(x!, [1, 2, 0])), [X3], RAISE).ok).toBe(true);
  });
});

primitive.describe("broadcastTo", {
  numerics: cases.shape().chain((s) => cases.input(s)).map((x) => ({ inputs: [x], run: ([v]) => broadcastTo(v!, [2, ...v!.shape]), terms: 1 })),
}, () => {
  it("forward: hand values", () => {
    assertClose(broadcastTo(f64([1, 2]), [3, 2]), [
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    assertClose(broadcastTo(f64(5), [2]), [5, 5]);
  });

  it("gradcheck: rows, columns, scalars and new leading axes are summed back", () => {
    expect(gradcheck((x) => broadcastTo(x!, [2, 3]), [ROW], RAISE).ok).toBe(true);
    expect(gradcheck((x) => broadcastTo(x!, [4, 2, 3]), [COL], RAISE).ok).toBe(true);
    expect(gradcheck((x) => broadcastTo(x!, [2, 2]), [1.5], RAISE).ok).toBe(true);
    const x = tensor(ROW, { requiresGrad: true });
    broadcastTo(x, [4, 3]).sum().backward();
    assertClose(x.grad!, [4, 4, 4]);
  });

  test.prop([arbBroadcastShapes(2, { maxRank: 4, maxSize: 3 })], { numRuns: 50 })("random-direction vjp on random broadcasts", ([s, t]) => {
    const target = T.broadcastShapes("test", s, t);
    const x = T.randn(s, { seed: s.length * 7 + t.length, dtype: "float64" });
    expect(checkVjp((v) => broadcastTo(v!, target), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(broadcastTo(x!, [2, 2, 3])), [COL], RAISE).ok).toBe(true);
  });
});

primitive.describe("slice", {
  numerics: cases.shape().chain((s) => cases.input(s)).map((x) => ({ inputs: [x], run: ([v]) => slice(v!, [[null, null, 2]]), terms: 1 })),
}, () => {
  it("forward: hand values, steps, negative steps and indices", () => {
    assertClose(slice(f64([1, 2, 3, 4]), [[1, null, 2]]), [2, 4]);
    assertClose(slice(f64([1, 2, 3, 4]), [[null, null, -1]]), [4, 3, 2, 1]);
    assertClose(slice(A, [1, [0, 3, 2]]), [[1.5, 2.2]]);
    assertClose(slice(A, [null, -1]), [[0.7], [2.2]]);
  });

  it("gradcheck: the gradient lands in the selected region only", () => {
    expect(gradcheck((x) => slice(x!, [[0, 2], [null, null, -2]]), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => slice(x!, [1]), [A], RAISE).ok).toBe(true);
    const x = tensor(A, { requiresGrad: true });
    slice(x, [null, [1, 3]]).sum().backward();
    assertClose(x.grad!, [
      [0, 1, 1],
      [0, 1, 1],
    ]);
  });

  test.prop([arbShapeAndRanges], { numRuns: 50 })("random-direction vjp on random ranges", ({ shape, ranges }) => {
    const x = T.randn(shape, { seed: shape.length, dtype: "float64" });
    expect(checkVjp((v) => slice(v!, ranges), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(slice(x!, [null, [2, null, -1]])), [A], RAISE).ok).toBe(true);
  });
});

primitive.describe("sliceScatter", {
  numerics: cases
    .shape()
    .chain((s) => cases.input(s))
    .map((x) => ({ inputs: [x], run: ([v]) => sliceScatter(v!, [2 * v!.shape[0]!, ...v!.shape.slice(1)], [[0, null, 2]]), terms: 1 })),
}, () => {
  it("forward: hand values", () => {
    assertClose(sliceScatter(f64([7, 8]), [4], [[1, 3]]), [0, 7, 8, 0]);
    assertClose(sliceScatter(f64([[1, 2]]), [2, 4], [1, [null, null, -2]]), [
      [0, 0, 0, 0],
      [0, 2, 0, 1],
    ]);
  });

  it("gradcheck", () => {
    expect(gradcheck((x) => sliceScatter(x!, [3, 5], [[1, 3], [0, 5, 2]]), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => sliceScatter(x!, [2, 3, 2], [[null, null, -1]]), [f64([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])], RAISE).ok).toBe(true);
  });

  test.prop([arbShapeAndRanges], { numRuns: 50 })("random-direction vjp: the adjoint of slice on random ranges", ({ shape, ranges }) => {
    const region = T.slice(T.zeros(shape), ranges).shape;
    const x = T.randn(region, { seed: shape.length + 1, dtype: "float64" });
    expect(checkVjp((v) => sliceScatter(v!, shape, ranges), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(sliceScatter(x!, [3, 4], [[0, 3, 2], [1, 4]])), [A], RAISE).ok).toBe(true);
  });
});

primitive.describe("concat", {
  numerics: cases
    .shape()
    .chain((s) => fc.tuple(cases.input(s), cases.input(s), fc.nat(s.length - 1)))
    .map(([a, b, axis]) => ({ inputs: [a, b], run: ([x, y]) => concat([x!, y!], axis), terms: 1 })),
}, () => {
  it("forward: hand values", () => {
    assertClose(concat([f64([1, 2]), f64([3])]), [1, 2, 3]);
    assertClose(concat([A, COL], 1), [
      [0.3, -1.2, 0.7, 0.6],
      [1.5, -0.4, 2.2, -1.9],
    ]);
  });

  it("gradcheck per input, negative axis", () => {
    expect(gradcheck((a, b, c) => concat([a!, b!, c!], -1), [A, COL, A], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => concat([a!, b!], 0), [A, f64([ROW.toArray() as number[]])], RAISE).ok).toBe(true);
  });

  const arbConcat = arbShape({ ...SHAPES, minRank: 1 }).chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.integer({ min: -shape.length, max: shape.length - 1 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
    ),
  );
  test.prop([arbConcat], { numRuns: 50 })("random-direction vjp: 1 to 3 inputs of random sizes along a random axis", ([shape, axis, sizes]) => {
    const a = axis < 0 ? axis + shape.length : axis;
    const xs = sizes.map((n, k) => T.randn(shape.map((d, i) => (i === a ? n : d)), { seed: k, dtype: "float64" }));
    expect(checkVjp((...vs) => concat(vs, axis), xs, RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((a, b) => mul(concat([a!, b!], 1), concat([b!, a!], 1)), [A, f64([[1, 2, 3], [4, 5, 6]])], RAISE).ok).toBe(true);
  });
});

primitive.describe("gather", {
  numerics: cases
    .shape()
    .chain((s) => fc.tuple(cases.input(s), fc.nat(s.length - 1), fc.constant(s)))
    .chain(([x, axis, s]) => fc.tuple(fc.constant(x), fc.constant(axis), cases.index(s, s[axis]!)))
    .map(([x, axis, index]) => ({ inputs: [x], run: ([v]) => gather(v!, axis, index), terms: 1 })),
}, () => {
  it("forward: hand values", () => {
    assertClose(gather(f64([[1, 2], [3, 4]]), 1, i32([[1], [0]])), [[2], [3]]);
    assertClose(gather(A, 0, i32([[1, 1, 0]])), [[1.5, -0.4, 0.7]]);
  });

  it("gradcheck: repeated indices accumulate", () => {
    expect(gradcheck((x) => gather(x!, 1, i32([[2, 2, 0, 1], [0, 0, 0, 0]])), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => gather(x!, -3, i32([[[1, 0]]])), [X3], RAISE).ok).toBe(true);
    const x = tensor(A, { requiresGrad: true });
    gather(x, 1, i32([[2, 2], [0, 2]])).sum().backward();
    assertClose(x.grad!, [
      [0, 0, 2],
      [1, 0, 1],
    ]);
  });

  pickChecks(gather, arbGatherCase, 3, i32([[2, 2], [1, 0]]));
});

primitive.describe("scatterAdd", { numerics: addAtCase(scatterAdd, (s) => ({ src: s, index: s })) }, () => {
  it("forward: hand values", () => {
    assertClose(scatterAdd(f64([1, 2, 5]), [3], 0, i32([0, 0, 2])), [3, 0, 5]);
    assertClose(scatterAdd(f64([[1, 2], [3, 4]]), [2, 3], 1, i32([[2, 2], [0, 1]])), [
      [0, 0, 3],
      [3, 4, 0],
    ]);
  });

  it("gradcheck", () => {
    expect(gradcheck((s) => scatterAdd(s!, [4, 3], 0, i32([[3, 0, 3], [3, 1, 0]])), [A], RAISE).ok).toBe(true);
  });

  test.prop([arbGatherCase], { numRuns: 50 })("random-direction vjp: the adjoint of gather on random indices", ({ shape, axis, index }) => {
    const src = T.randn(index.shape, { seed: 4, dtype: "float64" });
    expect(checkVjp((s) => scatterAdd(s!, shape, axis, index), [src], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((s) => square(scatterAdd(s!, [2, 4], 1, i32([[3, 3, 0], [1, 2, 1]]))), [A], RAISE).ok).toBe(true);
  });
});

primitive.describe("indexSelect", {
  numerics: cases
    .shape()
    .chain((s) => fc.tuple(cases.input(s), fc.nat(s.length - 1), fc.constant(s)))
    .chain(([x, axis, s]) => fc.tuple(fc.constant(x), fc.constant(axis), cases.index([3], s[axis]!)))
    .map(([x, axis, index]) => ({ inputs: [x], run: ([v]) => indexSelect(v!, axis, index), terms: 1 })),
}, () => {
  it("forward: hand values", () => {
    assertClose(indexSelect(f64([[1, 2], [3, 4]]), 0, i32([1, 1])), [
      [3, 4],
      [3, 4],
    ]);
    assertClose(indexSelect(A, -1, i32([2, 0])), [
      [0.7, 0.3],
      [2.2, 1.5],
    ]);
  });

  it("gradcheck: rows picked twice accumulate", () => {
    expect(gradcheck((x) => indexSelect(x!, 0, i32([1, 0, 1])), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => indexSelect(x!, 1, i32([2, 2])), [X3], RAISE).ok).toBe(true);
    const x = tensor(A, { requiresGrad: true });
    indexSelect(x, 0, i32([1, 1, 1])).sum().backward();
    assertClose(x.grad!, [
      [0, 0, 0],
      [3, 3, 3],
    ]);
  });

  pickChecks(indexSelect, arbIndexCase, 5, i32([0, 2, 0]));
});

primitive.describe("indexAdd", { numerics: addAtCase(indexAdd, (s, axis, k) => ({ src: s.map((d, i) => (i === axis ? k : d)), index: [k] })) }, () => {
  it("forward: hand values", () => {
    assertClose(indexAdd(f64([[1, 2], [3, 4]]), [2, 2], 0, i32([1, 1])), [
      [0, 0],
      [4, 6],
    ]);
    assertClose(indexAdd(f64([[1, 2], [3, 4]]), [2, 3], 1, i32([2, 0])), [
      [2, 0, 1],
      [4, 0, 3],
    ]);
  });

  it("gradcheck", () => {
    expect(gradcheck((s) => indexAdd(s!, [4, 3], 0, i32([3, 3])), [A], RAISE).ok).toBe(true);
    expect(gradcheck((s) => indexAdd(s!, [2, 2], -1, i32([1, 0, 1])), [A], RAISE).ok).toBe(true);
  });

  test.prop([arbIndexCase], { numRuns: 50 })("random-direction vjp: the adjoint of indexSelect on random indices", ({ shape, axis, index }) => {
    const src = T.randn(selectedShape(shape, axis, index), { seed: 6, dtype: "float64" });
    expect(checkVjp((s) => indexAdd(s!, shape, axis, index), [src], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((s) => square(indexAdd(s!, [3, 3], 0, i32([2, 2]))), [A], RAISE).ok).toBe(true);
  });
});

primitive.describe("where", {
  numerics: cases
    .shape()
    .chain((s) => fc.tuple(cases.input(s), cases.input(s), cases.index(s, 2)))
    .map(([a, b, cond]) => ({ inputs: [a, b], run: ([x, y]) => where(cond, x!, y!), terms: 1 })),
}, () => {
  const COND = i32([
    [1, 0, 1],
    [0, 0, 1],
  ]);

  it("forward: hand values, broadcasting the condition and both branches", () => {
    assertClose(where(T.ndarray([1, 0]), f64([1, 2]), f64([9, 9])), [1, 9]);
    assertClose(where(COND, A, ROW), [
      [0.3, -1.7, 0.7],
      [0.8, -1.7, 2.2],
    ]);
    assertClose(where(i32([[1], [0]]), f64(5), ROW), [
      [5, 5, 5],
      [0.8, -1.7, 1.1],
    ]);
  });

  it("gradcheck per input; the gradient is routed by the condition", () => {
    expect(gradcheck((a, b) => where(COND, a!, b!), [A, ROW], RAISE).ok).toBe(true);
    expect(gradcheck((a, b) => where(i32([1, 0, 1]), a!, b!), [COL, A], RAISE).ok).toBe(true);
    const a = tensor(A, { requiresGrad: true });
    const b = tensor(ROW, { requiresGrad: true });
    where(COND, a, b).sum().backward();
    assertClose(a.grad!, COND.astype("float64"));
    assertClose(b.grad!, [1, 2, 0]);
  });

  const arbWhere = arbBroadcastShapes(3, SHAPES).chain(([sc, sa, sb]) =>
    fc.tuple(arbTensor({ shape: sc, dtype: "int32", min: 0, max: 1 }), arbTensor({ shape: sa }), arbTensor({ shape: sb })),
  );
  test.prop([arbWhere], { numRuns: 50 })("random-direction vjp on broadcast shapes and random conditions", ([c, a, b]) => {
    expect(checkVjp((x, y) => where(c, x!, y!), [a, b], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((a, b) => square(where(COND, a!, b!)), [A, COL], RAISE).ok).toBe(true);
  });
});

primitive.describe("cast", {
  numerics: cases
    .shape()
    .chain((s) => fc.tuple(cases.input(s), fc.constantFrom<T.DType>("float64", "int32")))
    .map(([x, dtype]) => ({ inputs: [x], run: ([v]) => cast(v!, dtype), terms: 1 })),
}, () => {
  // NOTE: float64 → float32 → float64 is the identity up to float32 rounding; its finite
  // differences need a step far above float32's resolution (eps 1e-2) to see slope 1.
  const roundTrip = (x: Tensor): Tensor => cast(cast(x, "float32"), "float64");
  const COARSE = { eps: 1e-2, atol: 1e-4, raise: true } as const;

  it("forward: hand values; the same dtype returns the input itself", () => {
    expect(cast(tensor([1.5]), "float64").dtype).toBe("float64");
    assertClose(cast(f64([0.1, 1 / 3]), "float32"), T.ndarray([Math.fround(0.1), Math.fround(1 / 3)], { dtype: "float32" }), { rtol: 0, atol: 0 });
    assertClose(cast(tensor(i32([1, -2])), "float64"), [1, -2]);
    const v = tensor([1, 2], { dtype: "float64" });
    expect(cast(v, "float64")).toBe(v);
  });

  it("gradcheck; the gradient comes back in the input's dtype", () => {
    expect(gradcheck(roundTrip, [A], COARSE).ok).toBe(true);
    const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const [g] = grad(sum(mul(cast(x, "float64"), f64([3, 4]))), x);
    expect(g!.dtype).toBe("float32");
    assertClose(g!, [3, 4]);
  });

  test.prop([arbTensor(SHAPES)], { numRuns: 25 })("random-direction vjp", (x) => {
    expect(checkVjp(roundTrip, [x], COARSE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => square(roundTrip(x!)), [A], COARSE).ok).toBe(true);
  });
});
