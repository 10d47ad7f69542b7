import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { Tensor, add, sum, zeros } from "@tsgrad/autograd";
import { arbAxes, arbBroadcastShapes, arbShape, arbTensor } from "@tsgrad/testing";

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

describe("arbShape", () => {
  test.prop([arbShape()], { numRuns: 50 })("defaults: rank 0..4, axes 1..4", (shape) => {
    expect(shape.length).toBeLessThanOrEqual(4);
    for (const d of shape) expect(d >= 1 && d <= 4 && Number.isInteger(d)).toBe(true);
  });

  test.prop([arbShape({ minRank: 2, maxRank: 5, minSize: 0, maxSize: 6, maxElements: 30 })], { numRuns: 50 })(
    "respects every bound, the element cap included",
    (shape) => {
      expect(shape.length).toBeGreaterThanOrEqual(2);
      expect(shape.length).toBeLessThanOrEqual(5);
      for (const d of shape) expect(d >= 0 && d <= 6).toBe(true);
      expect(size(shape)).toBeLessThanOrEqual(30);
    },
  );

  test.prop([arbShape({ minSize: 2, maxRank: 6, maxElements: 16 })], { numRuns: 50 })("drops ranks that cannot fit the cap", (shape) => {
    expect(shape.length).toBeLessThanOrEqual(4);
    expect(size(shape)).toBeLessThanOrEqual(16);
    for (const d of shape) expect(d).toBeGreaterThanOrEqual(2);
  });

  it("rejects contradictory bounds with a ValueError", () => {
    expect(() => arbShape({ minRank: 3, maxRank: 2 })).toThrow(T.ValueError);
    expect(() => arbShape({ minSize: 5, maxSize: 4 })).toThrow(/minSize 5/);
    expect(() => arbShape({ minRank: 3, minSize: 3, maxElements: 20 })).toThrow(/rank 3/);
  });
});

describe("arbTensor", () => {
  test.prop([arbTensor({ maxRank: 3 })], { numRuns: 50 })("defaults: float64 Tensors (not requiring grad) with values in [-10, 10]", (t) => {
    expect(t).toBeInstanceOf(Tensor);
    expect(t.requiresGrad).toBe(false);
    expect(t.isLeaf).toBe(true);
    expect(t.dtype).toBe("float64");
    for (const x of t.toTypedArray()) expect(x >= -10 && x <= 10).toBe(true);
  });

  test.prop([arbTensor({ shape: [2, 3], min: 0.5, max: 2 })], { numRuns: 30 })("a fixed shape and range", (t) => {
    expect(t.shape).toEqual([2, 3]);
    for (const x of t.toTypedArray()) expect(x >= 0.5 && x <= 2).toBe(true);
  });

  test.prop([arbTensor({ maxRank: 2, maxSize: 5, minAbs: 0.25, min: -1, max: 3 })], { numRuns: 50 })(
    "minAbs keeps values away from 0",
    (t) => {
      for (const x of t.toTypedArray()) expect(Math.abs(x) >= 0.25 && x >= -1 && x <= 3).toBe(true);
    },
  );

  test.prop([arbTensor({ shape: fc.constantFrom([1], [4, 2]), dtype: "int32", min: -3.5, max: 3.5 })], { numRuns: 30 })(
    "int32: integers in range, shapes from an arbitrary",
    (t) => {
      expect(t.dtype).toBe("int32");
      expect([[1], [4, 2]]).toContainEqual(t.shape);
      for (const x of t.toTypedArray()) expect(Number.isInteger(x) && x >= -3 && x <= 3).toBe(true);
    },
  );

  test.prop([arbTensor({ dtype: "float32", maxRank: 2 })], { numRuns: 30 })("float32: values representable in float32", (t) => {
    expect(t.dtype).toBe("float32");
    for (const x of t.toTypedArray()) expect(Math.fround(x)).toBe(x);
  });

  it("rejects empty ranges and unknown dtypes", () => {
    expect(() => arbTensor({ min: 2, max: 1 })).toThrow(T.ValueError);
    expect(() => arbTensor({ min: -0.1, max: 0.1, minAbs: 0.5 })).toThrow(/magnitude/);
    expect(() => arbTensor({ dtype: "int32", min: 0.2, max: 0.8 })).toThrow(/int32/);
    expect(() => arbTensor({ dtype: "bool" as T.DType })).toThrow(/dtype/);
  });
});

