import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { type DType, type NDArray, ShapeError, ValueError, contiguous, ndarray } from "@tsgrad/ndarray";
import {
  arbBroadcastTensors,
  arbClashingShapes,
  arbDType,
  arbTensor,
  arbTensorOfShape,
  arbShape,
} from "./arbitraries.js";
import { expectError, expectSameTensor, expectTensor, fmt } from "./assert.js";
import {
  BINARY,
  INT_PRESERVING_UNARY,
  UNARY,
  type Ref,
  map,
  promote,
  read,
  storeAll,
  store,
  zipWith,
} from "./reference.js";

type BinaryFn = (a: NDArray | number, b: NDArray | number) => NDArray;
const BINARY_FNS: Record<string, BinaryFn> = {
  add: T.add,
  sub: T.sub,
  mul: T.mul,
  div: T.div,
  pow: T.pow,
  maximum: T.maximum,
  minimum: T.minimum,
  eq: T.eq,
  ne: T.ne,
  lt: T.lt,
  le: T.le,
  gt: T.gt,
  ge: T.ge,
};
const COMPARISONS = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);

const UNARY_FNS: Record<string, (x: NDArray) => NDArray> = {
  neg: T.neg,
  abs: T.abs,
  exp: T.exp,
  log: T.log,
  sqrt: T.sqrt,
  rsqrt: T.rsqrt,
  sin: T.sin,
  cos: T.cos,
  sinh: T.sinh,
  cosh: T.cosh,
  tanh: T.tanh,
  sigmoid: T.sigmoid,
  relu: T.relu,
  sign: T.sign,
  square: T.square,
  reciprocal: T.reciprocal,
  floor: T.floor,
  ceil: T.ceil,
  round: T.round,
  log1p: T.log1p,
  expm1: T.expm1,
};

/** The documented result dtype of a binary op on two tensors. */
function binaryDType(op: string, a: DType, b: DType): DType {
  if (COMPARISONS.has(op)) return "int32";
  const p = promote(a, b);
  return op === "div" && p === "int32" ? "float32" : p;
}

/** The dtype a number operand takes next to a tensor of `dtype`. */
function scalarDType(dtype: DType, value: number): DType {
  return dtype === "int32" && !Number.isInteger(value) ? "float32" : dtype;
}

function unaryDType(op: string, dtype: DType): DType {
  return dtype === "int32" && !INT_PRESERVING_UNARY.has(op) ? "float32" : dtype;
}

/** The reference of a binary op on two tensors, rounded to the result dtype. */
function refBinary(op: string, a: NDArray, b: NDArray): Ref {
  return storeAll(binaryDType(op, a.dtype, b.dtype), zipWith([read(a), read(b)], BINARY[op]!));
}

const arbNumber = fc.oneof(
  fc.integer({ min: -6, max: 6 }),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.constantFrom(0.5, -2.5, NaN, Infinity),
);

describe("binary ops against the reference (broadcasting, every dtype pair, any layout)", () => {
  for (const op of Object.keys(BINARY_FNS)) {
    test.prop([arbBroadcastTensors(2)], { numRuns: 60 })(op, ([a, b]) => {
      expectTensor(BINARY_FNS[op]!(a!, b!), refBinary(op, a!, b!), { dtype: binaryDType(op, a!.dtype, b!.dtype) });
    });
  }

  for (const op of Object.keys(BINARY_FNS)) {
    test.prop([arbTensor({ maxRank: 3 }), arbNumber, fc.boolean()], { numRuns: 30 })(
      `${op} with a number operand takes the tensor's dtype (float32 for a fraction next to int32)`,
      (t, v, numberFirst) => {
        const sd = scalarDType(t.dtype, v);
        const s: Ref = { shape: [], data: [store(sd, v)] };
        const out = numberFirst ? BINARY_FNS[op]!(v, t) : BINARY_FNS[op]!(t, v);
        const dtype = binaryDType(op, t.dtype, sd);
        const expected = storeAll(dtype, numberFirst ? zipWith([s, read(t)], BINARY[op]!) : zipWith([read(t), s], BINARY[op]!));
        expectTensor(out, expected, { dtype });
      },
    );
  }

  it("two numbers give a float32 scalar", () => {
    const out = T.add(2, 3);
    expect(out.shape).toEqual([]);
    expect(out.dtype).toBe("float32");
    expect(out.item()).toBe(5);
  });

  test.prop([arbBroadcastTensors(3, { maxRank: 3 }), fc.boolean()], { numRuns: 100 })(
    "where picks a where cond is non-zero (NaN counts as true), b elsewhere, broadcasting all three",
    ([c, a, b], condIsMask) => {
      const cond = condIsMask ? T.ne(c!, 0) : c!;
      const dtype = promote(a!.dtype, b!.dtype);
      const expected = storeAll(
        dtype,
        zipWith([read(cond), read(a!), read(b!)], (k, x, y) => (k !== 0 ? x : y)),
      );
      expectTensor(T.where(cond, a!, b!), expected, { dtype });
    },
  );

  test.prop([arbTensor({ maxRank: 3 }), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })], {
    numRuns: 100,
  })("where with number branches promotes like a binary op", (cond, x, y) => {
    const out = T.where(cond, x, y);
    expect(out.dtype).toBe("float32");
    expectTensor(out, map(read(cond), (k) => Math.fround(k !== 0 ? x : y)));
  });
});

