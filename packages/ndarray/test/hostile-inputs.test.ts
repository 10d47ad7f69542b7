// Hostile inputs to the core: NDArray layouts that do not fit their storage, sizes past 2^53,
// over-long slice specs and pairs, wrong kinds (null, BigInt, Symbol) and the names errors carry.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { DTypeError, Generator, NDArray, ValueError } from "@tsgrad/ndarray";
import { checkIntPair, describeValue, fmtShape, showValue } from "@tsgrad/ndarray/internal";
import { expectError } from "./assert.js";

describe("the NDArray constructor checks its layout against the storage", () => {
  it("refuses storage too short for the shape, strides or offset", () => {
    expectError(() => new NDArray(new Float32Array(2), [5], [1], 0), ValueError, "NDArray", "outside a storage of 2 elements");
    expectError(() => new NDArray(new Float32Array(6), [2, 3], [3, 2]), ValueError, "NDArray", "outside");
    expectError(() => new NDArray(new Float32Array(6), [2, 3], [3, 1], 1), ValueError, "NDArray", "outside");
    expectError(() => new NDArray(new Float32Array(6), [3], [-1], 1), ValueError, "NDArray", "outside");
  });

  it("refuses non-integer or negative offsets and non-integer or missing strides", () => {
    expectError(() => new NDArray(new Float32Array(6), [2], [1], -1), ValueError, "NDArray", "offset");
    expectError(() => new NDArray(new Float32Array(6), [2], [1], 0.5), ValueError, "NDArray", "offset");
    expectError(() => new NDArray(new Float32Array(6), [2], [1], 10n as unknown as number), ValueError, "NDArray", "offset");
    expectError(() => new NDArray(new Float32Array(6), [2], [0.5]), ValueError, "NDArray", "strides");
    expectError(() => new NDArray(new Float32Array(6), [2, 3], [1]), ValueError, "NDArray", "strides");
    expectError(() => new NDArray(new Float32Array(6), null as unknown as number[]), ValueError, "NDArray", "shape");
    expectError(() => new NDArray([1, 2] as unknown as Float32Array, [2]), ValueError, "NDArray", "storage");
  });

  it("accepts every layout inside the storage: negative and zero strides, empty arrays at any offset", () => {
    expect(new NDArray(new Float64Array([1, 2, 3]), [3], [-1], 2).toArray()).toEqual([3, 2, 1]);
    expect(new NDArray(new Int32Array([7]), [4, 2], [0, 0]).dtype).toBe("int32");
    expect(new NDArray(new Float32Array(0), [0, 5], [5, 1], 3).size).toBe(0);
  });

  test.prop([fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 4, maxLength: 4 }), fc.nat(30), fc.nat(40)], {
    numRuns: 100,
  })("a layout is accepted exactly when every index it addresses lies in the storage, and then reads those", (shape, rawStrides, offset, length) => {
    const strides = rawStrides.slice(0, shape.length);
    const storage = Float64Array.from({ length }, (_, i) => i);
    let lo = offset;
    let hi = offset;
    shape.forEach((d, i) => (strides[i]! < 0 ? (lo += strides[i]! * (d - 1)) : (hi += strides[i]! * (d - 1))));
    const fits = lo >= 0 && hi < length;
    let made: NDArray | undefined;
    try {
      made = new NDArray(storage, shape, strides, offset);
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
    }
    expect(made !== undefined).toBe(fits);
    if (made) for (const v of made.toTypedArray()) expect(v >= lo && v <= hi).toBe(true);
  });
});

describe("sizes past 2^53 are refused: a view may exceed MAX_ELEMENTS, but its size must be exact", () => {
  it("expand, broadcastTo, broadcastShapes and the creators refuse them, naming the call", () => {
    expectError(() => T.ones([1, 1]).expand([1e308, 1]), ValueError, "expand");
    expectError(() => T.ones([1, 1]).expand([2 ** 53 + 2, 1]), ValueError, "expand", "2^53 - 1");
    expectError(() => T.ones([1, 1]).expand([2 ** 30, 2 ** 30]), ValueError, "expand", "2^53 - 1");
    expectError(() => T.broadcastTo(T.ones([1]), [2 ** 27, 2 ** 27]), ValueError, "broadcastTo");
    expectError(() => T.broadcastShapes("add", [2 ** 27, 1], [2 ** 27]), ValueError, "add");
    expectError(() => T.zeros([2 ** 53 + 2]), ValueError, "zeros");
    expectError(() => T.reshape(T.ones([0]), [2 ** 53, 0]), ValueError, "reshape", "2^53 - 1");
    expect(T.ones([1, 1]).expand([2 ** 26, 2 ** 26]).size).toBe(2 ** 52);
  });
});

