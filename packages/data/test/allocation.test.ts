// Buffers sized from user data (an IDX header, a dataset's length) go through the one checked
// allocator: a huge size is a typed error naming the call, never a RangeError from the engine.
import { describe, expect, it } from "vitest";
import { MAX_ELEMENTS, TsgradError, ValueError } from "@tsgrad/ndarray";
import { type Tensor, tensor } from "@tsgrad/autograd";
import { DataLoader, IdxFormatError, decodeMnistLabels, readIdx } from "@tsgrad/data";
import { decodeIdxData, parseIdxHeader } from "../src/idx.js";
import { catchError } from "./catch-error.js";

/** A big-endian u32. */
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/**
 * A Uint8Array that claims `length` bytes while holding only `bytes`: a file whose header and
 * length both say more than 2³¹ − 1 elements, without the gigabytes.
 */
function claiming(bytes: number[], length: number): Uint8Array {
  const real = new Uint8Array(bytes);
  return new Proxy(real, {
    get: (target, key) => (key === "length" ? length : (Reflect.get(target, key) as unknown)),
  });
}

function expectTyped(e: unknown, op: string, fragment: RegExp): void {
  expect(e).toBeInstanceOf(TsgradError);
  expect(e).not.toBeInstanceOf(RangeError);
  expect((e as TsgradError).message.startsWith(`${op}: `)).toBe(true);
  expect((e as Error).message).toMatch(fragment);
}

describe("IDX decoding allocates through the checked allocator", () => {
  it("a header claiming 1e12 items is a typed error naming readIdx, not a RangeError", () => {
    // ubyte, 2 dimensions of 1,000,000 each: 1e12 items, with 3 data bytes.
    const bytes = new Uint8Array([0, 0, 0x08, 2, ...u32(1_000_000), ...u32(1_000_000), 1, 2, 3]);
    const e = catchError(() => readIdx(bytes));
    expect(e).toBeInstanceOf(IdxFormatError);
    expectTyped(e, "readIdx", /shape \[1000000, 1000000\] of ubyte needs 1000000000000 data bytes/);
  });

  it("a file that really has that many bytes (more than 2³¹ − 1 items) is refused before any allocation", () => {
    const n = 2 ** 31; // one more than MAX_ELEMENTS
    const header = [0, 0, 0x08, 1, ...u32(n)];
    const e = catchError(() => readIdx(claiming(header, header.length + n)));
    expect(e).toBeInstanceOf(IdxFormatError);
    expectTyped(e, "readIdx", new RegExp(`shape \\[${n}\\] has ${n} elements, more than the maximum of ${MAX_ELEMENTS}`));
    expectTyped(catchError(() => decodeMnistLabels(claiming(header, header.length + n))), "decodeMnistLabels", /more than the maximum/);
  });

  it("the decoder itself asks the allocator, naming the call it decodes for", () => {
    const bytes = new Uint8Array([0, 0, 0x0d, 1, ...u32(1), 0, 0, 0, 0]);
    const header = { ...parseIdxHeader(bytes, "readIdx"), size: 1e12 };
    for (const code of [0x08, 0x0c, 0x0d, 0x0e]) {
      const e = catchError(() => decodeIdxData(bytes, { ...header, type: { code, name: "x", size: 1 } }, "readIdxFile"));
      expect(e).toBeInstanceOf(ValueError);
      expectTyped(e, "readIdxFile", /cannot allocate 1000000000000 elements/);
    }
  });
});

describe("DataLoader sizes its index order through the checked allocator", () => {
  const huge = { length: 1e12, get: (): [Tensor] => [tensor([0])] };

  it("a dataset of 1e12 items: iterating is a ValueError naming DataLoader, in order and shuffled", () => {
    for (const shuffle of [false, true]) {
      const loader = new DataLoader(huge as never, { batchSize: 4, shuffle, seed: 0 });
      const e = catchError(() => loader[Symbol.iterator]());
      expect(e).toBeInstanceOf(ValueError);
      expectTyped(e, "DataLoader", /1000000000000/);
    }
  });

  it("a dataset whose length stops being a count after construction is refused when an epoch starts", () => {
    let length = 3;
    const ds = {
      get length(): number {
        return length;
      },
      get: (i: number): [Tensor] => [tensor([i])],
    };
    const loader = new DataLoader(ds as never, { batchSize: 2 });
    expect([...loader].length).toBe(2);
    for (const bad of [NaN, -1, 2.5, Infinity]) {
      length = bad;
      expectTyped(catchError(() => loader[Symbol.iterator]()), "DataLoader", /dataset\.length must be an integer ≥ 0/);
    }
  });
});

describe("DataLoader seeds follow the generator's rules, named after the loader", () => {
  it("a seed that would alias another (1.5, -1, 2**32 + 5) is a ValueError naming DataLoader", () => {
    const ds = { length: 2, get: (i: number): [Tensor] => [tensor([i])] };
    for (const seed of [1.5, -1, 2 ** 32 + 5]) {
      const e = catchError(() => new DataLoader(ds as never, { shuffle: true, seed }));
      expect(e).toBeInstanceOf(ValueError);
      expectTyped(e, "DataLoader", /invalid seed/);
    }
  });
});
