// The maximum rank (MAX_RANK = 64, as NumPy) is checked at creation, reshape, new views and file
// load, so no shape is deep enough for formatting or nested data to overflow the stack.
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";
import * as A from "@tsgrad/autograd";
import { loadSafetensors } from "@tsgrad/nn";
import { readIdx } from "@tsgrad/data";

const ones = (n: number): number[] => new Array<number>(n).fill(1);
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe("maximum rank", () => {
  it("is 64, and 64 axes are fine", () => {
    expect(T.MAX_RANK).toBe(64);
    expect(T.zeros(ones(64)).ndim).toBe(64);
    expect(String(T.ones(ones(64)))).toContain("1");
    expect(T.ndarray(nested(64) as number[]).ndim).toBe(64);
  });

  const refused: [string, () => unknown][] = [
    ["zeros", () => T.zeros(ones(65))],
    ["reshape", () => T.zeros([1]).reshape(ones(65))],
    ["unsqueeze", () => T.zeros(ones(64)).unsqueeze(0)],
    ["ndarray", () => T.ndarray(nested(65) as number[])],
    ["ndarray", () => T.ndarray(nested(10_000) as number[])],
    ["tensor", () => A.tensor(nested(10_000) as number[])],
    ["zeros", () => A.zeros(ones(5000))],
    ["randn", () => T.randn(ones(5000))],
  ];
  for (const [op, f] of refused) {
    it(`${op}: more than 64 axes is a ValueError, not a stack overflow`, () => {
      expect(f).toThrow(T.ValueError);
      expect(f).toThrow(/more than the maximum rank 64/);
    });
  }

  it("file load: a safetensors shape and an IDX header with 65 axes are refused", () => {
    const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: "F32", shape: ones(65), data_offsets: [0, 4] } }));
    const bytes = new Uint8Array(8 + header.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    expect(() => loadSafetensors(bytes)).toThrow(/maximum rank 64/);
    const idx = new Uint8Array(4 + 4 * 65 + 1);
    idx.set([0, 0, 0x08, 65]);
    for (let d = 0; d < 65; d++) idx[4 + 4 * d + 3] = 1;
    expect(() => readIdx(idx)).toThrow(/maximum rank 64/);
  });
});
