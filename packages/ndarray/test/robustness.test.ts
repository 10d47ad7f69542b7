// Robustness of @tsgrad/ndarray: generated bad input — shapes that do not broadcast,
// invalid axes, wrong dtypes, ragged arrays, values that do not fit, arguments of the wrong
// kind — gets a typed error naming the op and the shapes, and leaves the inputs as they
// were; NaN and ±Infinity propagate; empty tensors give PyTorch's results.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { AxisError, DTypeError, ShapeError, NDArray, ValueError } from "@tsgrad/ndarray";
import { arbBadAxis, arbEmptyShape, arbFloatTensor, arbNonBroadcastingShapes, arbSmallShape, arbWrongKind, expectRefused, fmt, snapshot } from "./robustness-helpers.js";

const BINARY = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge"] as const;
const UNARY = ["neg", "abs", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "sinh", "cosh", "tanh", "sigmoid", "relu", "sign", "square", "reciprocal", "floor", "ceil", "round", "log1p", "expm1", "erf"] as const;
const AXIS_REDUCTIONS = ["sum", "prod", "mean", "max", "min", "variance", "std"] as const;

const filled = (shape: readonly number[], dtype: T.DType = "float32"): NDArray => T.arange(shape.reduce((a, b) => a * b, 1), undefined, 1, { dtype }).reshape(shape);

describe("shapes that do not broadcast", () => {
  test.prop([arbNonBroadcastingShapes, fc.constantFrom(...BINARY), fc.boolean()], { numRuns: 60 })(
    "every binary op throws a ShapeError naming the op and both shapes",
    ([sa, sb], op, swap) => {
      const [a, b] = swap ? [filled(sb), filled(sa)] : [filled(sa), filled(sb)];
      expectRefused([a, b], () => T[op](a, b), { type: ShapeError, op, mentions: [fmt(a.shape), fmt(b.shape)] });
    },
  );

  test.prop([arbNonBroadcastingShapes], { numRuns: 20 })("where with a condition that does not broadcast", ([sc, sx]) => {
    const cond = T.zeros(sc, { dtype: "int32" });
    const x = filled(sx);
    expectRefused([cond, x], () => T.where(cond, x, 0), { type: ShapeError, op: "where", mentions: [fmt(sc), fmt(sx)] });
  });

  test.prop([arbNonBroadcastingShapes], { numRuns: 20 })("broadcastTo and expand to a shape the tensor does not broadcast to", ([sa, sb]) => {
    const t = filled(sa);
    // Pad the target so it has at least the tensor's rank: only the size conflict remains.
    const target = [...Array<number>(Math.max(0, sa.length - sb.length)).fill(2), ...sb];
    expectRefused(t, () => T.broadcastTo(t, target), { type: ShapeError, op: "broadcastTo", mentions: [fmt(sa), fmt(target)] });
    expectRefused(t, () => T.expand(t, target), { type: ShapeError, op: "expand", mentions: [fmt(sa)] });
  });

  test.prop([arbSmallShape(1, 2), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })], { numRuns: 30 })(
    "matmul with inner sizes that differ names both shapes",
    (batch, k, dk, n) => {
      const a = filled([...batch, 2, k]);
      const b = filled([k + dk, n]);
      expectRefused([a, b], () => T.matmul(a, b), { type: ShapeError, op: "matmul", mentions: [fmt(a.shape), fmt(b.shape)] });
    },
  );

  test.prop([arbNonBroadcastingShapes], { numRuns: 20 })("matmul with batch axes that do not broadcast names both full shapes", ([ba, bb]) => {
    const a = filled([...ba, 2, 3]);
    const b = filled([...bb, 3, 2]);
    expectRefused([a, b], () => T.matmul(a, b), { type: ShapeError, op: "matmul", mentions: [fmt(a.shape), fmt(b.shape)] });
  });

  test.prop([arbSmallShape(0, 3), arbSmallShape(0, 3)], { numRuns: 30 })("reshape to a different number of elements names both shapes", (from, to) => {
    const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
    fc.pre(size(from) !== size(to));
    const t = filled(from);
    expectRefused(t, () => T.reshape(t, to), { type: ShapeError, op: "reshape", mentions: [fmt(from), fmt(to)] });
  });

  test.prop([arbSmallShape(1, 3), fc.nat(), fc.integer({ min: 1, max: 2 })], { numRuns: 20 })("concat of tensors that differ off the axis", (shape, i, delta) => {
    const axis = i % shape.length;
    const other = (axis + 1) % shape.length;
    fc.pre(other !== axis);
    const a = filled(shape);
    const bShape = shape.slice();
    bShape[other] = bShape[other]! + delta;
    const b = filled(bShape);
    expectRefused([a, b], () => T.concat([a, b], axis), { type: ShapeError, op: "concat", mentions: [fmt(a.shape), fmt(b.shape)] });
    expectRefused([a, b], () => T.stack([a, b], 0), { type: ShapeError, op: "stack", mentions: [fmt(a.shape), fmt(b.shape)] });
  });
});

