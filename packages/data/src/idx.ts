// The IDX file format (MNIST's): header parsing, data decoding and readIdx on bytes in memory;
// no file system, so it runs in browsers too (fs.ts reads files for Node).
import { MAX_ELEMENTS, MAX_RANK, NDArray, ValueError } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { IdxFormatError } from "./errors.js";
import { allocate, describeValue, fmtShape } from "@tsgrad/ndarray/internal";

/** An IDX element type, named after its type code. @internal */
export interface IdxType {
  /** The type code (third byte of the file). */
  readonly code: number;
  /** Name used in messages: `ubyte`, `sbyte`, `int16`, `int32`, `float32`, `float64`. */
  readonly name: string;
  /** Bytes per element. */
  readonly size: number;
}

const IDX_TYPES: ReadonlyMap<number, IdxType> = new Map(
  [
    { code: 0x08, name: "ubyte", size: 1 },
    { code: 0x09, name: "sbyte", size: 1 },
    { code: 0x0b, name: "int16", size: 2 },
    { code: 0x0c, name: "int32", size: 4 },
    { code: 0x0d, name: "float32", size: 4 },
    { code: 0x0e, name: "float64", size: 8 },
  ].map((t) => [t.code, t]),
);

/** A validated IDX header. @internal */
export interface IdxHeader {
  /** Element type. */
  readonly type: IdxType;
  /** Dimensions, outermost first. */
  readonly shape: number[];
  /** Offset of the first data byte (the header length). */
  readonly dataOffset: number;
  /** Number of elements (product of the dimensions). */
  readonly size: number;
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, "0").toUpperCase()}`;
}

function checkBytes(op: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new ValueError(op, `expected the file contents as a Uint8Array, got ${describeValue(bytes)}`, {});
  }
}

/**
 * Parses and validates the header of an IDX file and checks that the data that
 * follows has exactly the length the dimensions call for. Every failure is an
 * {@link IdxFormatError} whose message starts with `source` when given.
 * @internal
 */
export function parseIdxHeader(bytes: Uint8Array, op: string, source?: string): IdxHeader {
  const fail = (message: string, details: Record<string, unknown>): never => {
    if (source === undefined) throw new IdxFormatError(op, message, details);
    throw new IdxFormatError(op, `${source}: ${message}`, { ...details, source });
  };
  const n = bytes.length;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 !== undefined && b0 !== 0) || (b1 !== undefined && b1 !== 0)) {
    const got = [b0, b1].filter((b): b is number => b !== undefined).map(hex).join(" ");
    fail(`bad magic number: an IDX file starts with two zero bytes, got ${got}`, { magic: [b0, b1] });
  }
  if (n < 4) {
    fail(
      `truncated header: an IDX file starts with 4 bytes (0x00 0x00, the type code, the number of dimensions), got ${n} byte${n === 1 ? "" : "s"}`,
      { length: n },
    );
  }
  const code = bytes[2]!;
  const type = IDX_TYPES.get(code);
  if (type === undefined) {
    fail(
      `unknown type code ${hex(code)} at byte 2; expected 0x08 (ubyte), 0x09 (sbyte), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64)`,
      { typeCode: code },
    );
  }
  const t = type!;
  const ndim = bytes[3]!;
  const dataOffset = 4 + 4 * ndim;
  if (ndim > MAX_RANK) fail(`${ndim} dimensions at byte 3: more than the maximum rank ${MAX_RANK}`, { ndim });
  if (n < dataOffset) {
    fail(`truncated header: ${ndim} dimension${ndim === 1 ? "" : "s"} need a ${dataOffset}-byte header, got ${n} bytes`, {
      ndim,
      headerLength: dataOffset,
      length: n,
    });
  }
  const shape = new Array<number>(ndim);
  let size = 1;
  for (let d = 0; d < ndim; d++) {
    const p = 4 + 4 * d;
    const dim = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
    shape[d] = dim;
    size *= dim;
  }
  const expected = size * t.size;
  const actual = n - dataOffset;
  if (actual !== expected) {
    const need = expected > Number.MAX_SAFE_INTEGER ? "more than 2^53" : String(expected);
    const what = `shape ${fmtShape(shape)} of ${t.name} needs ${need} data bytes after the ${dataOffset}-byte header, got ${actual}`;
    const details = { shape, type: t.name, headerLength: dataOffset, expectedDataLength: expected, dataLength: actual };
    if (actual < expected) fail(`truncated data: ${what}`, details);
    fail(`${actual - expected} trailing byte${actual - expected === 1 ? "" : "s"}: ${what}`, details);
  }
  // A file that really holds that many elements (2 GB of bytes and more) cannot be one array.
  if (size > MAX_ELEMENTS) {
    fail(`shape ${fmtShape(shape)} has ${size} elements, more than the maximum of ${MAX_ELEMENTS} in one array`, {
      shape,
      size,
      max: MAX_ELEMENTS,
    });
  }
  return { type: t, shape, dataOffset, size };
}

/** Decodes the big-endian data of a validated IDX file; `op` names the call in an allocation error. @internal */
export function decodeIdxData(bytes: Uint8Array, header: IdxHeader, op = "readIdx"): Int32Array | Float32Array | Float64Array {
  const { size, dataOffset: off } = header;
  switch (header.type.code) {
    case 0x08: {
      const out = allocate("int32", size, op);
      for (let i = 0; i < size; i++) out[i] = bytes[off + i]!;
      return out;
    }
    case 0x09: {
      const out = allocate("int32", size, op);
      for (let i = 0; i < size; i++) out[i] = (bytes[off + i]! << 24) >> 24;
      return out;
    }
    case 0x0b: {
      const out = allocate("int32", size, op);
      for (let i = 0, p = off; i < size; i++, p += 2) out[i] = (((bytes[p]! << 8) | bytes[p + 1]!) << 16) >> 16;
      return out;
    }
    case 0x0c: {
      const out = allocate("int32", size, op);
      for (let i = 0, p = off; i < size; i++, p += 4) {
        out[i] = (bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!;
      }
      return out;
    }
    case 0x0d: {
      const out = allocate("float32", size, op);
      const view = new DataView(bytes.buffer, bytes.byteOffset + off, size * 4);
      for (let i = 0; i < size; i++) out[i] = view.getFloat32(4 * i, false);
      return out;
    }
    default: {
      const out = allocate("float64", size, op);
      const view = new DataView(bytes.buffer, bytes.byteOffset + off, size * 8);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
  }
}

/** {@link readIdx} with the op name and a source (e.g. a file path) for messages. @internal */
export function readIdxAs(bytes: Uint8Array, op: string, source?: string): Tensor {
  checkBytes(op, bytes);
  const header = parseIdxHeader(bytes, op, source);
  return new Tensor(new NDArray(decodeIdxData(bytes, header, op), header.shape));
}

/**
 * Decodes an IDX file (the format of the MNIST files) from its bytes into a Tensor.
 *
 * The layout is two zero bytes, a type code, the number of dimensions `ndim`,
 * then `ndim` big-endian unsigned 32-bit dimensions, then the elements in
 * row-major order, big-endian. Type codes and the dtype they decode to:
 *
 * | code | IDX type | Tensor dtype |
 * |---|---|---|
 * | `0x08` | unsigned byte | `int32` |
 * | `0x09` | signed byte | `int32` |
 * | `0x0B` | int16 | `int32` |
 * | `0x0C` | int32 | `int32` |
 * | `0x0D` | float32 | `float32` |
 * | `0x0E` | float64 | `float64` |
 *
 * Integer types all become `int32` (every value fits exactly); floats keep their
 * precision. Everything is validated before any data is decoded, and the data
 * must be exactly as long as the dimensions say: the file is rejected when it is
 * shorter (truncated) or longer (trailing bytes). Zero dimensions give a scalar.
 *
 * @param bytes - the whole file (a Node `Buffer` works too)
 * @returns a new Tensor (not requiring grad) with the file's dimensions as its shape
 * @throws IdxFormatError naming what is wrong: bad magic number, unknown type code,
 *   truncated header, truncated data, or trailing bytes
 * @throws ValueError when `bytes` is not a `Uint8Array`
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // ubyte, 1 dimension of size 3, data 7 8 9
 * const t = tg.data.readIdx(new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]));
 * t.dtype;     // "int32"
 * t.toArray(); // [7, 8, 9]
 * ```
 * @category IDX files
 */
export function readIdx(bytes: Uint8Array): Tensor {
  return readIdxAs(bytes, "readIdx");
}
