// maxPool2d / maxPool2dGrad and avgPool2d / avgPool2dGrad: forward against the direct loops of
// conv-reference.ts over random windows and memory layouts, float64 gradcheck, a
// random-direction vjp property, second-order checks, ties, NaN and errors; each
// primitive's block (primitive.describe) also holds its float32 numerics case.
import { expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { PRIMITIVES, type Tensor, avgPool2d, avgPool2dGrad, grad, maxPool2d, maxPool2dGrad, maxPool2dWithIndices, tensor } from "@tsgrad/autograd";
import { checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";
import { cases, primitive } from "./primitive-block.js";
import { type Dense, type Layout, type PoolCase, fromNDArray, maxRelError, outSize, randomDense, refAvgPool2d, refMaxPool2d, toNDArray } from "./conv-reference.js";

const small = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });
const arbLayout: fc.Arbitrary<Layout> = fc.constantFrom("contiguous", "permuted", "strided");

interface Case extends PoolCase {
  shape: [number, number, number, number];
}

/** Random pooling windows: kernel, stride (overlapping or not), padding ≤ kernel/2, dilation; odd sizes. */
function arbPoolCase(withDilation: boolean, maxSpatial = 7): fc.Arbitrary<Case> {
  return fc
    .record({
      n: small(2),
      c: small(3),
      h: small(maxSpatial),
      w: small(maxSpatial),
      kernel: fc.tuple(small(3), small(3)),
      stride: fc.tuple(small(3), small(3)),
      padding: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
      dilation: withDilation ? fc.tuple(small(2), small(2)) : fc.constant<[number, number]>([1, 1]),
      ceilMode: fc.boolean(),
      countIncludePad: fc.boolean(),
    })
    .map(
      (r): Case => ({
        shape: [r.n, r.c, r.h, r.w],
        kernel: r.kernel,
        stride: r.stride,
        padding: [Math.min(r.padding[0], Math.floor(r.kernel[0] / 2)), Math.min(r.padding[1], Math.floor(r.kernel[1] / 2))],
        dilation: r.dilation,
        ceilMode: r.ceilMode,
        countIncludePad: r.countIncludePad,
      }),
    )
    .filter((pc) => outputOf(pc)[0] >= 1 && outputOf(pc)[1] >= 1);
}

function outputOf(pc: Case): [number, number] {
  return [
    outSize(pc.shape[2], pc.kernel[0], pc.stride[0], pc.padding[0], pc.padding[0], pc.dilation[0], pc.ceilMode),
    outSize(pc.shape[3], pc.kernel[1], pc.stride[1], pc.padding[1], pc.padding[1], pc.dilation[1], pc.ceilMode),
  ];
}

/**
 * Whether every window holds at least one real element. With a large dilation a window can
 * fall entirely on padding; its output is −∞ (as in PyTorch), where differences are undefined.
 */
function noEmptyWindow(pc: Case): boolean {
  return refMaxPool2d({ shape: pc.shape, data: new Float64Array(pc.shape.reduce((a, b) => a * b, 1)) }, pc).indices.every((i) => i >= 0);
}

function maxOpts(pc: Case): T.MaxPool2dOptions {
  return { kernelSize: pc.kernel, stride: pc.stride, padding: pc.padding, dilation: pc.dilation, ceilMode: pc.ceilMode ?? false };
}

function avgOpts(pc: Case): T.AvgPool2dOptions {
  return { kernelSize: pc.kernel, stride: pc.stride, padding: pc.padding, ceilMode: pc.ceilMode ?? false, countIncludePad: pc.countIncludePad ?? true };
}

/**
 * Values 0.1 apart in a seeded random order: no two elements of a window are within a
 * finite-difference step of each other, so the argmax never flips during a gradcheck.
 */
function distinctDense(shape: number[], seed: number): Dense {
  const size = shape.reduce((a, b) => a * b, 1);
  const perm = T.permutation(size, { seed }).toTypedArray();
  return { shape, data: Float64Array.from(perm, (p) => (p - size / 2) * 0.1) };
}

function expectMatches(actual: T.NDArray, expected: Dense, tol: number): void {
  expect([...actual.shape]).toEqual(expected.shape);
  expect(maxRelError(fromNDArray(actual).data, expected.data)).toBeLessThanOrEqual(tol);
}

