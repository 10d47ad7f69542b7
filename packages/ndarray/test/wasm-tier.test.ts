// Choosing the kernel tier, and the silent fallback to JS when WebAssembly is missing,
// refuses to compile, or cannot grow its memory.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as T from "@tsgrad/ndarray";
import { ValueError } from "@tsgrad/ndarray";
import { WASM_MAX_BYTES, activeWasmKernels, resetKernelTier } from "../src/kernels/dispatch.js";

/** The members of the global WebAssembly object these tests replace (lib.dom's types are not in scope). */
interface WebAssemblyLike {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer; grow(pages: number): number };
}
const realWebAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyLike }).WebAssembly;

/** A product big enough for the automatic tier to pick WebAssembly, with its JS result. */
function bigProduct(): { a: T.NDArray; b: T.NDArray; expected: number[] } {
  const a = T.randn([37, 50], { seed: 11 });
  const b = T.randn([50, 29], { seed: 12 });
  const previous = T.setKernelTier("js");
  try {
    return { a, b, expected: Array.from(T.matmul(a, b).toTypedArray()) };
  } finally {
    T.setKernelTier(previous);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetKernelTier();
  T.setKernelTier("auto");
});

describe("kernel tier", () => {
  it("is wasm-simd by default here, and setKernelTier returns the previous setting", () => {
    expect(T.kernelTier()).toBe("wasm-simd");
    expect(T.setKernelTier("js")).toBe("auto");
    expect(T.kernelTier()).toBe("js");
    expect(T.setKernelTier("wasm-simd")).toBe("js");
    expect(T.kernelTier()).toBe("wasm-simd");
    expect(T.setKernelTier("auto")).toBe("wasm-simd");
  });

  it("forcing js gives the TS kernel's result bit for bit (the oracle itself)", () => {
    const { a, b, expected } = bigProduct();
    T.setKernelTier("js");
    expect(Array.from(T.matmul(a, b).toTypedArray())).toEqual(expected);
  });

  it("rejects an unknown tier with a ValueError naming the choices, and keeps the setting", () => {
    T.setKernelTier("js");
    expect(() => T.setKernelTier("gpu" as never)).toThrow(ValueError);
    expect(() => T.setKernelTier("gpu" as never)).toThrow(/setKernelTier: unknown tier "gpu"; expected "auto", "js" or "wasm-simd"/);
    expect(T.kernelTier()).toBe("js");
  });

  it("falls back to JS silently on a host without WebAssembly; insisting on wasm-simd says why", () => {
    const { a, b, expected } = bigProduct();
    vi.stubGlobal("WebAssembly", undefined);
    resetKernelTier();
    expect(T.kernelTier()).toBe("js");
    expect(Array.from(T.matmul(a, b).toTypedArray())).toEqual(expected);
    expect(() => T.setKernelTier("wasm-simd")).toThrow(/setKernelTier: the "wasm-simd" tier is unavailable: this host has no WebAssembly/);
    expect(T.kernelTier()).toBe("js");
  });

  it("falls back to JS when compilation is refused (e.g. a browser's main-thread limit) or SIMD is missing", () => {
    const { a, b, expected } = bigProduct();
    const real = realWebAssembly;
    vi.stubGlobal("WebAssembly", {
      Memory: real.Memory,
      Instance: real.Instance,
      Module: class {
        constructor() {
          throw new RangeError("WebAssembly.Compile is disallowed on the main thread");
        }
      },
    });
    resetKernelTier();
    expect(T.kernelTier()).toBe("js");
    expect(Array.from(T.matmul(a, b).toTypedArray())).toEqual(expected);
    expect(() => T.setKernelTier("wasm-simd")).toThrow(/disallowed on the main thread/);
  });

  it("falls back to JS for a product whose operands do not fit when the memory cannot grow", () => {
    const { a, b, expected } = bigProduct();
    const real = realWebAssembly;
    let grows = 0;
    class FixedMemory extends real.Memory {
      override grow(): number {
        grows++;
        throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
      }
    }
    vi.stubGlobal("WebAssembly", { Memory: FixedMemory, Module: real.Module, Instance: real.Instance });
    resetKernelTier();
    expect(T.kernelTier()).toBe("wasm-simd");
    expect(Array.from(T.matmul(a, b).toTypedArray())).toEqual(expected);
    expect(grows).toBeGreaterThan(0);
    // The elementwise, sum and BatchNorm entries fall back the same way, with the JS results.
    const x = T.randn([300, 200], { seed: 13 });
    const row = T.randn([200], { seed: 14 });
    const ops = (): number[][] => [
      T.add(x, row),
      T.gt(x, row),
      T.relu(x),
      T.contiguous(T.transpose(x, 0, 1)),
      T.sum(x, { axis: 0 }),
      T.mulSumTo(x, x, [200]),
      T.batchNormForward(x, T.ones([200]), T.zeros([200]), 1e-5).y,
    ].map((t) => Array.from(t.toTypedArray()));
    const got = ops();
    const previous = T.setKernelTier("js");
    try {
      expect(got).toEqual(ops());
    } finally {
      T.setKernelTier(previous);
    }
  });

  it("never grows its memory past WASM_MAX_BYTES: such an operand stays in JS (the memory never shrinks)", () => {
    const kernels = activeWasmKernels()!;
    const before = kernels.f32.length;
    expect(kernels.reserve(WASM_MAX_BYTES + 16)).toBe(false);
    expect(kernels.f32.length).toBe(before);
    expect(kernels.reserve(1024)).toBe(true);
  });
});