describe("invalid axes", () => {
  const arbCase = arbSmallShape(0, 3).chain((shape) => fc.tuple(fc.constant(shape), arbBadAxis(shape.length)));

  test.prop([arbCase, fc.constantFrom(...AXIS_REDUCTIONS), fc.boolean()], { numRuns: 60 })(
    "reductions throw an AxisError naming the op, the axis and the rank",
    ([shape, axis], op, asList) => {
      const t = filled(shape);
      expectRefused(t, () => T[op](t, { axis: asList ? [axis] : axis }), { type: AxisError, op, mentions: [String(axis), `rank ${shape.length}`] });
    },
  );

  test.prop([arbCase], { numRuns: 30 })("views and indexing ops with an axis out of range", ([shape, axis]) => {
    const t = filled(shape);
    const index = T.zeros(shape.map(() => 1), { dtype: "int32" });
    const cases: [string, () => unknown][] = [
      ["argmax", () => T.argmax(t, axis)],
      ["argmin", () => T.argmin(t, axis)],
      ["squeeze", () => T.squeeze(t, axis)],
      ["transpose", () => T.transpose(t, axis, 0)],
      ["flatten", () => T.flatten(t, axis)],
      ["narrow", () => T.narrow(t, axis, 0, 0)],
      ["gather", () => T.gather(t, axis, index)],
      ["concat", () => T.concat([t, t], axis)],
    ];
    for (const [op, fn] of cases) {
      // A scalar has no axes: flatten of a scalar is defined (a [1] tensor) and axis-free ops may answer otherwise.
      if (shape.length === 0 && (op === "flatten" || op === "transpose" || op === "concat")) continue;
      expectRefused(t, fn, { type: AxisError, op, mentions: [String(axis)] });
    }
  });

  test.prop([arbSmallShape(1, 3), fc.nat()], { numRuns: 30 })("a repeated axis in a list is refused", (shape, i) => {
    const a = i % shape.length;
    const t = filled(shape);
    for (const op of AXIS_REDUCTIONS) {
      expectRefused(t, () => T[op](t, { axis: [a, a - shape.length] }), { type: AxisError, op, mentions: ["repeated"] });
    }
    if (shape.length >= 2) expectRefused(t, () => T.permute(t, [a, a, ...shape.slice(2).map((_, k) => k)]), { type: AxisError, op: "permute" });
  });

  test.prop([arbSmallShape(1, 3), arbWrongKind.filter((x) => x !== undefined && typeof x !== "number" && !Array.isArray(x))], { numRuns: 30 })(
    "an axis of the wrong kind (null, a string, an object) is an AxisError, not a crash",
    (shape, axis) => {
      const t = filled(shape);
      for (const op of AXIS_REDUCTIONS) expectRefused(t, () => T[op](t, { axis: axis as number }), { type: AxisError, op });
      expectRefused(t, () => T.unsqueeze(t, axis as number), { type: AxisError, op: "unsqueeze" });
    },
  );
});

