// Numerics: for every primitive in PRIMITIVES, the float32 result stays within a
// float32-appropriate bound of the float64 result on the same inputs (random shapes,
// random float32-representable values); log-softmax stays finite at logits of ±1e4;
// variances (and BatchNorm's) are never negative. The layer-level twins (crossEntropy,
// BatchNorm1d's running variance) are in packages/nn/test/numerics.test.ts.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as A from "@tsgrad/autograd";
import { PRIMITIVES, type Tensor, batchNormWithStats, fusedBatchNormWithStats, tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";

const EPS32 = 2 ** -23;

/** One primitive applied to random inputs. */
interface Case {
  /** The inputs, float64 NDArrays whose values are exactly representable in float32. */
  inputs: T.NDArray[];
  /** Applies the primitive (through its free function) to Tensors of the inputs. */
  run: (xs: Tensor[]) => Tensor;
  /** How many rounded terms an output element accumulates (1: one rounding of an exact value). */
  terms: number;
  /** Linear in each input: the error bound scales with the op applied to |inputs|. */
  linear?: boolean;
}

const side = (max = 4): fc.Arbitrary<number> => fc.integer({ min: 1, max });
const arbShape = (minRank = 1, maxRank = 3): fc.Arbitrary<number[]> => fc.array(side(), { minLength: minRank, maxLength: maxRank });
const arbValues = (shape: readonly number[], min = -4, max = 4): fc.Arbitrary<T.NDArray> => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
    .map((xs) => T.ndarray(Float64Array.from(xs), { shape: [...shape] }));
};
const arbIn = (shape: readonly number[], min?: number, max?: number) => arbValues(shape, min, max);
/** A shape broadcast against `shape`: some axes set to 1, maybe fewer leading axes. */
const arbBroadcastOf = (shape: readonly number[]): fc.Arbitrary<number[]> =>
  fc.tuple(fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }), fc.nat(shape.length)).map(([ones, drop]) => shape.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
const arbIndex = (shape: readonly number[], max: number): fc.Arbitrary<T.NDArray> => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.array(fc.integer({ min: 0, max: max - 1 }), { minLength: n, maxLength: n }).map((xs) => T.ndarray(xs, { dtype: "int32", shape: [...shape] }));
};

const unary = (f: (x: Tensor) => Tensor, min = -4, max = 4): fc.Arbitrary<Case> =>
  arbShape().chain((s) => arbIn(s, min, max)).map((x) => ({ inputs: [x], run: ([v]) => f(v!), terms: 1 }));

const binary = (f: (a: Tensor, b: Tensor) => Tensor, bMin = -4, bMax = 4, aMin = -4): fc.Arbitrary<Case> =>
  arbShape()
    .chain((s) => fc.tuple(fc.constant(s), arbBroadcastOf(s), fc.boolean()))
    .chain(([s, b, swap]) => fc.tuple(arbIn(swap ? b : s, aMin), arbIn(swap ? s : b, bMin, bMax)))
    .map(([a, b]) => ({ inputs: [a, b], run: ([x, y]) => f(x!, y!), terms: 1 }));

const arbAxes = (rank: number): fc.Arbitrary<number[] | undefined> =>
  fc.option(fc.subarray(Array.from({ length: rank }, (_, i) => i), { minLength: 1 }), { nil: undefined });

const reduction = (f: (x: Tensor, o: T.ReduceOptions) => Tensor): fc.Arbitrary<Case> =>
  arbShape()
    .chain((s) => fc.tuple(arbIn(s), arbAxes(s.length), fc.boolean()))
    .map(([x, axis, keepdims]) => ({
      inputs: [x],
      run: ([v]) => f(v!, axis === undefined ? { keepdims } : { axis, keepdims }),
      terms: x.size,
      linear: true,
    }));

/** NCHW input and a conv geometry with at least one output position. */
const arbConv = fc
  .record({ n: side(2), c: side(3), o: side(3), h: fc.integer({ min: 3, max: 6 }), w: fc.integer({ min: 3, max: 6 }), k: fc.integer({ min: 1, max: 3 }), stride: side(2), padding: fc.integer({ min: 0, max: 1 }) })
  .map((g) => ({ ...g, oh: Math.floor((g.h + 2 * g.padding - g.k) / g.stride) + 1, ow: Math.floor((g.w + 2 * g.padding - g.k) / g.stride) + 1 }));
