import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { AxisError, ShapeError, type SliceRange, type NDArray, ValueError, contiguous, ndarray } from "@tsgrad/ndarray";
import { arbShape, arbTensor, arbTensorOfShape } from "./arbitraries.js";
import { expectError, expectSameTensor, expectTensor, fmt } from "./assert.js";
import { type Ref, atBroadcast, build, indexTuples, permute, pySlice, ravel, read, select, sizeOf } from "./reference.js";

/** Storage offsets of the elements of `t` in row-major order. */
function offsets(t: NDArray): number[] {
  return indexTuples(t.shape).map((idx) => idx.reduce((p, v, i) => p + v * t.strides[i]!, t.offset));
}

/**
 * Brute force: a view of `t` with `shape` exists iff the row-major storage offsets of
 * `t` are an affine function of the index in `shape`.
 */
function viewExists(t: NDArray, shape: readonly number[]): boolean {
  if (sizeOf(shape) === 0) return true;
  const offs = offsets(t);
  const strides = shape.map((d, k) => (d > 1 ? offs[ravel(shape.map((_, i) => (i === k ? 1 : 0)), shape)]! - offs[0]! : 0));
  return indexTuples(shape).every((idx, p) => offs[p] === offs[0]! + idx.reduce((s, v, i) => s + v * strides[i]!, 0));
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; n > 1; p++) while (n % p === 0) out.push(p), (n /= p);
  return out;
}

/** A shape with `size` elements, maybe with one -1. */
function arbShapeOfSize(size: number, allowInfer: boolean): fc.Arbitrary<number[]> {
  if (size === 0) {
    return fc
      .tuple(arbShape({ maxRank: 3 }), fc.nat())
      .map(([s, k]) => (s.length === 0 ? [0] : s.map((d, i) => (i === k % s.length ? 0 : d))));
  }
  const factors = primeFactors(size);
  return fc
    .record({
      items: fc.integer({ min: 0, max: 2 }).chain((ones) =>
        fc.shuffledSubarray([...factors, ...Array<number>(ones).fill(1)], { minLength: factors.length + ones, maxLength: factors.length + ones }),
      ),
      cuts: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      infer: allowInfer ? fc.option(fc.nat(), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ items, cuts, infer }) => {
      const shape: number[] = [];
      items.forEach((f, i) => {
        if (i === 0 || cuts[i % cuts.length]) shape.push(f);
        else shape[shape.length - 1]! *= f;
      });
      if (infer !== undefined && shape.length > 0) shape[infer % shape.length] = -1;
      return shape;
    });
}

const arbPerm = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );

describe("reshape", () => {
  test.prop([arbTensor().chain((x) => fc.tuple(fc.constant(x), arbShapeOfSize(x.size, true)))], { numRuns: 200 })(
    "keeps row-major order, and is a view exactly when the strides allow one",
    ([x, shape]) => {
      const r = T.reshape(x, shape);
      const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
      const want = shape.map((d) => (d === -1 ? x.size / known : d));
      expectTensor(r, { shape: want, data: read(x).data }, { dtype: x.dtype });
      const view = viewExists(x, want);
      expect(r.storage === x.storage, `view exists: ${view}`).toBe(view);
      if (!view) expect(r.isContiguous && r.offset === 0).toBe(true);
    },
  );

  test.prop([arbTensor({ layouts: false }).chain((x) => fc.tuple(fc.constant(x), arbShapeOfSize(x.size, false)))], { numRuns: 100 })(
    "of a contiguous tensor is a view, and reshaping back restores it",
    ([x, shape]) => {
      const r = x.reshape(shape);
      expect(r.storage).toBe(x.storage);
      const back = r.reshape(x.shape);
      expect(back.storage).toBe(x.storage);
      expectSameTensor(back, x);
    },
  );

  test.prop([arbTensor().chain((x) => fc.tuple(fc.constant(x), arbShapeOfSize(x.size, false)))], { numRuns: 100 })(
    "round trip through any shape restores the elements",
    ([x, shape]) => {
      expectSameTensor(T.reshape(T.reshape(x, shape), x.shape), x);
    },
  );

  it("copies a transposed matrix and views a permuted one whose merged axes stay adjacent", () => {
    const a = T.arange(24).reshape([2, 3, 4]);
    const t = a.transpose(1, 2).reshape([2, 12]);
    expect(t.storage).not.toBe(a.storage);
    expect(t.toArray()).toEqual([
      [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11],
      [12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23],
    ]);
    const p = a.permute([2, 0, 1]).reshape([4, 6]);
    expect(p.storage).toBe(a.storage);
    expect(p.strides).toEqual([1, 4]);
  });
});