describe("wrong dtypes", () => {
  test.prop([arbSmallShape(1, 2), fc.constantFrom<T.DType>("float32", "float64")], { numRuns: 20 })("float indices are a DTypeError naming the op and the dtype", (shape, dtype) => {
    const t = filled(shape);
    const index = T.zeros(shape.map(() => 1), { dtype });
    const flatIndex = T.zeros([1], { dtype });
    for (const [op, fn] of [
      ["gather", () => T.gather(t, 0, index)],
      ["scatterAdd", () => T.scatterAdd(shape, 0, index, T.ones(index.shape))],
      ["indexSelect", () => T.indexSelect(t, 0, flatIndex)],
      ["indexAdd", () => T.indexAdd(shape, 0, flatIndex, T.ones([1, ...shape.slice(1)]))],
      ["oneHot", () => T.oneHot(flatIndex, 3)],
    ] as const) {
      expectRefused([t, index, flatIndex], fn, { type: DTypeError, op, mentions: [dtype] });
    }
  });

  test.prop([fc.string({ maxLength: 8 }).filter((s) => !["float32", "float64", "int32"].includes(s))], { numRuns: 20 })(
    "an unknown dtype name is a DTypeError listing the valid ones",
    (dtype) => {
      const t = T.ones([2]);
      const bad = dtype as T.DType;
      for (const [op, fn] of [
        ["zeros", () => T.zeros([2], { dtype: bad })],
        ["ones", () => T.ones([2], { dtype: bad })],
        ["full", () => T.full([2], 1, { dtype: bad })],
        ["ndarray", () => T.ndarray([1, 2], { dtype: bad })],
        ["astype", () => t.astype(bad)],
        ["arange", () => T.arange(3, undefined, 1, { dtype: bad })],
      ] as const) {
        expectRefused(t, fn, { type: DTypeError, op, mentions: [JSON.stringify(dtype), '"float32"'] });
      }
    },
  );
});

describe("values that do not fit", () => {
  test.prop([fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1), fc.double({ min: 2 ** 31, max: 1e300 }), fc.double({ min: -1e300, max: -(2 ** 31) - 1 }))], { numRuns: 30 })(
    "a number that has no int32 value is refused, not wrapped around or turned into 0",
    (v) => {
      expectRefused(null, () => T.ndarray([1, v], { dtype: "int32" }), { type: ValueError, op: "ndarray", mentions: [String(v), "int32"] });
      expectRefused(null, () => T.ndarray(Float64Array.of(v), { dtype: "int32" }), { type: ValueError, op: "ndarray", mentions: ["int32"] });
      expectRefused(null, () => T.full([2], v, { dtype: "int32" }), { type: ValueError, op: "full", mentions: ["int32"] });
    },
  );

  test.prop([fc.array(fc.oneof(fc.integer({ min: -3, max: -1 }), fc.constantFrom(0.5, NaN, Infinity)), { minLength: 1, maxLength: 3 }), fc.constantFrom("zeros", "ones", "rand", "randn")], { numRuns: 30 })(
    "a shape with a negative, fractional or non-finite size",
    (shape, op) => {
      expectRefused(null, () => T[op](shape), { type: ValueError, op, mentions: ["size"] });
    },
  );

  it("a tensor too large for the engine is a ValueError, not the engine's RangeError", () => {
    expectRefused(null, () => T.zeros([1e6, 1e6]), { type: ValueError, op: "zeros", mentions: ["1000000000000", "float32"] });
    expectRefused(null, () => T.arange(0, 1e12), { type: ValueError, op: "arange", mentions: ["1000000000000", "float32"] });
  });
});

describe("ragged and malformed nested arrays", () => {
  /** A rectangular nested array with one sub-array made one element longer or shorter, or a leaf replaced. */
  const arbRagged = fc
    .record({ shape: arbSmallShape(2, 3, 2), path: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), how: fc.constantFrom("longer", "shorter", "leafArray", "leafString", "leafNull", "leafBool") })
    .map(({ shape, path, how }) => {
      const build = (depth: number): unknown => (depth === shape.length ? 1 : Array.from({ length: shape[depth]! }, () => build(depth + 1)));
      const data = build(0) as unknown[];
      // Walk to a random innermost array and break it.
      let node = data;
      for (let d = 0; d < shape.length - 1; d++) node = node[path[d]! % node.length] as unknown[];
      const i = path[2]! % node.length;
      if (how === "longer") node.push(1);
      else if (how === "shorter") node.pop();
      else node[i] = how === "leafArray" ? [1] : how === "leafString" ? "1" : how === "leafNull" ? null : true;
      return data;
    });

  test.prop([arbRagged], { numRuns: 50 })("ndarray() on ragged nested arrays throws a ValueError naming ndarray", (data) => {
    const copy = JSON.stringify(data);
    expectRefused(data, () => T.ndarray(data as T.NestedArray), { type: ValueError, op: "ndarray" });
    expect(JSON.stringify(data)).toBe(copy);
  });
});