describe("clip", () => {
  const bound = fc.option(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.double({ min: -8, max: 8, noNaN: true })), { nil: undefined });
  test.prop([arbTensor({ maxRank: 3 }), bound, bound], { numRuns: 100 })(
    "clamps into [min, max] (NaN stays NaN); a fractional bound on int32 gives float32",
    (x, b1, b2) => {
      const [lo, hi] = b1 !== undefined && b2 !== undefined && b1 > b2 ? [b2, b1] : [b1, b2];
      const fractional = [lo, hi].some((v) => v !== undefined && !Number.isInteger(v));
      const dtype: DType = x.dtype === "int32" && fractional ? "float32" : x.dtype;
      const loS = lo === undefined ? -Infinity : store(dtype, lo);
      const hiS = hi === undefined ? Infinity : store(dtype, hi);
      const expected = storeAll(
        dtype,
        map(read(x), (v) => (v < loS ? loS : v > hiS ? hiS : v)),
      );
      expectTensor(T.clip(x, lo, hi), expected, { dtype });
    },
  );

  it("refuses min > max, naming both", () => {
    expectError(() => T.clip(ndarray([1, 2]), 3, 1), ValueError, "clip", "3", "1");
  });
});

describe("unary ops against Math.* per element", () => {
  for (const op of Object.keys(UNARY_FNS)) {
    test.prop([arbTensor()], { numRuns: 40 })(op, (x) => {
      const dtype = unaryDType(op, x.dtype);
      const expected = storeAll(dtype, map(read(x), UNARY[op]!));
      // sigmoid is computed as e^x/(1+e^x) for negative x: equal to 1/(1+e^-x) up to rounding.
      const tol = op === "sigmoid" ? { rtol: dtype === "float64" ? 4e-16 : 1.2e-7 } : {};
      expectTensor(UNARY_FNS[op]!(x), expected, { dtype, ...tol });
    });
  }

  it("round halves to even", () => {
    expect(T.round(ndarray([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6, -2.4], { dtype: "float64" })).toArray()).toEqual([-2, -2, -0, 0, 2, 2, 3, -2]);
  });

  it("sigmoid does not overflow for large |x|", () => {
    expect(T.sigmoid(ndarray([-1000, 1000], { dtype: "float64" })).toArray()).toEqual([0, 1]);
  });

  it("sinh is odd and cosh even, with hand values; past float32's range they are ±Infinity", () => {
    const x = ndarray([-1, 0, 1, Math.log(2)], { dtype: "float64" });
    expect(T.sinh(x).toArray()).toEqual([-1.1752011936438014, 0, 1.1752011936438014, 0.75]);
    expect(T.cosh(x).toArray()).toEqual([1.5430806348152437, 1, 1.5430806348152437, 1.25]);
    expect(T.sinh(ndarray([-100, 100])).toArray()).toEqual([-Infinity, Infinity]);
    expect(T.cosh(ndarray([-100, 100])).toArray()).toEqual([Infinity, Infinity]);
  });
});

