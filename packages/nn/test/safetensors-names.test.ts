// Every safetensors function names itself in its errors (loadSafetensorsWithMetadata is not
// loadSafetensors; the file helpers add the path), and buffers come from the checked allocator.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { tensor } from "@tsgrad/autograd";
import { NDArray, ValueError } from "@tsgrad/ndarray";
import { allocate, allocateBytes } from "@tsgrad/ndarray/internal";
import { SafetensorsError, loadSafetensors, loadSafetensorsWithMetadata, saveSafetensors } from "@tsgrad/nn";
import { loadSafetensorsFile, loadSafetensorsFileWithMetadata, saveSafetensorsFile } from "@tsgrad/nn/node";
import { empty } from "../src/optim/flat.js";
import { useTempDir } from "../../data/test/temp-dir.js";

const dir = useTempDir("tsgrad-nn-names-");

/** What `f` throws (awaited), or a failure when it throws nothing. */
async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

/** Corrupt files: one per rule of the format. */
const CORRUPT: Uint8Array[] = [
  new Uint8Array(3),
  new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0]),
  (() => {
    const good = saveSafetensors({ w: tensor([1, 2]) });
    return good.subarray(0, good.length - 1);
  })(),
  (() => {
    const text = '{"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const json = new TextEncoder().encode(text);
    const out = new Uint8Array(8 + json.length + 4);
    new DataView(out.buffer).setUint32(0, json.length, true);
    out.set(json, 8);
    return out;
  })(),
];

describe("each safetensors function names itself", () => {
  test.prop([fc.integer({ min: 0, max: CORRUPT.length - 1 })], { numRuns: 10 })("loadSafetensors and loadSafetensorsWithMetadata on a corrupt file", (i) => {
    for (const [f, op] of [
      [loadSafetensors, "loadSafetensors"],
      [loadSafetensorsWithMetadata, "loadSafetensorsWithMetadata"],
    ] as const) {
      let e: unknown;
      try {
        f(CORRUPT[i]!);
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(SafetensorsError);
      expect((e as SafetensorsError).op).toBe(op);
      expect((e as Error).message.startsWith(`${op}: `)).toBe(true);
    }
  });

  it("the file helpers name themselves and the path", async () => {
    for (const [i, bytes] of CORRUPT.entries()) {
      const path = join(dir(), `corrupt-${i}.safetensors`);
      await writeFile(path, bytes);
      for (const [f, op] of [
        [loadSafetensorsFile, "loadSafetensorsFile"],
        [loadSafetensorsFileWithMetadata, "loadSafetensorsFileWithMetadata"],
      ] as const) {
        const e = await thrown(() => f(path));
        expect(e).toBeInstanceOf(SafetensorsError);
        expect((e as SafetensorsError).op).toBe(op);
        expect((e as Error).message.startsWith(`${op}: ${path}: `)).toBe(true);
        expect((e as SafetensorsError).details["source"]).toBe(path);
      }
    }
    const e = await thrown(() => saveSafetensorsFile(join(dir(), "x.safetensors"), { x: 3 as never }));
    expect(e).toBeInstanceOf(SafetensorsError);
    expect((e as Error).message).toMatch(/^saveSafetensorsFile: value of "x" is not a Tensor/);
  });

  it("a path that is not a non-empty string is a ValueError naming the helper, before any file is touched", async () => {
    for (const path of [null, 5, "", { p: "x" }, ["a"]]) {
      for (const [f, op] of [
        [() => loadSafetensorsFile(path as never), "loadSafetensorsFile"],
        [() => loadSafetensorsFileWithMetadata(path as never), "loadSafetensorsFileWithMetadata"],
        [() => saveSafetensorsFile(path as never, { w: tensor([1]) }), "saveSafetensorsFile"],
      ] as const) {
        const e = await thrown(f);
        expect(e).toBeInstanceOf(ValueError);
        expect((e as Error).message).toMatch(new RegExp(`^${op}: path must be a non-empty string`));
      }
    }
  });
});

describe("the checked allocator, shared by every package", () => {
  it("refuses a huge, negative or fractional size with a ValueError naming the caller, before trying", () => {
    for (const n of [1e12, 2 ** 53, -1, 1.5, NaN]) {
      expect(() => allocateBytes(n, "saveSafetensors")).toThrow(ValueError);
      expect(() => allocateBytes(n, "saveSafetensors")).toThrow(/^saveSafetensors: cannot allocate/);
      expect(() => allocate("float32", n, "loadSafetensors")).toThrow(/^loadSafetensors: cannot allocate/);
    }
    expect(allocateBytes(3, "x")).toEqual(new Uint8Array(3));
  });

  it("optimizers' update buffers come from it: a size it refuses is a ValueError, not a RangeError", () => {
    const fake = { dtype: "float32", size: 1e12 } as unknown as NDArray;
    expect(() => empty(fake)).toThrow(ValueError);
    expect(empty(new NDArray(new Float64Array(3), [3]))).toBeInstanceOf(Float64Array);
  });
});
