// Robustness of @tsgrad/autograd: generated bad input through Tensors and the engine —
// shapes that do not broadcast, invalid axes, operands of the wrong kind, backward without
// a gradient or twice — gets a typed error naming the op and the shapes and leaves every
// Tensor (data, grad, version, graph) as it was; NaN propagates through forward and
// backward; empty Tensors give PyTorch's results.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as A from "@tsgrad/autograd";
import { Tensor, tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { AxisError, ShapeError, TsgradError, ValueError } from "@tsgrad/ndarray";
import {
  arbBadAxis,
  arbEmptyShape,
  arbFloatTensor,
  arbNonBroadcastingShapes,
  arbSmallShape,
  arbWrongKind,
  expectRefused,
  expectTypedError,
  expectUnchanged,
  fmt,
  snapshot,
} from "../../ndarray/test/robustness-helpers.js";

const filled = (shape: readonly number[]): T.NDArray => T.div(T.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape), 7);

/** A leaf that requires grad and already holds a gradient (so "unchanged" covers `.grad`). */
function leafWithGrad(shape: readonly number[]): Tensor {
  const v = tensor(filled(shape), { requiresGrad: true });
  v.grad = tensor(T.fullLike(v.data, 0.5));
  return v;
}

const BINARY = ["add", "sub", "mul", "div", "pow", "maximum", "minimum"] as const;

describe("shapes that do not broadcast", () => {
  test.prop([arbNonBroadcastingShapes, fc.constantFrom(...BINARY)], { numRuns: 40 })(
    "binary ops on Tensors: a ShapeError naming the op and both shapes; data, grads and graphs untouched",
    ([sa, sb], op) => {
      const a = leafWithGrad(sa);
      const b = leafWithGrad(sb).mul(2); // a non-leaf operand: its graph must survive too
      expectRefused([a, b], () => A[op](a, b), { type: ShapeError, op, mentions: [fmt(sa), fmt(sb)] });
    },
  );

  test.prop([arbNonBroadcastingShapes], { numRuns: 20 })("where, broadcastTo and expand", ([sa, sb]) => {
    const x = leafWithGrad(sa);
    const cond = T.ones(sb, { dtype: "int32" });
    expectRefused(x, () => A.where(cond, x, 0), { type: ShapeError, op: "where", mentions: [fmt(sb), fmt(sa)] });
    const target = [...Array<number>(Math.max(0, sa.length - sb.length)).fill(2), ...sb];
    expectRefused(x, () => A.broadcastTo(x, target), { type: ShapeError, op: "broadcastTo", mentions: [fmt(sa), fmt(target)] });
    expectRefused(x, () => A.expand(x, target), { type: ShapeError, op: "expand", mentions: [fmt(sa)] });
  });

  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })], { numRuns: 30 })(
    "matmul and linear with sizes that do not fit name both shapes",
    (m, k, dk, n) => {
      const x = leafWithGrad([m, k]);
      const w = leafWithGrad([n, k + dk]);
      const b = leafWithGrad([n]);
      expectRefused([x, w], () => A.matmul(x, A.transpose(w)), { type: ShapeError, op: "matmul", mentions: [fmt([m, k]), fmt([k + dk, n])] });
      expectRefused([x, w, b], () => A.linear(x, w, b), { type: ShapeError, op: "linear", mentions: [fmt([m, k]), fmt([n, k + dk])] });
    },
  );

  test.prop([arbSmallShape(1, 3), arbSmallShape(1, 3)], { numRuns: 30 })("reshape to another number of elements", (from, to) => {
    fc.pre(from.reduce((a, b) => a * b, 1) !== to.reduce((a, b) => a * b, 1));
    const x = leafWithGrad(from);
    expectRefused(x, () => A.reshape(x, to), { type: ShapeError, op: "reshape", mentions: [fmt(from), fmt(to)] });
  });
});

describe("invalid axes", () => {
  const arbCase = arbSmallShape(1, 3).chain((shape) => fc.tuple(fc.constant(shape), arbBadAxis(shape.length)));
  const ops: readonly [string, (x: Tensor, axis: number) => unknown][] = [
    ["sum", (x, axis) => A.sum(x, { axis })],
    ["mean", (x, axis) => A.mean(x, { axis: [axis] })],
    ["max", (x, axis) => A.max(x, { axis })],
    ["min", (x, axis) => A.min(x, { axis })],
    ["variance", (x, axis) => A.variance(x, { axis })],
    ["std", (x, axis) => A.std(x, { axis })],
    ["softmax", (x, axis) => A.softmax(x, axis)],
    ["logSoftmax", (x, axis) => A.logSoftmax(x, axis)],
    ["logSumExp", (x, axis) => A.logSumExp(x, axis)],
    ["squeeze", (x, axis) => A.squeeze(x, axis)],
    ["unsqueeze", (x, axis) => A.unsqueeze(x, axis + (axis >= 0 ? 1 : -1))],
    ["transpose", (x, axis) => A.transpose(x, axis, 0)],
    ["flatten", (x, axis) => A.flatten(x, axis)],
    ["concat", (x, axis) => A.concat([x, x], axis)],
    ["stack", (x, axis) => A.stack([x, x], axis + (axis >= 0 ? 1 : -1))],
  ];

  test.prop([arbCase, fc.constantFrom(...ops)], { numRuns: 80 })("an AxisError naming the op and the axis; the Tensor untouched", ([shape, axis], [op, fn]) => {
    const x = leafWithGrad(shape);
    expectRefused(x, () => fn(x, axis), { type: AxisError, op, mentions: [String(axis + (op === "unsqueeze" || op === "stack" ? (axis >= 0 ? 1 : -1) : 0))] });
  });

  test.prop([arbSmallShape(1, 3), arbWrongKind.filter((x) => x !== undefined && typeof x !== "number" && !Array.isArray(x)), fc.constantFrom(...ops.slice(0, 9))], { numRuns: 40 })(
    "an axis of the wrong kind is an AxisError too",
    (shape, axis, [op, fn]) => {
      const x = leafWithGrad(shape);
      expectRefused(x, () => fn(x, axis as number), { type: AxisError, op });
    },
  );
});