primitive.describe("maxPool2d", {
  numerics: cases.pool
    .chain((g) => fc.tuple(fc.constant(g), cases.input([g.n, g.c, g.h, g.w])))
    .map(([g, x]) => ({ inputs: [x], run: ([v]) => maxPool2d(v!, { kernelSize: g.k, stride: g.stride }), terms: 1 })),
}, () => {
  it("computes hand values and sends the gradient to the maximum", () => {
    const x = tensor(T.arange(16, undefined, 1, { dtype: "float64" }).reshape([1, 1, 4, 4]), { requiresGrad: true });
    const y = maxPool2d(x, { kernelSize: 2 });
    expect(y.data.toArray()).toEqual([[[[5, 7], [13, 15]]]]);
    y.sum().backward();
    expect(x.grad!.data.toArray()).toEqual([[[[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]]]);
  });

  test.prop([arbPoolCase(true), fc.integer({ min: 0, max: 1e6 }), arbLayout, fc.constantFrom<T.DType>("float64", "float32")], { numRuns: 150 })(
    "values and argmax indices equal the direct loops on random windows and layouts",
    (pc, seed, layout, dtype) => {
      const x = randomDense(pc.shape, seed);
      const xs = dtype === "float32" ? { shape: x.shape, data: Float64Array.from(Float32Array.from(x.data)) } : x;
      const { values, indices } = maxPool2dWithIndices(tensor(toNDArray(xs, layout, dtype)), maxOpts(pc));
      const ref = refMaxPool2d(xs, pc);
      expect(values.dtype).toBe(dtype);
      expectMatches(values.data, ref.values, 0);
      expect(Array.from(indices.toTypedArray())).toEqual(Array.from(ref.indices));
    },
  );

  test.prop([arbPoolCase(true, 5), fc.integer({ min: 0, max: 1e6 })], { numRuns: 40 })("gradcheck (float64, distinct values)", (pc, seed) => {
    fc.pre(noEmptyWindow(pc));
    const r = gradcheck((x) => maxPool2d(x!, maxOpts(pc)), [toNDArray(distinctDense(pc.shape, seed))]);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });

  test.prop([arbPoolCase(true), fc.integer({ min: 0, max: 1e6 }), arbLayout], { numRuns: 60 })(
    "random-direction vjp: ⟨u, J·v⟩ = ⟨Jᵀu, v⟩",
    (pc, seed, layout) => {
      fc.pre(noEmptyWindow(pc));
      const r = checkVjp((x) => maxPool2d(x!, maxOpts(pc)), [toNDArray(distinctDense(pc.shape, seed), layout)], { seed });
      expect(r.ok, JSON.stringify(r.terms)).toBe(true);
    },
  );

  test.prop([arbPoolCase(true, 5), fc.integer({ min: 0, max: 1e6 })], { numRuns: 20 })(
    "second order: gradgradcheck of maxPool2d, and maxPool2dGrad is gradchecked and gradgradchecked",
    (pc, seed) => {
      fc.pre(noEmptyWindow(pc));
      const x = toNDArray(distinctDense(pc.shape, seed));
      const r = gradgradcheck((xv) => maxPool2d(xv!, maxOpts(pc)), [x]);
      expect(r.ok, JSON.stringify(r.worst)).toBe(true);
      const { indices } = T.maxPool2dWithIndices(x, maxOpts(pc));
      const g = toNDArray(randomDense([...indices.shape], seed + 1));
      const back = (gv: Tensor | undefined): Tensor => maxPool2dGrad(gv!, indices, pc.shape);
      const first = gradcheck(back, [g]);
      expect(first.ok, JSON.stringify(first.worst)).toBe(true);
      const second = gradgradcheck(back, [g]);
      expect(second.ok, JSON.stringify(second.worst)).toBe(true);
    },
  );

  it("ties go to the first position of the window; overlapping windows accumulate", () => {
    const x = tensor([[[[1, 2, 1], [1, 1, 1], [1, 1, 1]]]], { requiresGrad: true, dtype: "float64" });
    maxPool2d(x, { kernelSize: 2, stride: 1 }).sum().backward();
    expect(x.grad!.data.toArray()).toEqual([[[[0, 2, 0], [1, 1, 0], [0, 0, 0]]]]);
  });

  it("padding never wins, even over negative values; a window made only of padding gives −∞ and no gradient", () => {
    const x = tensor([[[[-5, -6], [-7, -8]]]], { dtype: "float64" });
    expect(maxPool2d(x, { kernelSize: 3, stride: 1, padding: 1 }).data.toArray()).toEqual([[[[-5, -5], [-5, -5]]]]);
    const row = tensor([[[[3]]]], { requiresGrad: true, dtype: "float64" });
    const y = maxPool2d(row, { kernelSize: [1, 2], stride: 1, padding: [0, 1], dilation: [1, 2] });
    expect(y.data.toArray()).toEqual([[[[-Infinity]]]]);
    const [g] = grad(y, row, { gradOutputs: [T.ones([1, 1, 1, 1], { dtype: "float64" })] });
    expect(g!.data.toArray()).toEqual([[[[0]]]]);
  });

  it("propagates NaN to the output and the gradient to the NaN's position", () => {
    const x = tensor([[[[1, Number.NaN], [3, 4]]]], { requiresGrad: true, dtype: "float64" });
    const y = maxPool2d(x, { kernelSize: 2 });
    expect(Number.isNaN(y.data.item())).toBe(true);
    const [g] = grad(y, x, { gradOutputs: [T.ones([1, 1, 1, 1], { dtype: "float64" })] });
    expect(g!.data.toArray()).toEqual([[[[0, 1], [0, 0]]]]);
  });

  it("rejects bad input with the op name and the values", () => {
    expect(() => maxPool2d(tensor(T.ones([1, 4, 4])), { kernelSize: 2 })).toThrow(/maxPool2d: input must have rank 4 \(N, C, H, W\), got shape \[1, 4, 4\]/);
    expect(() => maxPool2d(tensor(T.ones([1, 1, 4, 4])), { kernelSize: 2, padding: 2 })).toThrow(/maxPool2d: padding 2 must be at most half the kernel size 2/);
    expect(() => maxPool2d(tensor(T.ones([1, 1, 2, 2])), { kernelSize: 3 })).toThrow(/maxPool2d: input of shape \[1, 1, 2, 2\] is too small for a 3×3 window/);
    expect(() => maxPool2d(tensor(T.ones([1, 1, 2, 2])), { kernelSize: 0 })).toThrow(/maxPool2d: options: invalid kernelSize 0; expected an integer ≥ 1 or a pair \[height, width\] of them/);
    expect(() => maxPool2dGrad(tensor(T.ones([1, 1, 1, 1])), T.ndarray([[[[4]]]], { dtype: "int32" }), [1, 1, 2, 2])).toThrow(
      /maxPool2dGrad: index 4 is outside an input plane of 2×2/,
    );
    expect(() => maxPool2dGrad(tensor(T.ones([1, 1, 1, 1])), T.ndarray([[[[0]]]]), [1, 1, 2, 2])).toThrow(/maxPool2dGrad: indices must be int32/);
    expect(() => maxPool2dGrad(tensor(T.ones([1, 2, 1, 1])), T.ndarray([[[[0]], [[0]]]], { dtype: "int32" }), [1, 1, 2, 2])).toThrow(
      /maxPool2dGrad: gradOutput \[1, 2, 1, 1\] and indices \[1, 2, 1, 1\] must have one shape/,
    );
  });
});

primitive.describe("maxPool2dGrad", {
  numerics: cases.pool
    .chain((g) => fc.tuple(fc.constant(g), cases.input([g.n, g.c, g.h, g.w]), cases.input([g.n, g.c, g.oh, g.ow])))
    .map(([g, x, gy]) => {
      const { indices } = T.maxPool2dWithIndices(x, { kernelSize: g.k, stride: g.stride });
      return { inputs: [gy], run: ([v]) => maxPool2dGrad(v!, indices, x.shape), terms: g.k * g.k, linear: true };
    }),
}, () => {
  // Its gradcheck and gradgradcheck run beside maxPool2d's second order, in the block above.
  it("computes hand values: each gradient added at its window's argmax, overlaps accumulating", () => {
    expect(maxPool2dGrad(tensor([[[[5]]]]), T.ndarray([[[[1]]]], { dtype: "int32" }), [1, 1, 2, 2]).data.toArray()).toEqual([[[[0, 5], [0, 0]]]]);
    expect(maxPool2dGrad(tensor([[[[1, 2]]]]), T.ndarray([[[[1, 1]]]], { dtype: "int32" }), [1, 1, 1, 3]).data.toArray()).toEqual([[[[0, 3, 0]]]]);
  });
});

primitive.describe("avgPool2d", {
  numerics: cases.pool
    .chain((g) => fc.tuple(fc.constant(g), cases.input([g.n, g.c, g.h, g.w])))
    .map(([g, x]) => ({ inputs: [x], run: ([v]) => avgPool2d(v!, { kernelSize: g.k, stride: g.stride }), terms: g.k * g.k, linear: true })),
}, () => {
  it("computes hand values, counting padding in the divisor", () => {
    const x = tensor(T.arange(16, undefined, 1, { dtype: "float64" }).reshape([1, 1, 4, 4]));
    expect(avgPool2d(x, { kernelSize: 2 }).data.toArray()).toEqual([[[[2.5, 4.5], [10.5, 12.5]]]]);
    const ones = tensor(T.ones([1, 1, 2, 2], { dtype: "float64" }));
    expect(avgPool2d(ones, { kernelSize: 2, stride: 1, padding: 1 }).data.toArray()).toEqual([
      [
        [
          [0.25, 0.5, 0.25],
          [0.5, 1, 0.5],
          [0.25, 0.5, 0.25],
        ],
      ],
    ]);
  });

  it("ceilMode pools a last partial window, as PyTorch (hand values of F.avg_pool2d / F.max_pool2d)", () => {
    const x = tensor(T.arange(25, undefined, 1, { dtype: "float64" }).reshape([1, 1, 5, 5]));
    // avg_pool2d(arange(25).view(1, 1, 5, 5), 2, 2, ceil_mode=True): the last column's windows
    // hold 2 elements and divide by 2 (the part past the input is not padding).
    expect(avgPool2d(x, { kernelSize: 2, ceilMode: true }).data.toArray()).toEqual([[[[3, 5, 6.5], [13, 15, 16.5], [20.5, 22.5, 24]]]]);
    expect(maxPool2d(x, { kernelSize: 2, ceilMode: true }).data.toArray()).toEqual([[[[6, 8, 9], [16, 18, 19], [21, 23, 24]]]]);
    // 3×3, stride 2, padding 1: a 6×6 input gives 4×4 with ceilMode (3×3 without).
    const six = T.zeros([1, 1, 6, 6], { dtype: "float64" });
    expect(T.avgPool2d(six, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }).shape).toEqual([1, 1, 4, 4]);
    expect(T.avgPool2d(six, { kernelSize: 3, stride: 2, padding: 1 }).shape).toEqual([1, 1, 3, 3]);
    // countIncludePad: false divides the corner window (4 real elements of 9) by 4.
    const ones = tensor(T.ones([1, 1, 2, 2], { dtype: "float64" }));
    expect(avgPool2d(ones, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }).data.toArray()).toEqual([[[[1, 1], [1, 1]]]]);
    expect(() => T.avgPool2d(six, { kernelSize: 2, ceilMode: 1 as unknown as boolean })).toThrow(/avgPool2d: options: invalid ceilMode 1; expected true or false/);
  });

  test.prop([arbPoolCase(false), fc.integer({ min: 0, max: 1e6 }), arbLayout], { numRuns: 150 })(
    "equals the direct loops on random windows and layouts",
    (pc, seed, layout) => {
      const x = randomDense(pc.shape, seed);
      expectMatches(avgPool2d(tensor(toNDArray(x, layout)), avgOpts(pc)).data, refAvgPool2d(x, pc), 1e-14);
      expectMatches(T.avgPool2d(toNDArray(x, layout, "float32"), avgOpts(pc)), refAvgPool2d(x, pc), 1e-6);
    },
  );

  test.prop([arbPoolCase(false, 5), fc.integer({ min: 0, max: 1e6 })], { numRuns: 30 })(
    "gradcheck and gradgradcheck of avgPool2d and avgPool2dGrad (float64)",
    (pc, seed) => {
      const x = toNDArray(randomDense(pc.shape, seed));
      const fwd = (xv: Tensor | undefined): Tensor => avgPool2d(xv!, avgOpts(pc));
      const back = (gv: Tensor | undefined): Tensor => avgPool2dGrad(gv!, pc.shape, avgOpts(pc));
      const g = toNDArray(randomDense([pc.shape[0], pc.shape[1], ...outputOf(pc)], seed + 1));
      for (const [f, input] of [
        [fwd, x],
        [back, g],
      ] as const) {
        const first = gradcheck(f, [input]);
        expect(first.ok, JSON.stringify(first.worst)).toBe(true);
        const second = gradgradcheck(f, [input]);
        expect(second.ok, JSON.stringify(second.worst)).toBe(true);
      }
    },
  );

  test.prop([arbPoolCase(false), fc.integer({ min: 0, max: 1e6 }), arbLayout], { numRuns: 60 })(
    "random-direction vjp: ⟨u, J·v⟩ = ⟨Jᵀu, v⟩, and avgPool2dGrad is the exact adjoint",
    (pc, seed, layout) => {
      const x = randomDense(pc.shape, seed);
      const r = checkVjp((xv) => avgPool2d(xv!, avgOpts(pc)), [toNDArray(x, layout)], { seed });
      expect(r.ok, JSON.stringify(r.terms)).toBe(true);
      const u = randomDense([pc.shape[0], pc.shape[1], ...outputOf(pc)], seed + 1);
      const y = fromNDArray(T.avgPool2d(toNDArray(x, layout), avgOpts(pc))).data;
      const back = fromNDArray(T.avgPool2dGrad(toNDArray(u, layout), pc.shape, avgOpts(pc))).data;
      let lhs = 0;
      let rhs = 0;
      for (let i = 0; i < y.length; i++) lhs += y[i]! * u.data[i]!;
      for (let i = 0; i < back.length; i++) rhs += back[i]! * x.data[i]!;
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
    },
  );

  it("rejects bad input with the op name and the values", () => {
    expect(() => avgPool2d(tensor(T.ones([4, 4])), { kernelSize: 2 })).toThrow(/avgPool2d: input must have rank 4/);
    expect(() => avgPool2d(tensor(T.ones([1, 1, 4, 4])), { kernelSize: [2, 3], padding: [1, 2] })).toThrow(/avgPool2d: padding \[1, 2\] must be at most half the kernel size \[2, 3\]/);
    expect(() => T.avgPool2d(T.ones([1, 1, 4, 4], { dtype: "int32" }), { kernelSize: 2 })).toThrow(T.DTypeError);
    expect(() => avgPool2d(tensor(T.ones([1, 1, 4, 4])), { kernelSize: 2, dilation: 2 } as T.AvgPool2dOptions)).toThrow(/avgPool2d: options: unknown option "dilation"/);
    expect(() => avgPool2dGrad(tensor(T.ones([1, 1, 3, 3])), [1, 1, 4, 4], { kernelSize: 2 })).toThrow(
      /avgPool2dGrad: gradOutput has shape \[1, 1, 3, 3\] but the pooling's output has shape \[1, 1, 2, 2\]/,
    );
  });
});