describe("permute and transpose", () => {
  test.prop([arbTensor().chain((x) => fc.tuple(fc.constant(x), arbPerm(x.ndim), fc.boolean()))], { numRuns: 100 })(
    "permute matches the reference, shares storage, and the inverse permutation restores the tensor",
    ([x, axes, negative]) => {
      const given = negative ? axes.map((a) => a - x.ndim) : axes;
      const p = T.permute(x, given);
      expect(p.storage).toBe(x.storage);
      expectTensor(p, permute(read(x), axes), { dtype: x.dtype });
      const inverse = new Array<number>(axes.length);
      axes.forEach((a, i) => (inverse[a] = i));
      const back = T.permute(p, inverse);
      expect(back.shape).toEqual(x.shape);
      expect(back.strides).toEqual(x.strides);
      expect(back.offset).toBe(x.offset);
    },
  );

  test.prop([arbTensor({ minRank: 1 }).chain((x) => fc.tuple(fc.constant(x), fc.nat(), fc.nat()))], { numRuns: 100 })(
    "transposing twice is the identity; transpose swaps two axes",
    ([x, i, j]) => {
      const a = i % x.ndim;
      const b = j % x.ndim;
      const t = T.transpose(x, a, b);
      expect(t.storage).toBe(x.storage);
      const axes = x.shape.map((_, k) => (k === a ? b : k === b ? a : k));
      expectTensor(t, permute(read(x), axes));
      const tt = T.transpose(t, a, b);
      expect(tt.shape).toEqual(x.shape);
      expect(tt.strides).toEqual(x.strides);
      expectSameTensor(tt, x);
    },
  );

  it("transpose defaults to the last two axes and leaves 0-d and 1-d tensors alone", () => {
    expect(T.zeros([2, 3, 4]).transpose().shape).toEqual([2, 4, 3]);
    const v = T.arange(3);
    expect(T.transpose(v)).toBe(v);
    const s = ndarray(1);
    expect(T.transpose(s)).toBe(s);
  });
});

/** A list of slice ranges for a tensor of `shape`. */
function arbRanges(shape: readonly number[]): fc.Arbitrary<SliceRange[]> {
  return fc.integer({ min: 0, max: shape.length }).chain((count) =>
    fc.tuple(
      ...shape.slice(0, count).map((n): fc.Arbitrary<SliceRange> => {
        const bound = fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: null });
        const step = fc.constantFrom(-3, -2, -1, 1, 2, 3);
        const options: fc.Arbitrary<SliceRange>[] = [
          fc.constant(null),
          fc.tuple(bound, bound, step),
          fc.tuple(bound, bound),
          fc.tuple(bound),
        ];
        if (n > 0) options.push(fc.integer({ min: -n, max: n - 1 }));
        return fc.oneof(...options);
      }),
    ),
  );
}

function refSliceSelection(shape: readonly number[], ranges: readonly SliceRange[]): number[][] {
  return shape.map((n, axis) => {
    const r = ranges[axis];
    if (r === undefined || r === null) return pySlice(n, null, null, 1);
    if (typeof r === "number") return [r < 0 ? r + n : r];
    return pySlice(n, r[0] ?? null, r[1] ?? null, r[2] ?? 1);
  });
}

