import { describe, expect } from "vitest";
import { fc, it } from "@tsgrad/testing/vitest";
import { Tensor } from "@tsgrad/autograd";
import { IdxFormatError, readIdx } from "@tsgrad/data";
import { arbIdxFile } from "./arbitraries.js";

const ITEM_SIZE_OF_CODE: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/**
 * Reads `bytes` and checks the outcome: either a Tensor whose shape and size agree
 * with the header and the byte count, or an IdxFormatError; anything else fails.
 * Returns whether it was accepted.
 */
function readOrReject(bytes: Uint8Array): boolean {
  let t: Tensor;
  try {
    t = readIdx(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(IdxFormatError);
    expect((e as IdxFormatError).op).toBe("readIdx");
    expect((e as IdxFormatError).message).toMatch(/^readIdx: (bad magic number|unknown type code|truncated header|truncated data|\d+ trailing bytes?)/);
    return false;
  }
  expect(t).toBeInstanceOf(Tensor);
  expect(t.ndim).toBe(bytes[3]);
  expect(t.size * ITEM_SIZE_OF_CODE[bytes[2]!]!).toBe(bytes.length - 4 - 4 * bytes[3]!);
  return true;
}

/** A corruption of a file: cut it, extend it, or overwrite bytes. */
const arbCorruption = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("append" as const), extra: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({
    kind: fc.constant("overwrite" as const),
    edits: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
);

type Corruption = typeof arbCorruption extends fc.Arbitrary<infer C> ? C : never;

function corrupt(bytes: Uint8Array, c: Corruption): Uint8Array {
  switch (c.kind) {
    case "truncate":
      return bytes.slice(0, Math.min(bytes.length - 1, Math.floor(c.keep * bytes.length)));
    case "append": {
      const out = new Uint8Array(bytes.length + c.extra.length);
      out.set(bytes);
      out.set(c.extra, bytes.length);
      return out;
    }
    case "overwrite": {
      const out = bytes.slice();
      for (const { at, value } of c.edits) out[Math.min(out.length - 1, Math.floor(at * out.length))] = value;
      return out;
    }
  }
}

describe("readIdx fuzz", () => {
  it.prop([fc.uint8Array({ maxLength: 96 })], { numRuns: 1000 })("random bytes: a Tensor or an IdxFormatError, nothing else", (bytes) => {
    readOrReject(bytes);
  });

  it.prop(
    [
      fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0x0a, 0xff),
      fc.integer({ min: 0, max: 6 }),
      fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 6 }),
      fc.uint8Array({ maxLength: 64 }),
    ],
    { numRuns: 600 },
  )("plausible headers with random dims and data: a Tensor or an IdxFormatError", (code, ndim, dims, data) => {
    const header = [0, 0, code, ndim, ...dims.flatMap((d) => [0, 0, 0, d])];
    const bytes = new Uint8Array(header.length + data.length);
    bytes.set(header);
    bytes.set(data, header.length);
    readOrReject(bytes);
  });

  it.prop([arbIdxFile, arbCorruption], { numRuns: 1500 })("valid files, corrupted: truncation and appending always rejected", (file, c) => {
    const bytes = corrupt(file.bytes, c);
    const accepted = readOrReject(bytes);
    if (c.kind !== "overwrite") expect(accepted).toBe(false);
  });
});