primitive.describe("avgPool2dGrad", {
  numerics: cases.pool
    .chain((g) => fc.tuple(fc.constant(g), cases.input([g.n, g.c, g.oh, g.ow])))
    .map(([g, gy]) => ({ inputs: [gy], run: ([v]) => avgPool2dGrad(v!, [g.n, g.c, g.h, g.w], { kernelSize: g.k, stride: g.stride }), terms: g.k * g.k, linear: true })),
}, () => {
  // Its gradcheck, gradgradcheck and adjoint identity run with avgPool2d's, in the block above.
  it("computes hand values: each gradient spread evenly over its window", () => {
    expect(avgPool2dGrad(tensor([[[[4]]]]), [1, 1, 2, 2], { kernelSize: 2 }).data.toArray()).toEqual([[[[1, 1], [1, 1]]]]);
    expect(avgPool2dGrad(tensor([[[[4, 8]]]]), [1, 1, 2, 3], { kernelSize: 2, stride: 1 }).data.toArray()).toEqual([[[[1, 3, 2], [1, 3, 2]]]]);
  });
});

it("registers the pooling primitives", () => {
  for (const name of ["maxPool2d", "maxPool2dGrad", "avgPool2d", "avgPool2dGrad"]) expect(PRIMITIVES[name]?.name).toBe(name);
});