describe("arguments of the wrong kind (from JavaScript callers)", () => {
  test.prop([arbWrongKind, fc.constantFrom(...UNARY)], { numRuns: 40 })("unary ops given a non-NDArray", (x, op) => {
    expectRefused(null, () => (T[op] as (t: unknown) => NDArray)(x), { type: ValueError, op, mentions: ["NDArray"] });
  });

  test.prop([arbWrongKind, fc.constantFrom(...BINARY), fc.boolean()], { numRuns: 40 })("binary ops given an operand that is neither an NDArray nor a number", (x, op, left) => {
    const t = T.ones([2]);
    const call = (): unknown => (left ? (T[op] as (a: unknown, b: unknown) => NDArray)(x, t) : (T[op] as (a: unknown, b: unknown) => NDArray)(t, x));
    expectRefused(t, call, { type: ValueError, op, mentions: ["NDArray or a number"] });
  });

  test.prop([arbWrongKind], { numRuns: 30 })("reductions, views and matmul given a non-NDArray", (x) => {
    const t = T.ones([2, 2]);
    for (const [op, fn] of [
      ["sum", () => T.sum(x as NDArray)],
      ["mean", () => T.mean(x as NDArray)],
      ["max", () => T.max(x as NDArray)],
      ["variance", () => T.variance(x as NDArray)],
      ["argmax", () => T.argmax(x as NDArray)],
      ["reshape", () => T.reshape(x as NDArray, [4])],
      ["transpose", () => T.transpose(x as NDArray)],
      ["slice", () => T.slice(x as NDArray, [])],
      ["contiguous", () => T.contiguous(x as NDArray)],
      ["matmul", () => T.matmul(t, x as NDArray)],
      ["gather", () => T.gather(t, 0, x as NDArray)],
      ["where", () => T.where(x as NDArray, t, t)],
    ] as const) {
      expectRefused(t, fn, { type: ValueError, op });
    }
  });

  test.prop([arbWrongKind.filter((x) => !Array.isArray(x))], { numRuns: 30 })("a shape or a list of ranges that is not an array", (shape) => {
    const t = T.ones([2, 2]);
    for (const [op, fn] of [
      ["reshape", () => T.reshape(t, shape as number[])],
      ["broadcastTo", () => T.broadcastTo(t, shape as number[])],
      ["expand", () => T.expand(t, shape as number[])],
      ["slice", () => T.slice(t, shape as T.SliceRange[])],
      ["zeros", () => T.zeros(shape as number[])],
    ] as const) {
      expectRefused(t, fn, { type: ValueError, op });
    }
  });
});

describe("NaN and ±Infinity propagate, never crash", () => {
  const special = fc.constantFrom(NaN, Infinity, -Infinity);
  const arbWithSpecials = arbSmallShape(1, 3).chain((shape) =>
    fc.tuple(arbFloatTensor(shape), fc.array(fc.tuple(fc.nat(), special), { minLength: 1, maxLength: 3 })).map(([t, hits]) => {
      const data = Float32Array.from(t.storage);
      for (const [i, v] of hits) data[i % data.length] = v;
      return new NDArray(data, shape);
    }),
  );

  test.prop([arbWithSpecials, fc.constantFrom(...UNARY)], { numRuns: 60 })("unary ops: NaN in gives NaN out, element by element", (t, op) => {
    const y = T[op](t);
    const x = t.toTypedArray();
    const out = y.toTypedArray();
    expect(y.shape).toEqual(t.shape);
    for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) expect(out[i], `${op}(NaN)`).toBeNaN();
  });

  test.prop([arbWithSpecials, fc.constantFrom("add", "sub", "mul", "div", "maximum", "minimum", "pow")], { numRuns: 40 })(
    "binary ops: a NaN operand gives NaN",
    (t, op) => {
      const y = T[op](t, t);
      const x = t.toTypedArray();
      const out = y.toTypedArray();
      for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) expect(out[i], `${op}(NaN, NaN)`).toBeNaN();
    },
  );

  test.prop([arbWithSpecials], { numRuns: 40 })("reductions and matmul: a NaN anywhere in a row makes that result NaN", (t) => {
    const hasNaN = Array.from(t.toTypedArray()).some(Number.isNaN);
    for (const op of ["sum", "mean", "max", "min", "prod"] as const) {
      const r = T[op](t).item();
      if (hasNaN) expect(r, op).toBeNaN();
    }
    const flat = T.reshape(t, [1, -1]);
    const m = T.matmul(flat, T.ones([t.size, 1])).item();
    if (hasNaN) expect(m).toBeNaN();
    const v = T.variance(t, { correction: 0 }).item();
    expect(Number.isNaN(v) || v >= 0).toBe(true);
  });
});