describe("slice specs and pairs must have the right length", () => {
  it("refuses a range of more than 3 elements", () => {
    expectError(() => T.ones([4]).slice([[0, 4, 2, 99] as unknown as [number, number, number]]), ValueError, "slice", "at most 3");
    expect(T.arange(4).slice([[0, 4, 2]]).toArray()).toEqual([0, 2]);
  });

  it("checkIntPair and conv2d refuse a pair of the wrong length", () => {
    expect(() => checkIntPair("conv2d", "options", "stride", [2, 2, 2], 1)).toThrow(/got 3 elements, not 2/);
    expectError(() => T.conv2d(T.ones([1, 1, 4, 4]), T.ones([1, 1, 2, 2]), null, { stride: [2, 2, 2] as unknown as [number, number] }), ValueError, "conv2d", "stride");
    expectError(() => T.maxPool2d(T.ones([1, 1, 4, 4]), { kernelSize: [2] as unknown as [number, number] }), ValueError, "maxPool2d", "1 element");
  });
});

describe("wrong kinds get typed errors naming the call, and messages build on any value", () => {
  it("null and other kinds given for NDArrays", () => {
    expectError(() => T.zerosLike(null as unknown as NDArray), ValueError, "zerosLike", "got null");
    expectError(() => T.conv2d(null as unknown as NDArray, T.ones([1, 1, 1, 1])), ValueError, "conv2d");
    expectError(() => T.concat([null as unknown as NDArray]), ValueError, "concat", "tensors[0]");
    expectError(() => T.stack([null as unknown as NDArray]), ValueError, "stack");
    expectError(() => T.im2col(null as unknown as NDArray, { kernelSize: 1 }), ValueError, "im2col");
    expectError(() => T.batchNormForward(null as unknown as NDArray, T.ones([1]), T.ones([1]), 0), ValueError, "batchNormForward");
    expectError(() => T.batchNormForward(T.ones([2, 3]), T.ones([2]), T.ones([3]), 0), Error as never, "batchNormForward");
    expectError(() => T.gatherPlanes(T.ones([1, 1, 2, 2]), null as unknown as NDArray), ValueError, "gatherPlanes");
    expectError(() => T.broadcastShapes("add", [2], null as unknown as number[]), ValueError, "add");
    expectError(() => T.sliceScatter(2 ** 31 as unknown as number[], [], T.ones([1])), ValueError, "sliceScatter");
  });

  it("promoteTypes, setKernelTier and Generator refuse unknown values", () => {
    expectError(() => T.promoteTypes("int32", "x" as T.DType), DTypeError, "promoteTypes", '"x"');
    expectError(() => T.setKernelTier(3n as unknown as "js"), ValueError, "setKernelTier", "3n");
    expectError(() => new Generator(1).integer(3n as unknown as number, 5), ValueError, "Generator.integer", "3n");
    expectError(() => new Generator(1).integer(5, 0), ValueError, "Generator.integer");
    expectError(() => new Generator(1).manualSeed(-1), ValueError, "Generator.manualSeed");
    expectError(() => new Generator(-1), ValueError, "Generator");
  });

  it("std names itself", () => {
    expectError(() => T.std(T.ones([2]), { correction: -1 }), ValueError, "std");
    expectError(() => T.std(T.ones([2]), { keepdims: 1 as unknown as boolean }), ValueError, "std");
  });

  test.prop([fc.constantFrom<unknown>(10n, Symbol("s"), Object.create(null), [10n, Symbol("t")], { toString: null }, "x", null, undefined, NaN)], { numRuns: 20 })(
    "describeValue, showValue and fmtShape build on BigInt, Symbol and prototype-less objects",
    (v) => {
      expect(typeof describeValue(v)).toBe("string");
      expect(typeof showValue(v)).toBe("string");
      expect(typeof fmtShape([v] as unknown as number[])).toBe("string");
      expect(() => T.reshape(T.ones([1]), [v] as unknown as number[])).toThrow(T.TsgradError);
      // A null or undefined step is the default step 1 (Python's None).
      if (v !== null && v !== undefined) expect(() => T.ones([1]).slice([[0, 1, v]] as unknown as [number, number, number][])).toThrow(T.TsgradError);
    },
  );
});