describe("strided inputs give the same results as a contiguous copy", () => {
  const nonContiguous = { nonContiguous: true } as const;
  for (const op of Object.keys(BINARY_FNS)) {
    test.prop([arbBroadcastTensors(2, nonContiguous)], { numRuns: 25 })(`binary ${op}`, ([a, b]) => {
      const f = BINARY_FNS[op]!;
      expectSameTensor(f(a!, b!), f(contiguous(a!), contiguous(b!)));
    });
  }
  for (const op of Object.keys(UNARY_FNS)) {
    test.prop([arbTensor(nonContiguous)], { numRuns: 25 })(`unary ${op}`, (x) => {
      const c = contiguous(x);
      expect(c.isContiguous).toBe(true);
      expectSameTensor(UNARY_FNS[op]!(x), UNARY_FNS[op]!(c));
    });
  }
  test.prop([arbBroadcastTensors(3, nonContiguous)], { numRuns: 50 })("where", ([c, a, b]) => {
    expectSameTensor(T.where(c!, a!, b!), T.where(contiguous(c!), contiguous(a!), contiguous(b!)));
  });
  test.prop([arbTensor(nonContiguous)], { numRuns: 50 })("clip", (x) => {
    expectSameTensor(T.clip(x, -3, 4), T.clip(contiguous(x), -3, 4));
  });
});

describe("algebraic laws", () => {
  const pair = arbBroadcastTensors(2);
  test.prop([pair], { numRuns: 100 })("add, mul, maximum, minimum, eq and ne commute", ([a, b]) => {
    for (const f of [T.add, T.mul, T.maximum, T.minimum, T.eq, T.ne]) expectSameTensor(f(a!, b!), f(b!, a!));
  });
  test.prop([pair], { numRuns: 100 })("sub(a, b) == add(a, neg(b))", ([a, b]) => {
    expectSameTensor(T.sub(a!, b!), T.add(a!, T.neg(b!)));
  });
  test.prop([pair], { numRuns: 100 })("gt(a, b) == lt(b, a), ge(a, b) == le(b, a), eq + ne == 1", ([a, b]) => {
    expectSameTensor(T.gt(a!, b!), T.lt(b!, a!));
    expectSameTensor(T.ge(a!, b!), T.le(b!, a!));
    const total = T.add(T.eq(a!, b!), T.ne(a!, b!));
    expectTensor(total, map(read(total), () => 1), { dtype: "int32" });
  });
  test.prop([arbBroadcastTensors(2, { kind: "general" })], { numRuns: 100 })(
    "without NaN: where(gt(a, b), a, b) == maximum(a, b) and le == 1 - gt",
    ([a, b]) => {
      expectSameTensor(T.where(T.gt(a!, b!), a!, b!), T.maximum(a!, b!));
      expectSameTensor(T.le(a!, b!), T.sub(1, T.gt(a!, b!)));
    },
  );
  test.prop([arbTensor()], { numRuns: 100 })("neg(neg(x)) == x, abs(x) == maximum(x, neg(x)), relu(x) == maximum(x, 0)", (x) => {
    expectSameTensor(T.neg(T.neg(x)), contiguous(x));
    expectSameTensor(T.abs(x), T.maximum(x, T.neg(x)));
    expectSameTensor(T.relu(x), T.maximum(x, 0));
  });
  test.prop([arbTensor({ dtype: "float64", kind: "general" })], { numRuns: 100 })(
    "float64: exp(log|x|) ≈ |x|, sqrt(square(x)) == |x|, x / x == 1 away from 0",
    (x) => {
      const ax = T.abs(x);
      const nonzero = T.where(T.eq(ax, 0), 1, ax);
      // atol: squares of subnormals underflow to 0
      expectSameTensor(T.exp(T.log(nonzero)), nonzero, { rtol: 1e-13, atol: 1e-300 });
      expectSameTensor(T.sqrt(T.square(x)), ax, { rtol: 1e-15, atol: 1e-150 });
      const q = T.div(nonzero, nonzero);
      expectTensor(q, map(read(q), () => 1));
    },
  );
  test.prop([arbTensor({ kind: "general" }), fc.integer({ min: -5, max: 0 }), fc.integer({ min: 0, max: 5 })], { numRuns: 100 })(
    "clip(x, lo, hi) == minimum(maximum(x, lo), hi)",
    (x, lo, hi) => {
      expectSameTensor(T.clip(x, lo, hi), T.minimum(T.maximum(x, lo), hi));
    },
  );
});