describe("slice and narrow", () => {
  test.prop([arbTensor().chain((x) => fc.tuple(fc.constant(x), arbRanges(x.shape)))], { numRuns: 200 })(
    "slice follows Python's rules (negative indices and steps, clamping), shares storage",
    ([x, ranges]) => {
      const s = T.slice(x, ranges);
      expect(s.storage).toBe(x.storage);
      expectTensor(s, select(read(x), refSliceSelection(x.shape, ranges)), { dtype: x.dtype });
    },
  );

  it("slices like the docs say", () => {
    const t = T.arange(12).reshape([3, 4]);
    expect(t.slice([[0, 3, 2], [1, null]]).toArray()).toEqual([
      [1, 2, 3],
      [9, 10, 11],
    ]);
    expect(T.arange(5).slice([[null, null, -1]]).toArray()).toEqual([4, 3, 2, 1, 0]);
    expect(T.arange(5).slice([[-2, null, -2]]).toArray()).toEqual([3, 1]);
    expect(T.arange(5).slice([[10, -10, -1]]).toArray()).toEqual([4, 3, 2, 1, 0]);
    expect(t.slice([1]).toArray()).toEqual([[4, 5, 6, 7]]);
  });

  test.prop(
    [
      arbTensor({ minRank: 1 }).chain((x) =>
        fc.nat({ max: x.ndim - 1 }).chain((axis) => {
          const n = x.shape[axis]!;
          return fc.integer({ min: 0, max: n }).chain((start) =>
            fc.tuple(fc.constant(x), fc.constant(axis), fc.constant(start), fc.integer({ min: 0, max: n - start }), fc.boolean()),
          );
        }),
      ),
    ],
    { numRuns: 100 },
  )("narrow keeps `length` elements from `start` (negative start counts from the end)", ([x, axis, start, length, negative]) => {
    const n = x.shape[axis]!;
    const given = negative && start < n ? start - n : start;
    const r = T.narrow(x, axis - (negative ? x.ndim : 0), given, length);
    expect(r.storage).toBe(x.storage);
    const sel = x.shape.map((d, i) => Array.from({ length: i === axis ? length : d }, (_, j) => (i === axis ? start + j : j)));
    expectTensor(r, select(read(x), sel), { dtype: x.dtype });
  });
});

