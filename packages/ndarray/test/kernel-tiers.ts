// Kernel tiers and builds for the tests that compare the WebAssembly kernels with their
// TypeScript twins: `withTier` runs code on one tier; `BUILDS`/`useBuild` load either build
// of the WebAssembly module — plain 128-bit SIMD, or relaxed SIMD (the gemm's multiply-add as
// one instruction). Node 20 validates relaxed SIMD only behind a V8 flag, which can be set at
// run time before the module is compiled; Node ≥ 22 has it on.
import v8 from "node:v8";
import { expect } from "vitest";
import { type KernelTier, kernelFeatures, setKernelTier } from "@tsgrad/ndarray";
import { resetKernelTier } from "../src/kernels/dispatch.js";

/** The builds, as `describe.each` rows. */
export const BUILDS = ["simd", "relaxed-simd"] as const;

/** Makes the next kernel use load `build` (and checks that it did). */
export function useBuild(build: (typeof BUILDS)[number]): void {
  if (build === "relaxed-simd") v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  resetKernelTier(build === "relaxed-simd");
  expect(kernelFeatures()).toEqual({ tier: "wasm-simd", relaxedSimd: build === "relaxed-simd" });
}

/** Back to the default: the best build the host validates. */
export function defaultBuild(): void {
  resetKernelTier();
}

/** Runs `fn` with the kernel tier set to `tier`, restoring the previous setting. */
export function withTier<R>(tier: KernelTier, fn: () => R): R {
  const previous = setKernelTier(tier);
  try {
    return fn();
  } finally {
    setKernelTier(previous);
  }
}