describe("dtype promotion", () => {
  const one = (dtype: DType): NDArray => ndarray([1], { dtype });
  const pairs: [DType, DType, DType][] = [
    ["int32", "int32", "int32"],
    ["int32", "float32", "float32"],
    ["int32", "float64", "float64"],
    ["float32", "float32", "float32"],
    ["float32", "float64", "float64"],
    ["float64", "float64", "float64"],
  ];
  it.each(pairs)("%s with %s gives %s for add sub mul pow maximum minimum (both orders)", (a, b, want) => {
    for (const f of [T.add, T.sub, T.mul, T.pow, T.maximum, T.minimum]) {
      expect(f(one(a), one(b)).dtype).toBe(want);
      expect(f(one(b), one(a)).dtype).toBe(want);
      expect(T.promoteTypes(a, b)).toBe(want);
    }
  });
  it("div of int32 by int32 (or by an integer number) is float32 true division", () => {
    const q = T.div(ndarray([7, -7], { dtype: "int32" }), ndarray([2, 2], { dtype: "int32" }));
    expect(q.dtype).toBe("float32");
    expect(q.toArray()).toEqual([3.5, -3.5]);
    expect(T.div(ndarray([1], { dtype: "int32" }), 4).dtype).toBe("float32");
    expect(T.div(ndarray([1], { dtype: "float64" }), 4).dtype).toBe("float64");
  });
  it("number operands take the tensor's dtype, except a fraction next to int32", () => {
    const i = ndarray([3], { dtype: "int32" });
    expect(T.add(i, 2).dtype).toBe("int32");
    expect(T.mul(2, i).dtype).toBe("int32");
    const f = T.add(i, 2.5);
    expect(f.dtype).toBe("float32");
    expect(f.toArray()).toEqual([5.5]);
    expect(T.add(ndarray([1], { dtype: "float64" }), 0.1).toArray()).toEqual([1.1]);
    expect(T.add(ndarray([1]), 2.5).dtype).toBe("float32");
    expect(T.add(ndarray([1], { dtype: "float64" }), 2).dtype).toBe("float64");
  });
  it("comparisons give int32 0/1 for every dtype pair", () => {
    for (const [a, b] of pairs) {
      for (const f of [T.eq, T.ne, T.lt, T.le, T.gt, T.ge]) {
        const r = f(ndarray([1, 2], { dtype: a }), ndarray([2, 2], { dtype: b }));
        expect(r.dtype).toBe("int32");
        expect((r.toArray() as number[]).every((v) => v === 0 || v === 1)).toBe(true);
      }
    }
    expect(T.lt(ndarray([1, 3]), 2).toArray()).toEqual([1, 0]);
  });
  it("where promotes its branches; the condition's dtype does not matter", () => {
    const cond = ndarray([1, 0], { dtype: "int32" });
    expect(T.where(cond, ndarray([1], { dtype: "int32" }), ndarray([2], { dtype: "float64" })).dtype).toBe("float64");
    expect(T.where(ndarray([1.5, 0], { dtype: "float64" }), ndarray([1], { dtype: "int32" }), 0).dtype).toBe("int32");
    expect(T.where(cond, ndarray([1], { dtype: "int32" }), 0.5).toArray()).toEqual([1, 0.5]);
  });
  test.prop([arbDType, fc.constantFrom(...Object.keys(UNARY_FNS))], { numRuns: 60 })(
    "unary ops keep float dtypes; int32 stays int32 only for neg abs relu sign square floor ceil round",
    (dtype, op) => {
      expect(UNARY_FNS[op]!(ndarray([1, 2], { dtype })).dtype).toBe(unaryDType(op, dtype));
    },
  );
});

describe("binary op errors", () => {
  test.prop([arbClashingShapes, fc.constantFrom(...Object.keys(BINARY_FNS))], { numRuns: 50 })(
    "shapes that do not broadcast throw a ShapeError naming the op and both shapes",
    ([sa, sb], op) => {
      expectError(() => BINARY_FNS[op]!(T.zeros(sa), T.zeros(sb)), ShapeError, op, fmt(sa), fmt(sb), "do not broadcast");
    },
  );
  test.prop([arbClashingShapes, arbShape({ maxRank: 1, allowZero: false })], { numRuns: 30 })(
    "where names all three shapes",
    ([sa, sb], sc) => {
      expectError(() => T.where(T.zeros(sc), T.zeros(sa), T.zeros(sb)), ShapeError, "where", fmt(sa), fmt(sb));
    },
  );
  it("broadcast error names the clashing sizes", () => {
    expectError(() => T.add(T.ones([2, 3]), T.ones([4])), ShapeError, "add", "[2, 3]", "[4]", "size 3", "size 4");
  });
});

describe("arbitrary tensors used above are well formed", () => {
  test.prop([arbTensorOfShape([2, 3], { nonContiguous: true, dtype: "float64" })], { numRuns: 20 })(
    "non-contiguous layouts really are views with the requested shape",
    (x) => {
      expect(x.shape).toEqual([2, 3]);
      expect(read(x).data.every((v) => v !== -9.87654321e300)).toBe(true);
    },
  );
});
