// primitive.describe, the test block of one primitive, with the float32-vs-float64 numerics
// case it declares, and the builders of those cases: shared by every file that tests a primitive.
import { describe, expect } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { type Tensor, noGrad, tensor } from "@tsgrad/autograd";

const EPS32 = 2 ** -23;

/** One primitive applied to random inputs, run in float32 and in float64. */
export interface NumericsCase {
  /** The inputs, float64 NDArrays whose values are exactly representable in float32. */
  inputs: T.NDArray[];
  /** Applies the primitive (through its free function) to Tensors of the inputs. */
  run: (xs: Tensor[]) => Tensor;
  /** How many rounded terms an output element accumulates (1: one rounding of an exact value). */
  terms: number;
  /** Linear in each input: the error bound scales with the op applied to |inputs|. */
  linear?: boolean;
  /** The scale of the terms of each output element, in float64 (default |y|, or the op on |inputs| when linear). */
  magnitude?: (inputs: T.NDArray[]) => T.NDArray;
}

/** What a primitive's block declares besides its tests. */
export interface PrimitiveBlockOptions {
  /**
   * Random inputs on which the float32 result must stay within
   * `2·ε₃₂·(terms·magnitude + |y|)` of the float64 result (docs/guarantees.md, "Precision").
   */
  numerics: fc.Arbitrary<NumericsCase>;
}

/** Asserts the float32 run of a case is within the float32 error bound of its float64 run. */
export function checkNumerics(name: string, c: NumericsCase): void {
  const at = (dtype: "float32" | "float64", xs: T.NDArray[]): T.NDArray => noGrad(() => c.run(xs.map((x) => tensor(x.astype(dtype)))).data);
  const y64 = at("float64", c.inputs);
  const y32 = at("float32", c.inputs);
  expect(y32.shape, name).toEqual(y64.shape);
  if (y64.dtype === "float64" && name !== "cast") expect(y32.dtype, `${name} keeps float32`).toBe("float32");
  const magnitude = (c.magnitude ? c.magnitude(c.inputs) : c.linear ? at("float64", c.inputs.map((x) => T.abs(x))) : T.abs(y64)).toTypedArray();
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

/**
 * The test registry of the primitives: `primitive.describe(name, { numerics }, body)` is
 * the one `describe` block of primitive `name` (a key of PRIMITIVES). It runs `body` (the
 * hand values, gradcheck, random-direction vjp and second-order tests) and then the
 * block's float32-vs-float64 numerics property. test/primitives.test.ts checks that every
 * primitive has exactly one such block, and that its TSDoc names the block's file.
 *
 * (A method on an object, not a `describePrimitive` function, so that the call reads
 * `describe("<name>"`, which is what docs/test/doctests.test.ts looks for.)
 */
export const primitive = {
  describe(name: string, opts: PrimitiveBlockOptions, body: () => void): void {
    describe(name, () => {
      body();
      test.prop([opts.numerics], { numRuns: 15 })("numerics: the float32 result is within float32 rounding (× accumulation length) of float64", (c) => {
        checkNumerics(name, c);
      });
    });
  },
};

// ----------------------------------------------------------------------------------------
// Builders of numerics cases.

const side = (max = 4): fc.Arbitrary<number> => fc.integer({ min: 1, max });
const shape = (minRank = 1, maxRank = 3): fc.Arbitrary<number[]> => fc.array(side(), { minLength: minRank, maxLength: maxRank });
/** Float64 values in [min, max] that float32 represents exactly. */
const input = (s: readonly number[], min = -4, max = 4): fc.Arbitrary<T.NDArray> => {
  const n = s.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
    .map((xs) => T.ndarray(Float64Array.from(xs), { shape: [...s] }));
};
/** A shape broadcast against `s`: some axes set to 1, maybe fewer leading axes. */
const broadcastOf = (s: readonly number[]): fc.Arbitrary<number[]> =>
  fc.tuple(fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), fc.nat(s.length)).map(([ones, drop]) => s.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
/** An int32 index of shape `s` with values in [0, max). */
const index = (s: readonly number[], max: number): fc.Arbitrary<T.NDArray> => {
  const n = s.reduce((a, b) => a * b, 1);
  return fc.array(fc.integer({ min: 0, max: max - 1 }), { minLength: n, maxLength: n }).map((xs) => T.ndarray(xs, { dtype: "int32", shape: [...s] }));
};

/** A one-input elementwise op on values in [min, max]. */
const unary = (f: (x: Tensor) => Tensor, min = -4, max = 4): fc.Arbitrary<NumericsCase> =>
  shape()
    .chain((s) => input(s, min, max))
    .map((x) => ({ inputs: [x], run: ([v]) => f(v!), terms: 1 }));

/** A two-input elementwise op on broadcast shapes (either side the smaller), b in [bMin, bMax], a in [aMin, 4]. */
const binary = (f: (a: Tensor, b: Tensor) => Tensor, bMin = -4, bMax = 4, aMin = -4): fc.Arbitrary<NumericsCase> =>
  shape()
    .chain((s) => fc.tuple(fc.constant(s), broadcastOf(s), fc.boolean()))
    .chain(([s, b, swap]) => fc.tuple(input(swap ? b : s, aMin), input(swap ? s : b, bMin, bMax)))
    .map(([a, b]) => ({ inputs: [a, b], run: ([x, y]) => f(x!, y!), terms: 1 }));

const axes = (rank: number): fc.Arbitrary<number[] | undefined> =>
  fc.option(fc.subarray(Array.from({ length: rank }, (_, i) => i), { minLength: 1 }), { nil: undefined });

/** A reduction over random axes (or all), keepdims or not. */
const reduction = (f: (x: Tensor, o: T.ReduceOptions) => Tensor): fc.Arbitrary<NumericsCase> =>
  shape()
    .chain((s) => fc.tuple(input(s), axes(s.length), fc.boolean()))
    .map(([x, axis, keepdims]) => ({
      inputs: [x],
      run: ([v]) => f(v!, axis === undefined ? { keepdims } : { axis, keepdims }),
      terms: x.size,
      linear: true,
    }));

/** NCHW input and a conv geometry with at least one output position. */
const conv = fc
  .record({ n: side(2), c: side(3), o: side(3), h: fc.integer({ min: 3, max: 6 }), w: fc.integer({ min: 3, max: 6 }), k: fc.integer({ min: 1, max: 3 }), stride: side(2), padding: fc.integer({ min: 0, max: 1 }) })
  .map((g) => ({ ...g, oh: Math.floor((g.h + 2 * g.padding - g.k) / g.stride) + 1, ow: Math.floor((g.w + 2 * g.padding - g.k) / g.stride) + 1 }));

/** NCHW input and a pooling window that fits. */
const pool = fc
  .record({ n: side(2), c: side(3), h: fc.integer({ min: 2, max: 6 }), w: fc.integer({ min: 2, max: 6 }), k: fc.integer({ min: 1, max: 3 }), stride: side(2) })
  .filter((g) => g.k <= g.h && g.k <= g.w)
  .map((g) => ({ ...g, oh: Math.floor((g.h - g.k) / g.stride) + 1, ow: Math.floor((g.w - g.k) / g.stride) + 1 }));

/**
 * Builders of numerics cases: `unary`, `binary` and `reduction` for the common kinds, and
 * the pieces (`side`, `shape`, `input`, `broadcastOf`, `index`, `conv`, `pool`) for the rest.
 */
export const cases = { side, shape, input, broadcastOf, index, unary, binary, reduction, conv, pool };
