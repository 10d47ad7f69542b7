// conv2d and its two gradient primitives (conv2dInputGrad, conv2dWeightGrad), the
// convTranspose2d composite and the im2col/col2im NDArray ops: forward against the direct
// loops of conv-reference.ts over random geometries and memory layouts, exact adjoint
// identities between the three kernels, float64 gradcheck for every input, a
// random-direction vjp property and second-order checks; each primitive's block
// (primitive.describe) also holds its float32 numerics case.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { PRIMITIVES, type Tensor, conv1d, conv2d, conv2dInputGrad, conv2dWeightGrad, convTranspose2d, grad, tensor } from "@tsgrad/autograd";
import { checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";
import { type NumericsCase, cases, primitive } from "./primitive-block.js";
import {
  type ConvCase,
  type Dense,
  type Layout,
  type PadSpec,
  fromNDArray,
  maxRelError,
  outSize,
  pads,
  randomDense,
  refConv2d,
  refConvTranspose2d,
  refIm2col,
  toNDArray,
} from "./conv-reference.js";

const small = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });

/** A random convolution geometry of the numerics cases. */
type ConvGeometry = typeof cases.conv extends fc.Arbitrary<infer G> ? G : never;

/** Output size of a case (0 when the window does not fit). */
function outputOf(cs: ConvCase): [number, number] {
  const [pt, pb, pl, pr] = pads(cs.padding, cs.kh, cs.kw, cs.dilation);
  return [outSize(cs.h, cs.kh, cs.stride[0], pt, pb, cs.dilation[0]), outSize(cs.w, cs.kw, cs.stride[1], pl, pr, cs.dilation[1])];
}

/** Random convolution geometries: groups, strides, paddings (sizes, pairs, "same", "valid"), dilations, odd sizes. */
function arbConvCase(maxSpatial = 7, maxPerGroup = 2): fc.Arbitrary<ConvCase> {
  const padding: fc.Arbitrary<PadSpec> = fc.oneof(
    fc.integer({ min: 0, max: 2 }),
    fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    fc.constant("valid" as const),
    fc.constant("same" as const),
  );
  return fc
    .record({
      n: small(2),
      groups: small(3),
      cg: small(maxPerGroup),
      og: small(maxPerGroup),
      h: small(maxSpatial),
      w: small(maxSpatial),
      kh: small(3),
      kw: small(3),
      stride: fc.tuple(small(3), small(3)),
      padding,
      dilation: fc.tuple(small(2), small(2)),
    })
    .map(
      (r): ConvCase => ({
        n: r.n,
        c: r.cg * r.groups,
        o: r.og * r.groups,
        h: r.h,
        w: r.w,
        kh: r.kh,
        kw: r.kw,
        stride: r.padding === "same" ? [1, 1] : r.stride,
        padding: r.padding,
        dilation: r.dilation,
        groups: r.groups,
      }),
    )
    .filter((cs) => {
      const [oh, ow] = outputOf(cs);
      return oh >= 1 && ow >= 1;
    });
}

const arbLayout: fc.Arbitrary<Layout> = fc.constantFrom("contiguous", "permuted", "strided");

function optsOf(cs: ConvCase): T.Conv2dOptions {
  return { stride: cs.stride, padding: cs.padding, dilation: cs.dilation, groups: cs.groups };
}