const arbPool = fc
  .record({ n: side(2), c: side(3), h: fc.integer({ min: 2, max: 6 }), w: fc.integer({ min: 2, max: 6 }), k: fc.integer({ min: 1, max: 3 }), stride: side(2) })
  .filter((g) => g.k <= g.h && g.k <= g.w)
  .map((g) => ({ ...g, oh: Math.floor((g.h - g.k) / g.stride) + 1, ow: Math.floor((g.w - g.k) / g.stride) + 1 }));

const CASES: Record<string, fc.Arbitrary<Case>> = {
  add: binary(A.add),
  sub: binary(A.sub),
  mul: binary(A.mul),
  div: binary(A.div, 0.25, 4),
  neg: unary(A.neg),
  pow: binary(A.pow, -3, 3, 0.25),
  maximum: binary(A.maximum),
  sqrt: unary(A.sqrt, 0, 4),
  exp: unary(A.exp, -8, 8),
  log: unary(A.log, 1 / 64, 64),
  tanh: unary(A.tanh),
  sigmoid: unary(A.sigmoid, -8, 8),
  relu: unary(A.relu),
  abs: unary(A.abs),
  sin: unary(A.sin),
  cos: unary(A.cos),
  erf: unary(A.erf),
  sum: reduction(A.sum),
  mean: reduction(A.mean),
  max: reduction(A.max),
  min: reduction(A.min),
  matmul: fc
    .record({ batch: fc.array(side(3), { maxLength: 1 }), m: side(5), k: side(8), n: side(5) })
    .chain(({ batch, m, k, n }) => fc.tuple(arbIn([...batch, m, k]), arbIn([k, n]), fc.constant(k)))
    .map(([a, b, k]) => ({ inputs: [a, b], run: ([x, y]) => A.matmul(x!, y!), terms: k, linear: true })),
  reshape: arbShape().chain((s) => arbIn(s)).map((x) => ({ inputs: [x], run: ([v]) => A.reshape(v!, [-1]), terms: 1 })),
  permute: arbShape(2, 3)
    .chain((s) => fc.tuple(arbIn(s), fc.shuffledSubarray(Array.from({ length: s.length }, (_, i) => i), { minLength: s.length, maxLength: s.length })))
    .map(([x, axes]) => ({ inputs: [x], run: ([v]) => A.permute(v!, axes), terms: 1 })),
  broadcastTo: arbShape().chain((s) => arbIn(s)).map((x) => ({ inputs: [x], run: ([v]) => A.broadcastTo(v!, [2, ...v!.shape]), terms: 1 })),
  slice: arbShape().chain((s) => arbIn(s)).map((x) => ({ inputs: [x], run: ([v]) => A.slice(v!, [[null, null, 2]]), terms: 1 })),
  sliceScatter: arbShape().chain((s) => arbIn(s)).map((x) => ({ inputs: [x], run: ([v]) => A.sliceScatter(v!, [2 * v!.shape[0]!, ...v!.shape.slice(1)], [[0, null, 2]]), terms: 1 })),
  concat: arbShape()
    .chain((s) => fc.tuple(arbIn(s), arbIn(s), fc.nat(s.length - 1)))
    .map(([a, b, axis]) => ({ inputs: [a, b], run: ([x, y]) => A.concat([x!, y!], axis), terms: 1 })),
  gather: arbShape()
    .chain((s) => fc.tuple(arbIn(s), fc.nat(s.length - 1), fc.constant(s)))
    .chain(([x, axis, s]) => fc.tuple(fc.constant(x), fc.constant(axis), arbIndex(s, s[axis]!)))
    .map(([x, axis, index]) => ({ inputs: [x], run: ([v]) => A.gather(v!, axis, index), terms: 1 })),
  scatterAdd: arbShape()
    .chain((s) => fc.tuple(arbIn(s), fc.nat(s.length - 1), fc.constant(s)))
    .chain(([src, axis, s]) => fc.tuple(fc.constant(src), fc.constant(axis), fc.constant(s), arbIndex(s, s[axis]!)))
    .map(([src, axis, s, index]) => ({ inputs: [src], run: ([v]) => A.scatterAdd(v!, s, axis, index), terms: src.size, linear: true })),
  indexSelect: arbShape()
    .chain((s) => fc.tuple(arbIn(s), fc.nat(s.length - 1), fc.constant(s)))
    .chain(([x, axis, s]) => fc.tuple(fc.constant(x), fc.constant(axis), arbIndex([3], s[axis]!)))
    .map(([x, axis, index]) => ({ inputs: [x], run: ([v]) => A.indexSelect(v!, axis, index), terms: 1 })),
  indexAdd: arbShape()
    .chain((s) => fc.tuple(fc.constant(s), fc.nat(s.length - 1), side(5)))
    .chain(([s, axis, k]) => fc.tuple(arbIn(s.map((d, i) => (i === axis ? k : d))), fc.constant(axis), fc.constant(s), arbIndex([k], s[axis]!)))
    .map(([src, axis, s, index]) => ({ inputs: [src], run: ([v]) => A.indexAdd(v!, s, axis, index), terms: src.size, linear: true })),
  where: arbShape()
    .chain((s) => fc.tuple(arbIn(s), arbIn(s), arbIndex(s, 2)))
    .map(([a, b, cond]) => ({ inputs: [a, b], run: ([x, y]) => A.where(cond, x!, y!), terms: 1 })),
  cast: arbShape()
    .chain((s) => fc.tuple(arbIn(s), fc.constantFrom<T.DType>("float64", "int32")))
    .map(([x, dtype]) => ({ inputs: [x], run: ([v]) => A.cast(v!, dtype), terms: 1 })),
  conv2d: arbConv
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.c, g.h, g.w]), arbIn([g.o, g.c, g.k, g.k]), arbIn([g.o])))
    .map(([g, x, w, b]) => ({ inputs: [x, w, b], run: ([xv, wv, bv]) => A.conv2d(xv!, wv!, bv!, { stride: g.stride, padding: g.padding }), terms: g.c * g.k * g.k + 1, linear: true })),
  conv2dInputGrad: arbConv
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.o, g.oh, g.ow]), arbIn([g.o, g.c, g.k, g.k])))
    .map(([g, gy, w]) => ({
      inputs: [gy, w],
      run: ([gv, wv]) => A.conv2dInputGrad(gv!, wv!, [g.n, g.c, g.h, g.w], { stride: g.stride, padding: g.padding }),
      terms: g.o * g.k * g.k,
      linear: true,
    })),
  conv2dWeightGrad: arbConv
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.c, g.h, g.w]), arbIn([g.n, g.o, g.oh, g.ow])))
    .map(([g, x, gy]) => ({
      inputs: [x, gy],
      run: ([xv, gv]) => A.conv2dWeightGrad(xv!, gv!, [g.o, g.c, g.k, g.k], { stride: g.stride, padding: g.padding }),
      terms: g.n * g.oh * g.ow,
      linear: true,
    })),
  maxPool2d: arbPool
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.c, g.h, g.w])))
    .map(([g, x]) => ({ inputs: [x], run: ([v]) => A.maxPool2d(v!, { kernelSize: g.k, stride: g.stride }), terms: 1 })),
  maxPool2dGrad: arbPool
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.c, g.h, g.w]), arbIn([g.n, g.c, g.oh, g.ow])))
    .map(([g, x, gy]) => {
      const { indices } = T.maxPool2dWithIndices(x, { kernelSize: g.k, stride: g.stride });
      return { inputs: [gy], run: ([v]) => A.maxPool2dGrad(v!, indices, x.shape), terms: g.k * g.k, linear: true };
    }),
  avgPool2d: arbPool
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.c, g.h, g.w])))
    .map(([g, x]) => ({ inputs: [x], run: ([v]) => A.avgPool2d(v!, { kernelSize: g.k, stride: g.stride }), terms: g.k * g.k, linear: true })),
  avgPool2dGrad: arbPool
    .chain((g) => fc.tuple(fc.constant(g), arbIn([g.n, g.c, g.oh, g.ow])))
    .map(([g, gy]) => ({ inputs: [gy], run: ([v]) => A.avgPool2dGrad(v!, [g.n, g.c, g.h, g.w], { kernelSize: g.k, stride: g.stride }), terms: g.k * g.k, linear: true })),
};