describe("operands of the wrong kind (from JavaScript callers)", () => {
  const unary = ["exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "neg", "sin", "cos", "erf", "sum", "mean", "softmax", "square", "gelu"] as const;

  test.prop([arbWrongKind, fc.constantFrom(...unary)], { numRuns: 40 })("unary ops: a ValueError naming the op", (x, op) => {
    expectRefused(null, () => (A[op] as (v: unknown) => Tensor)(x), { type: ValueError, op, mentions: ["Tensor, an NDArray or a number"] });
  });

  test.prop([arbWrongKind, fc.constantFrom(...BINARY, "matmul" as const), fc.boolean()], { numRuns: 40 })("binary ops: a ValueError naming the op; the other operand untouched", (x, op, left) => {
    const v = leafWithGrad([2]);
    const f = A[op] as (a: unknown, b: unknown) => Tensor;
    expectRefused(v, () => (left ? f(x, v) : f(v, x)), { type: ValueError, op });
  });

  test.prop([arbWrongKind.filter((x) => !Array.isArray(x))], { numRuns: 30 })("shapes, range lists and operand lists that are not arrays", (bad) => {
    const v = leafWithGrad([2, 2]);
    for (const [op, fn] of [
      ["reshape", () => A.reshape(v, bad as number[])],
      ["broadcastTo", () => A.broadcastTo(v, bad as number[])],
      ["slice", () => A.slice(v, bad as T.SliceRange[])],
      ["concat", () => A.concat(bad as Tensor[])],
      ["stack", () => A.stack(bad as Tensor[])],
      ["where", () => A.where(bad as T.NDArray, v, v)],
    ] as const) {
      expectRefused(v, fn, { type: ValueError, op });
    }
  });
});

describe("backward misuse", () => {
  test.prop([arbSmallShape(1, 3).filter((s) => s.reduce((a, b) => a * b, 1) > 1)], { numRuns: 20 })(
    "backward on a non-scalar without a gradient names the shape; nothing is accumulated and the graph survives",
    (shape) => {
      const x = leafWithGrad(shape);
      const y = A.tanh(A.mul(x, x));
      expectRefused([x, y], () => y.backward(), { type: TsgradError, op: "backward", mentions: [fmt(shape)] });
      y.backward(T.onesLike(y.data));
      expect(x.grad!.shape).toEqual(shape);
    },
  );

  test.prop([arbSmallShape(0, 3), arbSmallShape(0, 3)], { numRuns: 20 })("backward with a gradient of the wrong shape names both shapes", (shape, gShape) => {
    fc.pre(fmt(shape) !== fmt(gShape));
    const x = leafWithGrad(shape);
    const y = A.exp(x);
    expectRefused([x, y], () => y.backward(T.ones(gShape)), { type: TsgradError, op: "backward", mentions: [fmt(gShape), fmt(shape)] });
    expectRefused([x, y], () => y.backward("1" as unknown as number), { type: ValueError, op: "backward" });
  });

  test.prop([arbSmallShape(0, 3), fc.constantFrom("exp", "tanh", "sigmoid", "square")], { numRuns: 20 })(
    "backward twice without retainGraph names the op whose values were freed; the grads stay as after the first",
    (shape, op) => {
      const x = leafWithGrad(shape);
      const loss = A.sum(A[op](x));
      loss.backward();
      const e = expectRefused([x, loss], () => loss.backward(), { type: TsgradError, op: "backward", mentions: ["second time", "retainGraph"] });
      expect(e.details).toHaveProperty("op");
    },
  );

  test.prop([arbSmallShape(0, 2)], { numRuns: 15 })("backward after an input's data was replaced, and on a Tensor without a graph", (shape) => {
    const x = leafWithGrad(shape);
    const y = A.sum(A.mul(x, x));
    x.data = T.onesLike(x.data); // as an optimizer would, between forward and backward
    expectRefused([x, y], () => y.backward(), { type: TsgradError, op: "backward", mentions: ['"mul"', "modified"] });
    const c = tensor(filled(shape));
    expectRefused(c, () => A.sum(c).backward(), { type: TsgradError, op: "backward", mentions: ["does not require grad"] });
    const z = leafWithGrad(shape);
    expectRefused([x, z], () => A.grad(A.sum(A.exp(x)), [z]), { type: TsgradError, op: "grad", mentions: ["not used"] });
  });

  it("a hook returning a gradient of the wrong shape names registerHook and leaves every grad as it was", () => {
    const a = leafWithGrad([3]);
    const b = leafWithGrad([3]);
    b.registerHook(() => tensor(T.ones([4])));
    const loss = A.sum(A.mul(a, b));
    const before = snapshot([a.grad, b.grad]);
    expectTypedError(() => loss.backward(), { type: TsgradError, op: "registerHook", mentions: [fmt([4]), fmt([3])] });
    expectUnchanged(before, [a.grad, b.grad]);
  });
});

describe("NaN and ±Infinity through forward and backward", () => {
  const SMOOTH = ["exp", "log", "sqrt", "tanh", "sigmoid", "sin", "cos", "erf", "abs"] as const;
  const arbWithNaN = arbSmallShape(1, 3).chain((shape) =>
    fc.tuple(arbFloatTensor(shape), fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity)).map(([t, i, v]) => {
      const data = Float32Array.from(t.storage);
      data[i % data.length] = v;
      return { x: new T.NDArray(data, shape), at: i % data.length, value: v };
    }),
  );

  test.prop([arbWithNaN, fc.constantFrom(...SMOOTH)], { numRuns: 60 })("a smooth op: NaN in gives NaN out and a NaN gradient there; no crash", ({ x, at, value }, op) => {
    const v = tensor(x, { requiresGrad: true });
    const y = A[op](v);
    A.sum(y).backward();
    expect(v.grad!.shape).toEqual(x.shape);
    if (Number.isNaN(value)) {
      expect(y.data.toTypedArray()[at]).toBeNaN();
      expect(v.grad!.data.toTypedArray()[at]).toBeNaN();
    }
  });

  test.prop([arbWithNaN], { numRuns: 30 })("softmax, logSoftmax, variance and a matmul chain finish and carry the NaN", ({ x }) => {
    const v = tensor(x.reshape([1, -1]), { requiresGrad: true });
    const w = tensor(T.ones([x.size, 3]), { requiresGrad: true });
    const loss = A.sum(A.logSoftmax(A.matmul(A.softmax(v), w)));
    loss.backward();
    expect(Number.isNaN(loss.item()) || Number.isFinite(loss.item())).toBe(true);
    expect(v.grad!.shape).toEqual([1, x.size]);
    expect(w.grad!.shape).toEqual([x.size, 3]);
    const s = A.variance(v, { correction: 0 }).item();
    expect(Number.isNaN(s) || s >= 0).toBe(true);
  });
});