describe("squeeze, unsqueeze, broadcastTo, expand, flatten", () => {
  test.prop([arbTensor().chain((x) => fc.tuple(fc.constant(x), fc.subarray(x.shape.flatMap((d, i) => (d === 1 ? [i] : []))), fc.boolean()))], {
    numRuns: 100,
  })("squeeze drops the given size-1 axes (all when none given); unsqueeze puts them back", ([x, ones, all]) => {
    const s = all ? T.squeeze(x) : T.squeeze(x, ones);
    const dropped = all ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : ones;
    expect(s.storage).toBe(x.storage);
    expectTensor(s, { shape: x.shape.filter((_, i) => !dropped.includes(i)), data: read(x).data }, { dtype: x.dtype });
    let u = s;
    for (const a of dropped) u = T.unsqueeze(u, a);
    expect(u.storage).toBe(x.storage);
    expectSameTensor(u, x);
  });

  test.prop([arbTensor().chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -x.ndim - 1, max: x.ndim })))], { numRuns: 100 })(
    "unsqueeze inserts a size-1 axis (negative counts from the end of the result)",
    ([x, axis]) => {
      const u = T.unsqueeze(x, axis);
      const at = axis < 0 ? axis + x.ndim + 1 : axis;
      const shape = x.shape.slice();
      shape.splice(at, 0, 1);
      expect(u.storage).toBe(x.storage);
      expectTensor(u, { shape, data: read(x).data }, { dtype: x.dtype });
      expectSameTensor(T.squeeze(u, at), x);
    },
  );

  test.prop([arbTensor()], { numRuns: 50 })(
    "broadcastTo a tensor's own shape is the same view",
    (x) => {
      const b = T.broadcastTo(x, x.shape);
      expect(b.storage).toBe(x.storage);
      expect(b.strides).toEqual(x.strides);
      expectSameTensor(b, x);
    },
  );

  test.prop(
    [
      fc
        .tuple(arbShape({ maxRank: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.nat({ max: 4 }))
        .chain(([target, ones, lead]) => {
          const l = Math.min(lead, target.length);
          const src = target.slice(l).map((d, i) => (ones[i] ? 1 : d));
          return fc.tuple(fc.constant(target), arbTensorOfShape(src), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }));
        }),
    ],
    { numRuns: 100 },
  )("broadcastTo and expand (-1 keeps a size) repeat elements along new and size-1 axes without copying", ([target, x, keep]) => {
    const expected: Ref = build(target, (idx) => atBroadcast(read(x), idx));
    const b = T.broadcastTo(x, target);
    expect(b.storage).toBe(x.storage);
    expectTensor(b, expected, { dtype: x.dtype });
    const lead = target.length - x.ndim;
    const withInfer = target.map((d, i) => (i >= lead && keep[i] && x.shape[i - lead] === d ? -1 : d));
    const e = T.expand(x, withInfer);
    expect(e.storage).toBe(x.storage);
    expectTensor(e, expected, { dtype: x.dtype });
  });

  test.prop(
    [
      arbTensor().chain((x) =>
        x.ndim === 0
          ? fc.tuple(fc.constant(x), fc.constant(0), fc.constant(0), fc.boolean())
          : fc
              .tuple(fc.nat({ max: x.ndim - 1 }), fc.nat({ max: x.ndim - 1 }))
              .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
              .chain(([s, e]) => fc.tuple(fc.constant(x), fc.constant(s), fc.constant(e), fc.boolean())),
      ),
    ],
    { numRuns: 100 },
  )("flatten merges startAxis..endAxis; a view for contiguous input", ([x, s, e, negative]) => {
    const f = x.ndim === 0 ? T.flatten(x) : T.flatten(x, negative ? s - x.ndim : s, negative ? e - x.ndim : e);
    const shape = x.ndim === 0 ? [1] : [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
    expectTensor(f, { shape, data: read(x).data }, { dtype: x.dtype });
    const c = contiguous(x);
    const fc2 = x.ndim === 0 ? T.flatten(c) : T.flatten(c, s, e);
    expect(fc2.storage).toBe(c.storage);
  });
});

describe("views share storage", () => {
  it("reshape of contiguous, transpose, permute, slice, narrow, squeeze, unsqueeze, broadcastTo, expand, flatten", () => {
    const base = T.arange(24).reshape([2, 3, 4]);
    const col = T.arange(3).reshape([3, 1]);
    const views: [string, NDArray, NDArray][] = [
      ["reshape", base, base.reshape([6, 4])],
      ["reshape -1", base, T.reshape(base, [-1])],
      ["transpose", base, base.transpose(0, 2)],
      ["permute", base, base.permute([1, 2, 0])],
      ["slice", base, base.slice([null, [2, null, -2], [1, 3]])],
      ["narrow", base, base.narrow(2, 1, 2)],
      ["squeeze", col, col.squeeze()],
      ["unsqueeze", base, base.unsqueeze(1)],
      ["broadcastTo", col, col.broadcastTo([2, 3, 5])],
      ["expand", col, col.expand([-1, 4])],
      ["flatten", base, base.flatten()],
      ["flatten(1)", base, base.flatten(1)],
    ];
    for (const [name, from, view] of views) expect(view.storage, name).toBe(from.storage);
    // Writing through the shared storage shows up in the view.
    const v = base.transpose(0, 2);
    (base.storage as Float32Array)[5] = 100;
    expect(v.slice([1, 1, 0]).item()).toBe(100);
  });

  test.prop([arbTensor()], { numRuns: 100 })("contiguous() returns the tensor itself when contiguous, else a contiguous copy", (x) => {
    const c = contiguous(x);
    expect(c.isContiguous).toBe(true);
    expectSameTensor(c, x);
    const own = x.isContiguous && x.offset === 0 && x.storage.length === x.size;
    expect(c === x).toBe(own);
    if (!own) expect(c.storage).not.toBe(x.storage);
  });
});