/** Random input, weight, bias (and an upstream gradient) for a case, from one seed. */
function operands(cs: ConvCase, seed: number): { x: Dense; w: Dense; b: Dense; u: Dense } {
  const [oh, ow] = outputOf(cs);
  return {
    x: randomDense([cs.n, cs.c, cs.h, cs.w], seed),
    w: randomDense([cs.o, cs.c / cs.groups, cs.kh, cs.kw], seed + 1),
    b: randomDense([cs.o], seed + 2),
    u: randomDense([cs.n, cs.o, oh, ow], seed + 3),
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function expectMatches(actual: T.NDArray, expected: Dense, tol: number): void {
  expect([...actual.shape]).toEqual(expected.shape);
  expect(maxRelError(fromNDArray(actual).data, expected.data)).toBeLessThan(tol);
}

primitive.describe("conv2d", {
  numerics: cases.conv
    .chain((g) => fc.tuple(fc.constant(g), cases.input([g.n, g.c, g.h, g.w]), cases.input([g.o, g.c, g.k, g.k]), cases.input([g.o])))
    .map(([g, x, w, b]) => ({ inputs: [x, w, b], run: ([xv, wv, bv]) => conv2d(xv!, wv!, bv!, { stride: g.stride, padding: g.padding }), terms: g.c * g.k * g.k + 1, linear: true })),
}, () => {
  it("computes hand values", () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const w = tensor([[[[1, 0], [0, -1]]]]);
    expect(conv2d(x, w).data.toArray()).toEqual([[[[-4, -4], [-4, -4]]]]);
    expect(conv2d(x, w, tensor([10]), { padding: 1, stride: 2 }).data.toArray()).toEqual([[[[9, 7], [3, 6]]]]);
  });

  test.prop([arbConvCase(), fc.integer({ min: 0, max: 1e6 }), arbLayout, fc.boolean()], { numRuns: 150 })(
    "equals the direct convolution on random geometries and layouts (float64)",
    (cs, seed, layout, withBias) => {
      const { x, w, b } = operands(cs, seed);
      const y = conv2d(tensor(toNDArray(x, layout)), toNDArray(w), withBias ? toNDArray(b) : null, optsOf(cs));
      expect(y.dtype).toBe("float64");
      expectMatches(y.data, refConv2d(x, w, withBias ? b : null, cs), 1e-12);
    },
  );

  test.prop([arbConvCase(9, 4), fc.integer({ min: 0, max: 1e6 }), arbLayout], { numRuns: 40 })(
    "equals the direct convolution in float32, within float32 rounding",
    (cs, seed, layout) => {
      const { x, w, b } = operands(cs, seed);
      const y = T.conv2d(toNDArray(x, layout, "float32"), toNDArray(w, "contiguous", "float32"), toNDArray(b, "contiguous", "float32"), optsOf(cs));
      expect(y.dtype).toBe("float32");
      expectMatches(y, refConv2d(x, w, b, cs), 1e-5);
    },
  );

  it("promotes mixed dtypes to float64", () => {
    const y = T.conv2d(T.ones([1, 1, 2, 2]), T.ones([1, 1, 1, 1], { dtype: "float64" }));
    expect(y.dtype).toBe("float64");
  });

  it('pads "same" asymmetrically for an even kernel, as PyTorch does (the extra row at the bottom)', () => {
    const x = T.arange(9, undefined, 1, { dtype: "float64" }).reshape([1, 1, 3, 3]);
    const y = T.conv2d(x, T.ones([1, 1, 2, 2], { dtype: "float64" }), null, { padding: "same" });
    expect(y.toArray()).toEqual([[[[8, 12, 7], [20, 24, 13], [13, 15, 8]]]]);
  });
});

describe("the gradient kernels are adjoints of the convolution", () => {
  test.prop([arbConvCase(), fc.integer({ min: 0, max: 1e6 }), arbLayout, arbLayout], { numRuns: 150 })(
    "⟨u, conv2d(x, w)⟩ = ⟨conv2dInputGrad(u, w), x⟩ = ⟨conv2dWeightGrad(x, u), w⟩",
    (cs, seed, xLayout, uLayout) => {
      const { x, w, u } = operands(cs, seed);
      const opts = optsOf(cs);
      const xt = toNDArray(x, xLayout);
      const ut = toNDArray(u, uLayout);
      const y = T.conv2d(xt, toNDArray(w), null, opts);
      const gx = T.conv2dInputGrad(ut, toNDArray(w), x.shape, opts);
      const gw = T.conv2dWeightGrad(xt, ut, w.shape, opts);
      expect([...gx.shape]).toEqual(x.shape);
      expect([...gw.shape]).toEqual(w.shape);
      const lhs = dot(fromNDArray(y).data, u.data);
      const scale = Math.max(1, Math.abs(lhs));
      expect(Math.abs(dot(fromNDArray(gx).data, x.data) - lhs) / scale).toBeLessThan(1e-12);
      expect(Math.abs(dot(fromNDArray(gw).data, w.data) - lhs) / scale).toBeLessThan(1e-12);
    },
  );
});

/** conv2d as a function of (x, weight, bias) with the case's options, and those operands as NDArrays. */
function conv2dOfThree(cs: ConvCase, seed: number): [(xv?: Tensor, wv?: Tensor, bv?: Tensor) => Tensor, T.NDArray[]] {
  const { x, w, b } = operands(cs, seed);
  return [(xv, wv, bv) => conv2d(xv!, wv!, bv!, optsOf(cs)), [toNDArray(x), toNDArray(w), toNDArray(b)]];
}

describe("conv2d gradients", () => {
  test.prop([arbConvCase(5), fc.integer({ min: 0, max: 1e6 })], { numRuns: 25 })(
    "gradcheck: x, weight and bias against central differences (float64)",
    (cs, seed) => {
      const r = gradcheck(...conv2dOfThree(cs, seed));
      expect(r.ok, JSON.stringify(r.worst)).toBe(true);
    },
  );

  test.prop([arbConvCase(9, 3), fc.integer({ min: 0, max: 1e6 })], { numRuns: 40 })(
    "random-direction vjp: ⟨u, J·v⟩ = ⟨Jᵀu, v⟩ for x, weight and bias",
    (cs, seed) => {
      const r = checkVjp(...conv2dOfThree(cs, seed), { seed });
      expect(r.ok, JSON.stringify(r.terms)).toBe(true);
    },
  );

  test.prop([arbConvCase(4), fc.integer({ min: 0, max: 1e6 })], { numRuns: 12 })(
    "gradgradcheck: second order through conv2d for x, weight and bias",
    (cs, seed) => {
      const r = gradgradcheck(...conv2dOfThree(cs, seed));
      expect(r.ok, JSON.stringify(r.worst)).toBe(true);
    },
  );

  it("computes only the gradients that are needed (a constant input gets none, the weight still does)", () => {
    const x = T.randn([2, 3, 5, 5], { seed: 1, dtype: "float64" });
    const w = tensor(T.randn([4, 3, 3, 3], { seed: 2, dtype: "float64" }), { requiresGrad: true });
    const u = T.randn([2, 4, 3, 3], { seed: 3, dtype: "float64" });
    const y = conv2d(tensor(x), w);
    const [gx, gw0] = y.node!.primitive.vjp(tensor(u), { inputs: y.node!.inputs(), output: y, attrs: y.node!.attrs, saved: undefined });
    expect(gx).toBeNull();
    expect(gw0).not.toBeNull();
    const [gw] = grad(y, w, { gradOutputs: [u] });
    expect(maxRelError(fromNDArray(gw!.data).data, fromNDArray(T.conv2dWeightGrad(x, u, [4, 3, 3, 3])).data)).toBeLessThan(1e-14);
  });

  it("the bias gradient is the sum of the upstream gradient over N, H and W", () => {
    const x = T.randn([3, 2, 4, 4], { seed: 4, dtype: "float64" });
    const b = tensor(T.zeros([5], { dtype: "float64" }), { requiresGrad: true });
    const u = T.randn([3, 5, 4, 4], { seed: 5, dtype: "float64" });
    const [gb] = grad(conv2d(tensor(x), T.randn([5, 2, 3, 3], { seed: 6, dtype: "float64" }), b, { padding: "same" }), b, { gradOutputs: [u] });
    expect(maxRelError(fromNDArray(gb!.data).data, fromNDArray(T.sum(u, { axis: [0, 2, 3] })).data)).toBeLessThan(1e-13);
  });

  it("float32 training shapes: gradients keep the parameters' dtype", () => {
    const x = tensor(T.randn([2, 1, 6, 6], { seed: 7 }));
    const w = tensor(T.randn([3, 1, 3, 3], { seed: 8 }), { requiresGrad: true });
    const b = tensor(T.zeros([3]), { requiresGrad: true });
    conv2d(x, w, b, { padding: 1 }).sum().backward();
    expect(w.grad!.dtype).toBe("float32");
    expect(b.grad!.data.toArray()).toEqual([72, 72, 72]);
  });
});

/**
 * The numerics case of conv2dInputGrad or conv2dWeightGrad on a random geometry: two inputs of
 * the given shapes, the op linear in each, `terms` products per output element.
 */
function convGradCase(
  op: (g: ConvGeometry) => { shapes: [number[], number[]]; run: (a: Tensor, b: Tensor, opts: T.Conv2dOptions) => Tensor; terms: number },
): fc.Arbitrary<NumericsCase> {
  return cases.conv
    .map((g) => ({ ...op(g), opts: { stride: g.stride, padding: g.padding } }))
    .chain((c) => fc.tuple(fc.constant(c), cases.input(c.shapes[0]), cases.input(c.shapes[1])))
    .map(([c, a, b]) => ({ inputs: [a, b], run: ([av, bv]) => c.run(av!, bv!, c.opts), terms: c.terms, linear: true }));
}

/** gradcheck and gradgradcheck of a conv gradient kernel in both its arguments, on random geometries (12 runs). */
function checkBothArguments(
  which: string,
  pick: (o: ReturnType<typeof operands>, opts: T.Conv2dOptions) => [(a: Tensor | undefined, b: Tensor | undefined) => Tensor, Dense, Dense],
): void {
  test.prop([arbConvCase(4), fc.integer({ min: 0, max: 1e6 })], { numRuns: 12 })(`gradcheck and gradgradcheck in both arguments (${which})`, (cs, seed) => {
    const [f, a, b] = pick(operands(cs, seed), optsOf(cs));
    const inputs = [toNDArray(a), toNDArray(b)];
    const first = gradcheck(f, inputs);
    expect(first.ok, JSON.stringify(first.worst)).toBe(true);
    const second = gradgradcheck(f, inputs);
    expect(second.ok, JSON.stringify(second.worst)).toBe(true);
  });
}

// The two gradient kernels: each forward is proven the adjoint of conv2d's (the block "the
// gradient kernels are adjoints of the convolution" above); each vjp here, in both arguments.
primitive.describe("conv2dInputGrad", {
  numerics: convGradCase((g) => ({ shapes: [[g.n, g.o, g.oh, g.ow], [g.o, g.c, g.k, g.k]], run: (gy, w, opts) => conv2dInputGrad(gy, w, [g.n, g.c, g.h, g.w], opts), terms: g.o * g.k * g.k })),
}, () => {
  it("computes hand values: each gradient spread back over its window", () => {
    const w = tensor([[[[1, 0], [0, -1]]]]);
    expect(conv2dInputGrad(tensor(T.ones([1, 1, 2, 2])), w, [1, 1, 3, 3]).data.toArray()).toEqual([[[[1, 1, 0], [1, 0, -1], [0, -1, -1]]]]);
  });
  checkBothArguments("gradient and weight", ({ x, w, u }, opts) => [(uv, wv) => conv2dInputGrad(uv!, wv!, x.shape, opts), u, w]);
});

primitive.describe("conv2dWeightGrad", {
  numerics: convGradCase((g) => ({ shapes: [[g.n, g.c, g.h, g.w], [g.n, g.o, g.oh, g.ow]], run: (x, gy, opts) => conv2dWeightGrad(x, gy, [g.o, g.c, g.k, g.k], opts), terms: g.n * g.oh * g.ow })),
}, () => {
  it("computes hand values: each weight's gradient sums its window over the input", () => {
    expect(conv2dWeightGrad(tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]), tensor(T.ones([1, 1, 2, 2])), [1, 1, 2, 2]).data.toArray()).toEqual([[[[12, 16], [24, 28]]]]);
  });
  checkBothArguments("input and gradient", ({ x, w, u }, opts) => [(xv, uv) => conv2dWeightGrad(xv!, uv!, w.shape, opts), x, u]);
});