describe("empty Tensors", () => {
  test.prop([arbEmptyShape], { numRuns: 20 })("sum is 0 with an empty gradient; mean is NaN; max over everything is refused", (shape) => {
    const x = tensor(T.zeros(shape), { requiresGrad: true });
    const s = A.sum(x);
    expect(s.item()).toBe(0);
    s.backward();
    expect(x.grad!.shape).toEqual(shape);
    expect(A.mean(x).item()).toBeNaN();
    expectRefused(x, () => A.max(x), { type: ValueError, op: "max", mentions: [fmt(shape)] });
  });

  test.prop([fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })], { numRuns: 20 })("matmul with k = 0 is zeros, and its gradients are empty", (m, n) => {
    const a = tensor(T.zeros([m, 0]), { requiresGrad: true });
    const b = tensor(T.zeros([0, n]), { requiresGrad: true });
    const c = A.matmul(a, b);
    expect(c.shape).toEqual([m, n]);
    expect(Array.from(c.data.toTypedArray()).every((v) => v === 0)).toBe(true);
    A.sum(c).backward();
    expect(a.grad!.shape).toEqual([m, 0]);
    expect(b.grad!.shape).toEqual([0, n]);
  });

  test.prop([fc.integer({ min: 1, max: 4 })], { numRuns: 10 })("softmax and logSoftmax over an empty axis are empty; logSumExp over it is −∞", (rows) => {
    const x = tensor(T.zeros([rows, 0]), { requiresGrad: true });
    expect(A.softmax(x, 1).shape).toEqual([rows, 0]);
    expect(A.logSoftmax(x, 1).shape).toEqual([rows, 0]);
    expect(Array.from(A.logSumExp(x, 1).data.toTypedArray())).toEqual(Array<number>(rows).fill(-Infinity));
    expect(A.softmax(x, 0).shape).toEqual([rows, 0]);
    A.sum(A.logSoftmax(x, 1)).backward();
    expect(x.grad!.shape).toEqual([rows, 0]);
  });

  test.prop([arbEmptyShape, arbEmptyShape], { numRuns: 20 })("reshape between empty shapes, with a gradient", (from, to) => {
    const x = tensor(T.zeros(from), { requiresGrad: true });
    const y = A.reshape(x, to);
    expect(y.shape).toEqual(to);
    A.sum(y).backward();
    expect(x.grad!.shape).toEqual(from);
  });
});