describe("arbBroadcastShapes", () => {
  test.prop([arbBroadcastShapes(3, { maxRank: 4, maxSize: 3 })], { numRuns: 100 })("three shapes broadcast together", ([a, b, c]) => {
    const out = T.broadcastShapes("test", a, b, c);
    expect(out.length).toBeLessThanOrEqual(4);
    for (const s of [a, b, c]) {
      expect(s.length).toBeLessThanOrEqual(out.length);
      // Every axis is 1 or the broadcast size.
      s.forEach((d, i) => expect(d === 1 || d === out[i + out.length - s.length]).toBe(true));
    }
    // Real Tensors (and NDArrays) of these shapes add without error, to the broadcast shape.
    expect(add(add(zeros(a), zeros(b)), zeros(c)).shape).toEqual(out);
    expect(T.add(T.add(T.zeros(a), T.zeros(b)), T.zeros(c)).shape).toEqual(out);
  });

  test.prop([arbBroadcastShapes(2, { minRank: 1, maxRank: 3, minSize: 2 })], { numRuns: 100 })(
    "pairs cover unequal shapes: axis bounds hold for non-1 axes",
    ([a, b]) => {
      for (const d of [...a, ...b]) expect(d === 1 || (d >= 2 && d <= 4)).toBe(true);
    },
  );

  it("draws pairs that differ and pairs that are equal", () => {
    const samples = fc.sample(arbBroadcastShapes(2, { minRank: 1, maxRank: 3, minSize: 2 }), { numRuns: 200, seed: 1 });
    const same = samples.filter(([a, b]) => JSON.stringify(a) === JSON.stringify(b)).length;
    expect(same).toBeGreaterThan(0);
    expect(same).toBeLessThan(samples.length);
  });

  it("rejects a bad count", () => {
    expect(() => arbBroadcastShapes(0)).toThrow(T.ValueError);
  });
});

describe("arbAxes", () => {
  const withRank = fc.integer({ min: 0, max: 5 }).chain((rank) => fc.tuple(fc.constant(rank), arbAxes(rank)));

  test.prop([withRank], { numRuns: 100 })("distinct, in range, negatives allowed", ([rank, spec]) => {
    const list = spec === undefined ? Array.from({ length: rank }, (_, i) => i) : typeof spec === "number" ? [spec] : spec;
    const normalized = list.map((a) => {
      expect(Number.isInteger(a) && a >= -rank && a < rank).toBe(true);
      return a < 0 ? a + rank : a;
    });
    expect(new Set(normalized).size).toBe(normalized.length);
    // Tensor reductions (and the NDArray core) accept it.
    const shape = Array.from({ length: rank }, (_, i) => i + 1);
    expect(sum(zeros(shape), { axis: spec }).ndim).toBe(rank - normalized.length);
    expect(T.sum(T.zeros(shape), { axis: spec }).ndim).toBe(rank - normalized.length);
  });

  test.prop([arbAxes(4, { minCount: 1, maxCount: 2 })], { numRuns: 50 })("counts are respected", (spec) => {
    const n = spec === undefined ? 4 : typeof spec === "number" ? 1 : spec.length;
    expect(n >= 1 && n <= 2).toBe(true);
  });

  it("produces every form: lists, bare numbers, negatives and undefined", () => {
    const samples = fc.sample(arbAxes(2), { numRuns: 300, seed: 2 });
    expect(samples.some((s) => s === undefined)).toBe(true);
    expect(samples.some((s) => typeof s === "number")).toBe(true);
    expect(samples.some((s) => Array.isArray(s) && s.some((a) => a < 0))).toBe(true);
    expect(samples.some((s) => Array.isArray(s) && s.length === 0)).toBe(true);
  });

  it("rejects impossible counts", () => {
    expect(() => arbAxes(2, { maxCount: 3 })).toThrow(T.ValueError);
    expect(() => arbAxes(-1)).toThrow(/rank/);
  });
});
