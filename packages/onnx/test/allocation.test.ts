// The ONNX writer grows its buffers through the checked allocator of @tsgrad/ndarray: a model
// too large for memory is a typed error naming exportOnnx, never the engine's bare RangeError.
import { describe, expect, it, vi } from "vitest";
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import * as tg from "./tg.js";

// The allocator, refusing any byte buffer above 4 KiB (as it refuses one beyond the engine's limit).
vi.mock("@tsgrad/ndarray/internal", async (importOriginal) => {
  const original = await importOriginal<typeof import("@tsgrad/ndarray/internal")>();
  return {
    ...original,
    allocateBytes: (length: number, op = "allocate"): Uint8Array => {
      if (length > 4096) throw new ValueError(op, `cannot allocate ${length} bytes: out of memory (test limit)`, { length });
      return original.allocateBytes(length, op);
    },
  };
});

describe("exportOnnx allocates its output through the checked allocator", () => {
  it("a small model exports; one whose file outgrows what the allocator grants is a ValueError naming exportOnnx", () => {
    const x = tg.zeros([1, 4]);
    expect(tg.onnx.exportOnnx(new tg.nn.Linear(4, 2, { seed: 0 }), x).length).toBeLessThan(4096);
    let err: unknown;
    try {
      tg.onnx.exportOnnx(new tg.nn.Linear(4, 512, { seed: 0 }), x); // 2048 float32 weights: > 8 KiB
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsgradError);
    expect(err).not.toBeInstanceOf(RangeError);
    expect((err as Error).message).toMatch(/^exportOnnx: cannot allocate \d+ bytes/);
  });
});