describe("empty tensors: PyTorch's results", () => {
  test.prop([arbEmptyShape], { numRuns: 30 })("sum is 0, prod is 1, mean and variance are NaN, max and argmax over everything are errors", (shape) => {
    const t = T.zeros(shape);
    expect(T.sum(t).item()).toBe(0);
    expect(T.prod(t).item()).toBe(1);
    expect(T.mean(t).item()).toBeNaN();
    expect(T.variance(t).item()).toBeNaN();
    expectRefused(t, () => T.max(t), { type: ValueError, op: "max", mentions: [fmt(shape), "empty"] });
    expectRefused(t, () => T.min(t), { type: ValueError, op: "min", mentions: [fmt(shape)] });
    expectRefused(t, () => T.argmax(t), { type: ValueError, op: "argmax", mentions: ["empty"] });
  });

  test.prop([arbEmptyShape], { numRuns: 30 })("reducing along one axis: an empty reduced axis gives 0 / NaN / an error; other axes keep their emptiness", (shape) => {
    const t = T.zeros(shape);
    shape.forEach((d, axis) => {
      const out = shape.filter((_, i) => i !== axis);
      expect(T.sum(t, { axis }).shape).toEqual(out);
      if (d === 0) {
        expect(Array.from(T.sum(t, { axis }).toTypedArray()).every((v) => v === 0)).toBe(true);
        expect(Array.from(T.mean(t, { axis }).toTypedArray()).every(Number.isNaN)).toBe(true);
        expectRefused(t, () => T.max(t, { axis }), { type: ValueError, op: "max", mentions: [fmt(shape)] });
      } else {
        expect(T.max(t, { axis }).shape).toEqual(out);
        expect(T.max(t, { axis }).size).toBe(0);
      }
    });
  });

  test.prop([fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), arbSmallShape(0, 1)], { numRuns: 30 })("matmul with k = 0 is zeros; with m or n = 0 it is empty", (m, n, batch) => {
    const c = T.matmul(T.ones([...batch, m, 0]), T.ones([0, n]));
    expect(c.shape).toEqual([...batch, m, n]);
    expect(Array.from(c.toTypedArray()).every((v) => v === 0)).toBe(true);
    expect(T.matmul(T.ones([0]), T.ones([0])).item()).toBe(0);
  });

  test.prop([arbEmptyShape, arbEmptyShape], { numRuns: 30 })("reshape of an empty tensor to any empty shape; -1 cannot be inferred next to a 0", (from, to) => {
    const t = T.zeros(from);
    expect(T.reshape(t, to).shape).toEqual(to);
    expectRefused(t, () => T.reshape(t, [...to, -1]), { type: ShapeError, op: "reshape", mentions: [fmt(from)] });
  });

  test.prop([arbEmptyShape], { numRuns: 20 })("elementwise ops, views and broadcasting keep empty shapes", (shape) => {
    const t = T.zeros(shape);
    expect(T.exp(t).shape).toEqual(shape);
    expect(T.add(t, 1).shape).toEqual(shape);
    expect(T.add(t, T.ones([shape[shape.length - 1]!])).shape).toEqual(shape);
    expect(T.transpose(t).shape).toEqual(shape.length >= 2 ? [...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!] : shape);
    expect(T.contiguous(t).size).toBe(0);
    expect(T.concat([t, t], 0).shape).toEqual([shape[0]! * 2, ...shape.slice(1)]);
  });

  it("snapshots see every element (the unchanged-checks above can fail)", () => {
    const t = T.ndarray([1, 2, 3]);
    const before = snapshot(t);
    (t.storage as Float32Array)[1] = 5;
    expect(snapshot(t)).not.toEqual(before);
  });
});