describe("view errors", () => {
  test.prop([arbShape({ allowZero: false }), arbShape({ allowZero: false })], { numRuns: 100 })(
    "reshape to a different size throws a ShapeError naming both shapes",
    (from, to) => {
      fc.pre(sizeOf(from) !== sizeOf(to));
      expectError(() => T.reshape(T.zeros(from), to), ShapeError, "reshape", fmt(from), fmt(to));
    },
  );
  it("reshape refuses two -1, negative and fractional sizes, and -1 with zero elements", () => {
    expectError(() => T.reshape(T.zeros([4]), [-1, -1]), ValueError, "reshape", "-1");
    expectError(() => T.reshape(T.zeros([4]), [-2, -2]), ValueError, "reshape", "-2");
    expectError(() => T.reshape(T.zeros([4]), [2.5, 2]), ValueError, "reshape", "2.5");
    expectError(() => T.reshape(T.zeros([3]), [2, -1]), ShapeError, "reshape", "[3]", "[2, -1]");
    expectError(() => T.reshape(T.zeros([0, 3]), [-1, 0]), ShapeError, "reshape", "[0, 3]");
  });
  it("permute and transpose refuse bad axes", () => {
    expectError(() => T.permute(T.zeros([2, 3]), [0, 0]), AxisError, "permute", "repeated");
    expectError(() => T.permute(T.zeros([2, 3]), [0, 2]), AxisError, "permute", "axis 2", "rank 2");
    expectError(() => T.permute(T.zeros([2, 3]), [0]), ValueError, "permute", "[2, 3]");
    expectError(() => T.transpose(T.zeros([2, 3]), 0, 3), AxisError, "transpose", "axis 3", "rank 2");
  });
  it("squeeze, unsqueeze, broadcastTo, expand, slice, narrow and flatten refuse bad arguments", () => {
    expectError(() => T.squeeze(T.zeros([2, 1]), 0), ShapeError, "squeeze", "axis 0", "[2, 1]");
    expectError(() => T.squeeze(T.zeros([2, 1]), 2), AxisError, "squeeze", "axis 2");
    expectError(() => T.unsqueeze(T.zeros([2]), 3), AxisError, "unsqueeze", "axis 3");
    expectError(() => T.broadcastTo(T.zeros([2, 3]), [3, 3]), ShapeError, "broadcastTo", "[2, 3]", "[3, 3]");
    expectError(() => T.broadcastTo(T.zeros([2, 3]), [3]), ShapeError, "broadcastTo", "[2, 3]", "[3]");
    expectError(() => T.expand(T.zeros([2, 1]), [-1, -2]), ValueError, "expand", "-2");
    expectError(() => T.slice(T.zeros([3]), [[0, 3, 0]]), ValueError, "slice", "step");
    expectError(() => T.slice(T.zeros([3]), [3]), ValueError, "slice", "index 3", "size 3");
    expectError(() => T.slice(T.zeros([3]), [null, null]), ValueError, "slice", "[3]");
    expectError(() => T.narrow(T.zeros([2, 5]), 1, 3, 3), ValueError, "narrow", "start 3", "length 3", "size 5");
    expectError(() => T.narrow(T.zeros([2, 5]), 2, 0, 1), AxisError, "narrow", "axis 2");
    expectError(() => T.flatten(T.zeros([2, 3, 4]), 2, 1), ValueError, "flatten", "2", "1");
  });
});