describe("convTranspose2d", () => {
  const arbTransposeCase = fc
    .record({
      n: small(2),
      groups: small(2),
      cg: small(2),
      og: small(2),
      h: small(4),
      w: small(4),
      kh: small(3),
      kw: small(3),
      stride: fc.tuple(small(3), small(3)),
      padding: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
      dilation: fc.tuple(small(2), small(2)),
      outputPadding: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
      seed: fc.integer({ min: 0, max: 1e6 }),
    })
    .map((r) => ({ ...r, outputPadding: [Math.min(r.outputPadding[0], r.stride[0] - 1), Math.min(r.outputPadding[1], r.stride[1] - 1)] as [number, number] }))
    .filter((r) => {
      const oh = (r.h - 1) * r.stride[0] - 2 * r.padding[0] + r.dilation[0] * (r.kh - 1) + r.outputPadding[0] + 1;
      const ow = (r.w - 1) * r.stride[1] - 2 * r.padding[1] + r.dilation[1] * (r.kw - 1) + r.outputPadding[1] + 1;
      return oh >= 1 && ow >= 1;
    });

  test.prop([arbTransposeCase], { numRuns: 60 })("equals the transposed convolution written as a scatter, and passes gradcheck", (r) => {
    const x = randomDense([r.n, r.cg * r.groups, r.h, r.w], r.seed);
    const w = randomDense([r.cg * r.groups, r.og, r.kh, r.kw], r.seed + 1);
    const b = randomDense([r.og * r.groups], r.seed + 2);
    const opts = { stride: r.stride, padding: r.padding, outputPadding: r.outputPadding, dilation: r.dilation, groups: r.groups };
    const y = convTranspose2d(tensor(toNDArray(x)), toNDArray(w), toNDArray(b), opts);
    expectMatches(y.data, refConvTranspose2d(x, w, b, opts), 1e-12);
    const check = gradcheck((xv, wv, bv) => convTranspose2d(xv!, wv!, bv!, opts), [toNDArray(x), toNDArray(w), toNDArray(b)]);
    expect(check.ok, JSON.stringify(check.worst)).toBe(true);
  });

  it("rejects an output padding that is not smaller than the stride, and a channel mismatch", () => {
    expect(() => convTranspose2d(tensor(T.ones([1, 1, 2, 2])), T.ones([1, 1, 2, 2]), null, { stride: 2, outputPadding: 2 })).toThrow(
      /convTranspose2d: outputPadding \[2, 2\] must be smaller than the stride \[2, 2\]/,
    );
    expect(() => convTranspose2d(tensor(T.ones([1, 2, 2, 2])), T.ones([1, 1, 2, 2]))).toThrow(/convTranspose2d: input of shape \[1, 2, 2, 2\] has 2 channels/);
  });
});