/** Asserts the float32 run of a case is within the float32 error bound of its float64 run. */
function checkCase(name: string, c: Case): void {
  const at = (dtype: "float32" | "float64", xs: T.NDArray[]): T.NDArray => A.noGrad(() => c.run(xs.map((x) => tensor(x.astype(dtype)))).data);
  const y64 = at("float64", c.inputs);
  const y32 = at("float32", c.inputs);
  expect(y32.shape, name).toEqual(y64.shape);
  if (y64.dtype === "float64" && name !== "cast") expect(y32.dtype, `${name} keeps float32`).toBe("float32");
  const magnitude = c.linear ? at("float64", c.inputs.map((x) => T.abs(x))).toTypedArray() : T.abs(y64).toTypedArray();
  const a = y32.toTypedArray();
  const b = y64.toTypedArray();
  for (let i = 0; i < b.length; i++) {
    const bound = 2 * EPS32 * (c.terms * magnitude[i]! + Math.abs(b[i]!)) + 1e-37;
    const err = Math.abs(a[i]! - b[i]!);
    if (!(err <= bound) && !(Number.isNaN(a[i]!) && Number.isNaN(b[i]!))) {
      throw new Error(`${name}: element ${i} is ${a[i]} in float32 and ${b[i]} in float64: error ${err} > bound ${bound} (terms ${c.terms})`);
    }
  }
}

