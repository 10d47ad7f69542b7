import { describe, expect } from "vitest";
import { it } from "@tsgrad/testing/vitest";
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { IdxFormatError, readIdx } from "@tsgrad/data";
import { IDX_TYPE_NAMES, ITEM_SIZE, type IdxTypeName, writeIdx } from "./idx-writer.js";
import { arbIdxFile } from "./arbitraries.js";
import { catchError } from "./catch-error.js";

const DTYPE_OF: Record<IdxTypeName, string> = {
  ubyte: "int32",
  sbyte: "int32",
  int16: "int32",
  int32: "int32",
  float32: "float32",
  float64: "float64",
};

describe("readIdx: decoding", () => {
  it("decodes hand-written big-endian bytes of each type", () => {
    const header = (code: number, n: number) => [0, 0, code, 1, 0, 0, 0, n];
    expect(readIdx(new Uint8Array([...header(0x08, 3), 0, 128, 255])).toArray()).toEqual([0, 128, 255]);
    expect(readIdx(new Uint8Array([...header(0x09, 3), 0, 128, 255])).toArray()).toEqual([0, -128, -1]);
    expect(readIdx(new Uint8Array([...header(0x0b, 3), 0x01, 0x02, 0x80, 0x00, 0xff, 0xfe])).toArray()).toEqual([258, -32768, -2]);
    expect(readIdx(new Uint8Array([...header(0x0c, 2), 0x01, 0x02, 0x03, 0x04, 0x80, 0, 0, 0])).toArray()).toEqual([
      0x01020304, -2147483648,
    ]);
    expect(readIdx(new Uint8Array([...header(0x0d, 2), 0x3f, 0x80, 0, 0, 0xc0, 0x20, 0, 0])).toArray()).toEqual([1, -2.5]);
    expect(readIdx(new Uint8Array([...header(0x0e, 1), 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a])).toArray()).toEqual([0.1]);
  });

  it("maps integer types to int32 and float types to float32 / float64", () => {
    for (const type of IDX_TYPE_NAMES) {
      const t = readIdx(writeIdx(type, [2], [1, 2]));
      expect(t.dtype, type).toBe(DTYPE_OF[type]);
      expect(t.toArray(), type).toEqual([1, 2]);
    }
  });

  it("gives the dimensions as the shape, row-major", () => {
    const t = readIdx(writeIdx("ubyte", [2, 3], [1, 2, 3, 4, 5, 6]));
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("reads a 0-dimensional file as a scalar and zero-size dimensions as an empty tensor", () => {
    const s = readIdx(writeIdx("int32", [], [-7]));
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(-7);
    const e = readIdx(writeIdx("float32", [3, 0, 2], []));
    expect(e.shape).toEqual([3, 0, 2]);
    expect(e.size).toBe(0);
  });

  it("reads a subarray at an odd offset and a Node Buffer", () => {
    const file = writeIdx("float32", [2], [1.5, -3]);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 1);
    expect(readIdx(padded.subarray(1, 1 + file.length)).toArray()).toEqual([1.5, -3]);
    const f64 = writeIdx("float64", [2], [Math.PI, -0]);
    const padded64 = new Uint8Array(f64.length + 5);
    padded64.set(f64, 5);
    expect(readIdx(padded64.subarray(5)).toArray()).toEqual([Math.PI, -0]);
    expect(readIdx(Buffer.from(writeIdx("int16", [1], [-300]))).toArray()).toEqual([-300]);
  });

  it.prop([arbIdxFile], { numRuns: 300 })("round-trips every type and shape through the test writer", ({ type, shape, values, bytes }) => {
    const t = readIdx(bytes);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.requiresGrad).toBe(false);
    expect(t.dtype).toBe(DTYPE_OF[type]);
    expect(t.shape).toEqual(shape);
    const expected = type === "float32" ? values.map(Math.fround) : values;
    expect(Array.from(t.toTypedArray())).toEqual(expected);
  });
});