describe("im2col and col2im", () => {
  const arbWindow = fc.record({
    n: small(2),
    c: small(3),
    h: small(6),
    w: small(6),
    kernel: fc.tuple(small(3), small(3)),
    stride: fc.tuple(small(2), small(2)),
    padding: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    dilation: fc.tuple(small(2), small(2)),
    seed: fc.integer({ min: 0, max: 1e6 }),
    layout: arbLayout,
  });

  test.prop([arbWindow], { numRuns: 100 })("im2col equals unfold by definition, and col2im is its adjoint", (r) => {
    const oh = outSize(r.h, r.kernel[0], r.stride[0], r.padding[0], r.padding[0], r.dilation[0]);
    const ow = outSize(r.w, r.kernel[1], r.stride[1], r.padding[1], r.padding[1], r.dilation[1]);
    fc.pre(oh >= 1 && ow >= 1);
    const x = randomDense([r.n, r.c, r.h, r.w], r.seed);
    const opts = { kernelSize: r.kernel, stride: r.stride, padding: r.padding, dilation: r.dilation };
    const cols = T.im2col(toNDArray(x, r.layout), opts);
    const ref = refIm2col(x, r.kernel, r.stride, r.padding, r.dilation);
    expect([...cols.shape]).toEqual(ref.shape);
    expect(maxRelError(fromNDArray(cols).data, ref.data)).toBe(0);
    const c = randomDense(ref.shape, r.seed + 1);
    const back = T.col2im(toNDArray(c), [r.h, r.w], opts);
    expect([...back.shape]).toEqual(x.shape);
    const lhs = dot(c.data, ref.data);
    expect(Math.abs(dot(fromNDArray(back).data, x.data) - lhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
  });

  it("rejects columns that do not fit the window", () => {
    expect(() => T.col2im(T.ones([1, 5, 4]), [3, 3], { kernelSize: 2 })).toThrow(/col2im: .*axis 1 \(5\) must be a multiple of kh·kw = 4/);
    expect(() => T.col2im(T.ones([1, 4, 5]), [3, 3], { kernelSize: 2 })).toThrow(/col2im: .*5 windows but a 3×3 image gives 2×2 = 4/);
  });
});

describe("conv2d errors name the op and the shapes", () => {
  const x = tensor(T.ones([2, 4, 5, 5]));
  it("wrong ranks", () => {
    expect(() => conv2d(tensor(T.ones([4, 5, 5])), T.ones([3, 4, 3, 3]))).toThrow(/conv2d: input must have rank 4 \(N, C, H, W\), got shape \[4, 5, 5\]/);
    expect(() => conv2d(x, T.ones([3, 4, 3]))).toThrow(/conv2d: weight must have rank 4 .*got shape \[3, 4, 3\]/);
    expect(() => conv2d(x, T.ones([3, 4, 3]), T.ones([3]))).toThrow(/conv2d: weight must have rank 4/);
  });
  it("channel mismatch", () => {
    expect(() => conv2d(x, T.ones([3, 3, 3, 3]))).toThrow(T.ShapeError);
    expect(() => conv2d(x, T.ones([3, 3, 3, 3]))).toThrow(/conv2d: input of shape \[2, 4, 5, 5\] has 4 channels but weight of shape \[3, 3, 3, 3\] expects 3·groups = 3/);
    expect(() => conv2d(x, T.ones([4, 1, 3, 3]), null, { groups: 2 })).toThrow(/expects 1·groups = 2 \(groups 2\)/);
  });
  it("groups that do not divide the channels", () => {
    expect(() => conv2d(x, T.ones([3, 2, 3, 3]), null, { groups: 2 })).toThrow(/conv2d: groups 2 must divide both the input channels \(4.*output channels \(3/);
    expect(() => conv2d(x, T.ones([3, 4, 3, 3]), null, { groups: 0 })).toThrow(/conv2d: options: invalid groups 0; expected an integer ≥ 1/);
  });
  it("an output smaller than one element", () => {
    expect(() => conv2d(x, T.ones([3, 4, 7, 3]))).toThrow(/conv2d: input of shape \[2, 4, 5, 5\] is too small for a 7×3 window .*the output would be -1×3/);
    expect(() => conv2d(x, T.ones([3, 4, 3, 3]), null, { dilation: 3 })).toThrow(/too small/);
  });
  it("a bias that is not one value per output channel", () => {
    expect(() => conv2d(x, T.ones([3, 4, 3, 3]), T.ones([4]))).toThrow(/conv2d: bias must have shape \[3\] .*got \[4\]/);
    expect(() => T.conv2d(x.data, T.ones([3, 4, 3, 3]), T.ones([1, 3]))).toThrow(/conv2d: bias must have shape \[3\]/);
  });
  it("bad options and dtypes", () => {
    expect(() => conv2d(x, T.ones([3, 4, 3, 3]), null, { padding: "same", stride: 2 })).toThrow(/conv2d: padding "same" needs stride 1/);
    expect(() => conv2d(x, T.ones([3, 4, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: options: invalid stride 0; expected an integer ≥ 1 or a pair \[height, width\] of them/);
    expect(() => conv2d(x, T.ones([3, 4, 3, 3]), null, { padding: [1, -1] })).toThrow(/conv2d: options: invalid padding \[1, -1\]; expected an integer ≥ 0 or a pair \[height, width\] of them/);
    expect(() => T.conv2d(T.ones([1, 1, 3, 3], { dtype: "int32" }), T.ones([1, 1, 1, 1]))).toThrow(T.DTypeError);
  });
  it("gradients of the wrong shape", () => {
    expect(() => conv2dInputGrad(tensor(T.ones([2, 3, 4, 4])), T.ones([3, 4, 3, 3]), [2, 4, 5, 5])).toThrow(
      /conv2dInputGrad: gradOutput has shape \[2, 3, 4, 4\] but the convolution's output has shape \[2, 3, 3, 3\]/,
    );
    expect(() => conv2dWeightGrad(x, T.ones([2, 3, 3, 4]), [3, 4, 3, 3])).toThrow(/conv2dWeightGrad: gradOutput has shape \[2, 3, 3, 4\]/);
  });
});

it("registers the convolution primitives", () => {
  for (const name of ["conv2d", "conv2dInputGrad", "conv2dWeightGrad"]) expect(PRIMITIVES[name]?.name).toBe(name);
});

describe("an options object where the bias belongs", () => {
  it.each([
    ["conv2d", () => conv2d(tensor(T.ones([1, 1, 4, 4])), tensor(T.ones([1, 1, 2, 2])), { stride: 2 } as never)],
    ["conv1d", () => conv1d(tensor(T.ones([1, 1, 4])), tensor(T.ones([1, 1, 2])), { stride: 2 } as never)],
    ["convTranspose2d", () => convTranspose2d(tensor(T.ones([1, 1, 2, 2])), tensor(T.ones([1, 1, 2, 2])), { stride: 2 } as never)],
  ])("%s says the options are the fourth argument (PyTorch's keyword habit)", (name, call) => {
    expect(call).toThrow(T.ValueError);
    expect(call).toThrow(new RegExp(`^${name}: bias must be a Tensor, null or undefined, got an options object; options are the fourth argument`));
  });
});

describe("size pairs of the wrong length", () => {
  it.each(["stride", "padding", "dilation"])("conv2d refuses a three-entry %s naming conv2d", (key) => {
    const call = () => conv2d(tensor(T.ones([1, 1, 6, 6])), tensor(T.ones([1, 1, 2, 2])), null, { [key]: [1, 1, 1] });
    expect(call).toThrow(T.ValueError);
    expect(call).toThrow(new RegExp(`^conv2d: .*${key}`));
  });
});