describe("float32 against float64, every primitive", () => {
  it("every primitive of PRIMITIVES has a case here (and nothing else does)", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(PRIMITIVES).sort());
  });

  for (const name of Object.keys(CASES)) {
    test.prop([CASES[name]!], { numRuns: 15 })(`${name}: the float32 result is within float32 rounding (× accumulation length) of float64`, (c) => {
      checkCase(name, c);
    });
  }
});

describe("extreme logits", () => {
  const arbLogits = fc
    .record({ n: side(4), c: fc.integer({ min: 2, max: 6 }) })
    .chain(({ n, c }) =>
      fc.tuple(
        fc.array(fc.oneof(fc.constantFrom(1e4, -1e4), fc.float({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true })), { minLength: n * c, maxLength: n * c }),
        fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
        fc.constant([n, c]),
        fc.constantFrom<T.DType>("float32", "float64"),
      ),
    );

  test.prop([arbLogits], { numRuns: 40 })("logSoftmax at ±1e4 stays finite, forward and backward; softmax stays in [0, 1]", ([values, labels, shape, dtype]) => {
    const x = tensor(T.ndarray(Float64Array.from(values), { shape, dtype }), { requiresGrad: true });
    const logp = A.logSoftmax(x, 1);
    const lp = logp.data.toTypedArray();
    expect(Array.from(lp).every((v) => Number.isFinite(v) && v <= 0)).toBe(true);
    // Probabilities still sum to 1 per row.
    const rowSums = A.sum(A.exp(logp), { axis: 1 }).data.toTypedArray();
    for (const s of rowSums) expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    // The negative log-likelihood of the labels, by hand (crossEntropy is nn's).
    const picked = A.gather(logp, 1, T.ndarray(labels, { dtype: "int32", shape: [labels.length, 1] }));
    const loss = A.neg(A.mean(picked));
    expect(Number.isFinite(loss.item())).toBe(true);
    loss.backward();
    expect(Array.from(x.grad!.data.toTypedArray()).every(Number.isFinite)).toBe(true);
    expect(Array.from(A.softmax(x, 1).data.toTypedArray()).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe("variances are never negative", () => {
  // Large offsets with tiny spread: E[x²] − E[x]² would cancel catastrophically and go negative.
  const arbBatch = fc
    .record({ n: fc.integer({ min: 2, max: 8 }), c: side(4), offset: fc.constantFrom(0, 1, 1e3, 1e4, 3e5, -1e6), spread: fc.constantFrom(0, 1e-3, 1, 100) })
    .chain((g) =>
      fc
        .array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: g.n * g.c, maxLength: g.n * g.c })
        .map((xs) => ({ ...g, x: T.ndarray(Float32Array.from(xs, (v) => g.offset + g.spread * v), { shape: [g.n, g.c] }) })),
    );

  test.prop([arbBatch], { numRuns: 60 })("NDArray variance, autograd variance and BatchNorm's batch variance ≥ 0; BN output finite", ({ x }) => {
    const nonNegative = (t: T.NDArray, what: string): void => {
      for (const v of t.toTypedArray()) expect(v, what).toBeGreaterThanOrEqual(0);
    };
    nonNegative(T.variance(x, { axis: 0 }), "T.variance");
    nonNegative(T.moments(x, { axis: 0 }).variance, "T.moments");
    nonNegative(A.variance(tensor(x), { axis: 0, correction: 0 }).data, "A.variance");
    for (const run of [batchNormWithStats, fusedBatchNormWithStats]) {
      const { output, variance } = run(tensor(x), null, null);
      nonNegative(variance, run.name);
      expect(Array.from(output.data.toTypedArray()).every(Number.isFinite)).toBe(true);
    }
  });
});