describe("readIdx: validation", () => {
  const good = writeIdx("ubyte", [2, 3], [1, 2, 3, 4, 5, 6]);

  function idxError(bytes: Uint8Array): IdxFormatError {
    const e = catchError(() => readIdx(bytes));
    expect(e).toBeInstanceOf(IdxFormatError);
    expect(e).toBeInstanceOf(TsgradError);
    const err = e as IdxFormatError;
    expect(err.op).toBe("readIdx");
    expect(err.name).toBe("IdxFormatError");
    return err;
  }

  it("rejects a bad magic number", () => {
    const bytes = good.slice();
    bytes[1] = 0x03;
    expect(idxError(bytes).message).toMatch(/bad magic number.*0x00 0x03/);
    expect(idxError(new Uint8Array([0x1f, 0x8b, 8, 0])).message).toMatch(/bad magic number.*0x1F 0x8B/);
    expect(idxError(new Uint8Array([7])).message).toMatch(/bad magic number.*0x07/);
  });

  it("rejects an unknown type code", () => {
    for (const code of [0x00, 0x07, 0x0a, 0x0f, 0xff]) {
      const bytes = good.slice();
      bytes[2] = code;
      const err = idxError(bytes);
      expect(err.message).toMatch(/unknown type code 0x[0-9A-F]{2}/);
      expect(err.details.typeCode).toBe(code);
    }
  });

  it("rejects a header cut short", () => {
    expect(idxError(new Uint8Array([])).message).toMatch(/truncated header.*got 0 bytes/);
    expect(idxError(new Uint8Array([0, 0, 8])).message).toMatch(/truncated header.*got 3 bytes/);
    for (const length of [4, 5, 8, 11]) {
      expect(idxError(good.subarray(0, length)).message).toMatch(/truncated header: 2 dimensions need a 12-byte header/);
    }
  });

  it("rejects data shorter than the dimensions call for", () => {
    for (const length of [12, 13, 17]) {
      const err = idxError(good.subarray(0, length));
      expect(err.message).toMatch(/truncated data: shape \[2, 3\] of ubyte needs 6 data bytes after the 12-byte header/);
      expect(err.details.dataLength).toBe(length - 12);
    }
    const int32 = writeIdx("int32", [3], [1, 2, 3]);
    expect(idxError(int32.subarray(0, int32.length - 1)).message).toMatch(/needs 12 data bytes.*got 11/);
  });

  it("rejects trailing bytes after the data", () => {
    const longer = new Uint8Array(good.length + 2);
    longer.set(good);
    expect(idxError(longer).message).toMatch(/2 trailing bytes: shape \[2, 3\] of ubyte needs 6 data bytes.*got 8/);
    const oneMore = new Uint8Array(good.length + 1);
    oneMore.set(good);
    expect(idxError(oneMore).message).toMatch(/1 trailing byte:/);
  });

  it("rejects huge dimensions from the header alone, before allocating", () => {
    const bytes = new Uint8Array([0, 0, 0x0e, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3]);
    expect(idxError(bytes).message).toMatch(/truncated data: shape \[4294967295, 4294967295, 4294967295\] of float64 needs more than 2\^53 data bytes/);
  });

  it("rejects an argument that is not a Uint8Array with a ValueError", () => {
    expect(catchError(() => readIdx([0, 0, 8, 0, 1] as unknown as Uint8Array))).toBeInstanceOf(ValueError);
    expect(catchError(() => readIdx(new Int8Array(5) as unknown as Uint8Array))).toBeInstanceOf(ValueError);
  });

  it("accepts files of every item size only at the exact length", () => {
    for (const type of IDX_TYPE_NAMES) {
      const file = writeIdx(type, [2], [1, 2]);
      expect(readIdx(file).size).toBe(2);
      expect(file.length).toBe(8 + 2 * ITEM_SIZE[type]);
      expect(catchError(() => readIdx(file.subarray(0, file.length - 1)))).toBeInstanceOf(IdxFormatError);
    }
  });
});
