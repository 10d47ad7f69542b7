// The tier switch: the one module that decides, per call, whether a kernel's hot loop runs on the WebAssembly
// tier or stays in the JS reference kernels, and the only module that imports kernels/wasm (a new tier plugs in here).
import type { DType, TypedArray } from "../dtype.js";
import { ValueError } from "../errors.js";
import { showValue } from "../internal.js";
import type { NDArray } from "../ndarray.js";
import type { BatchNormFastPaths, BatchNormStage } from "./batch-norm.js";
import type { ConvFastPaths } from "./conv.js";
import type { CopyFastPaths } from "./copy.js";
import type { BinaryOp, ElementwiseFastPaths, UnaryOp } from "./elementwise.js";
import type { GemmF64Args } from "./gemm-f64.js";
import type { IterPlan } from "./iter.js";
import type { MatmulFastPaths } from "./matmul.js";
import type { ReduceFastPaths } from "./reduce.js";
import { wasmBatchNormStage } from "./wasm/wasm-batch-norm.js";
import {
  WASM_BINARY_OPS,
  WASM_TRANSCENDENTAL_OPS,
  WASM_UNARY_OPS,
  wasmBinary32,
  wasmMulSumInto32,
  wasmSumInto32,
  wasmUnary32,
} from "./wasm/wasm-elementwise.js";
import { wasmGemmF64 } from "./wasm/wasm-gemm-f64.js";
import { type WasmKernels, loadWasmKernels } from "./wasm/wasm-kernels.js";
import { wasmMatmul } from "./wasm/wasm-matmul.js";

/**
 * A tier of compute kernels: `"wasm-simd"` runs the hot kernels (matmul) in
 * WebAssembly with 128-bit SIMD, `"js"` runs the plain TypeScript kernels, which
 * are always there and are the reference the WebAssembly kernels are tested against.
 * @example
 * ```ts
 * import { type KernelTier, kernelTier } from "@tsgrad/ndarray";
 * const tier: KernelTier = kernelTier(); // "wasm-simd" or "js"
 * ```
 * @category Kernel tier
 */
export type KernelTier = "wasm-simd" | "js";

/** What a caller may ask for: a tier, or `"auto"` (WebAssembly where it loads, else JS). */
type TierRequest = KernelTier | "auto";

// ---------------------------------------------------------------------------------------------
// Thresholds and limits: below a threshold the WebAssembly call, staging and copy-out cost about
// as much as the JS loop saves, so the call stays in JS unless the caller forced "wasm-simd".

/**
 * Below this many elements an elementwise op, copy or sum stays in JS (measured on float32 add,
 * scalar mul, sum and relu: the tiers tie near 256 elements, WebAssembly is 1.5–1.8× faster at
 * 1,024 and 2–3× at 4,096; on exp, log, tanh and sigmoid they tie at 128–512 elements, and
 * WebAssembly is 1.1–2.1× faster at 512 and 1.2–3.5× at 6,000).
 * @internal
 */
export const WASM_MIN_ELEMENTS = 512;

/**
 * Products with fewer multiply-adds than this stay in JS (measured on n³ float32 products:
 * the tiers tie at 8³, WebAssembly is 1.7× faster at 12³, 3.7× at 16³).
 * @internal
 */
export const WASM_MIN_MACS = 1024;

/**
 * A batch of tiny products stays in JS even when the batch is large: each WebAssembly
 * call packs whole 4×8 tiles, so below this many multiply-adds per product the calls
 * cost more than they save (measured: 10000 × (2×2)·(2×2) 1.5× slower in WebAssembly,
 * 10000 × (4×4)·(4×4) 2× faster).
 * @internal
 */
export const WASM_MIN_MACS_PER_PRODUCT = 32;

/**
 * The kernels' memory never shrinks, so one huge operand would keep its copy's worth of
 * memory for the life of the page: past 1 GiB of operands a kernel runs in JS instead.
 * @internal
 */
export const WASM_MAX_BYTES = 1 << 30;

// ---------------------------------------------------------------------------------------------
// The tier setting and the WebAssembly instance (loaded on first use).

let requested: TierRequest = "auto";
/** `undefined`: not tried yet; `null`: tried and unavailable (see `failure`). */
let loaded: WasmKernels | null | undefined;
let failure = "";
/** Whether the relaxed-SIMD build may load (tests turn it off to exercise the other build). */
let allowRelaxed = true;

/** The instantiated kernels, loading them on first use; `null` when they cannot load. */
function loadOnce(): WasmKernels | null {
  if (loaded === undefined) {
    const result = loadWasmKernels(allowRelaxed, WASM_MAX_BYTES);
    if (typeof result === "string") {
      failure = result;
      loaded = null;
    } else {
      loaded = result;
    }
  }
  return loaded;
}

/**
 * The WebAssembly kernels if the current tier is `"wasm-simd"`, else `undefined`.
 * @internal
 */
export function activeWasmKernels(): WasmKernels | undefined {
  if (requested === "js") return undefined;
  return loadOnce() ?? undefined;
}

/**
 * The WebAssembly kernels for a call when the tier is on and the call `pays` (is big enough to
 * gain from WebAssembly) or the caller insisted on WebAssembly (`setKernelTier("wasm-simd")`:
 * every size, as the tier tests use it).
 */
function wasmWhen(pays: boolean): WasmKernels | undefined {
  return pays || requested === "wasm-simd" ? activeWasmKernels() : undefined;
}

/**
 * The kernel tier that runs now: `"wasm-simd"` when WebAssembly with SIMD loaded
 * (it loads on the first call that needs it) and the JS tier is not forced, else `"js"`.
 *
 * @returns the tier that matmul and the other hot kernels use
 * @example
 * ```ts
 * import { kernelTier } from "@tsgrad/ndarray";
 * console.log(kernelTier()); // "wasm-simd" in Node ≥ 16 and current browsers
 * ```
 * @category Kernel tier
 */
export function kernelTier(): KernelTier {
  return activeWasmKernels() === undefined ? "js" : "wasm-simd";
}

/**
 * Chooses the kernel tier: `"js"` forces the plain TypeScript kernels (for tests,
 * benchmarks or a host where WebAssembly misbehaves), `"auto"` (the default) uses
 * WebAssembly with SIMD where it loads and falls back to JS silently, and
 * `"wasm-simd"` insists on WebAssembly, even for products so small that JS would be
 * as fast. The setting is global to the package.
 *
 * @param tier - `"auto"`, `"js"` or `"wasm-simd"`
 * @returns the previous setting, so a caller can restore it
 * @throws ValueError when `tier` is not one of the three, or is `"wasm-simd"` and the
 *   WebAssembly kernels cannot load here (the message says why)
 * @example
 * ```ts
 * import { setKernelTier, matmul, ones } from "@tsgrad/ndarray";
 * const previous = setKernelTier("js");
 * try {
 *   matmul(ones([64, 64]), ones([64, 64])); // plain TypeScript kernel
 * } finally {
 *   setKernelTier(previous);
 * }
 * ```
 * @category Kernel tier
 */
export function setKernelTier(tier: KernelTier | "auto"): KernelTier | "auto" {
  if (tier !== "auto" && tier !== "js" && tier !== "wasm-simd") {
    throw new ValueError("setKernelTier", `unknown tier ${showValue(tier)}; expected "auto", "js" or "wasm-simd"`, { tier: showValue(tier) });
  }
  if (tier === "wasm-simd" && loadOnce() === null) {
    throw new ValueError("setKernelTier", `the "wasm-simd" tier is unavailable: ${failure}`, { tier, reason: failure });
  }
  const previous = requested;
  requested = tier;
  return previous;
}

/**
 * What the running kernel tier uses, beyond its name.
 * @example
 * ```ts
 * import { type KernelFeatures, kernelFeatures } from "@tsgrad/ndarray";
 * const f: KernelFeatures = kernelFeatures();
 * if (f.tier === "wasm-simd" && !f.relaxedSimd) console.log("matmul without FMA");
 * ```
 * @category Kernel tier
 */
export interface KernelFeatures {
  /** The tier, as {@link kernelTier} reports it. */
  tier: KernelTier;
  /**
   * Whether the WebAssembly kernels are the relaxed-SIMD build, whose matmul multiply-adds
   * in one instruction (fused where the CPU has FMA, about 1.4× the throughput). Its float
   * results can differ in the last bits from the plain SIMD build's; on one host they are
   * always the same.
   */
  relaxedSimd: boolean;
}

/**
 * The running kernel tier and whether it uses relaxed SIMD: hosts that validate relaxed
 * SIMD (Chrome ≥ 114, Node ≥ 22, or Node 20 started with `--experimental-wasm-relaxed-simd`)
 * get the build whose matmul uses a fused multiply-add; others get plain 128-bit SIMD.
 *
 * @returns the tier and its features
 * @example
 * ```ts
 * import { kernelFeatures } from "@tsgrad/ndarray";
 * const { tier, relaxedSimd } = kernelFeatures();
 * console.log(tier, relaxedSimd); // "wasm-simd" false on Node 20 without the flag
 * ```
 * @category Kernel tier
 */
export function kernelFeatures(): KernelFeatures {
  const kernels = activeWasmKernels();
  return { tier: kernels === undefined ? "js" : "wasm-simd", relaxedSimd: kernels?.relaxedSimd ?? false };
}

/**
 * Forgets the loaded kernels so the next use loads them again (tests simulate a host
 * without WebAssembly this way, and load either build with `relaxed`).
 * @param relaxed - whether the relaxed-SIMD build may load (default true)
 * @internal
 */
export function resetKernelTier(relaxed = true): void {
  loaded = undefined;
  failure = "";
  allowRelaxed = relaxed;
}

// ---------------------------------------------------------------------------------------------
// The per-call choice. Each JS kernel names the loops a faster tier may run instead (its
// `…FastPaths` interface) and runs its own reference loop whenever the answer here is no
// (false or undefined): the tier is off, the call is too small, the dtype or layout does not
// suit the WebAssembly entry, or its memory cannot grow. The ops layer hands `dispatch` to the kernels.

/** Elements in an iteration plan. */
function planSize(plan: IterPlan): number {
  let size = 1;
  for (const d of plan.shape) size *= d;
  return size;
}

function copy(plan: IterPlan, src: TypedArray, offset: number, out: TypedArray): boolean {
  if (!(src instanceof Float32Array)) return false;
  const kernels = wasmWhen(out.length >= WASM_MIN_ELEMENTS);
  return kernels !== undefined && wasmUnary32(kernels, "copy", plan, src, offset, out as Float32Array);
}

function unary(op: UnaryOp, plan: IterPlan, x: TypedArray, xOffset: number, out: TypedArray): boolean {
  if (!(x instanceof Float32Array) || !(op in WASM_UNARY_OPS || op in WASM_TRANSCENDENTAL_OPS)) return false;
  const kernels = wasmWhen(out.length >= WASM_MIN_ELEMENTS);
  const wop = op as keyof typeof WASM_UNARY_OPS | keyof typeof WASM_TRANSCENDENTAL_OPS;
  return kernels !== undefined && wasmUnary32(kernels, wop, plan, x, xOffset, out as Float32Array);
}

function binary(op: BinaryOp, plan: IterPlan, x: TypedArray, xOffset: number, y: TypedArray, yOffset: number, out: TypedArray): boolean {
  if (!(x instanceof Float32Array) || !(y instanceof Float32Array) || !(op in WASM_BINARY_OPS)) return false;
  const kernels = wasmWhen(out.length >= WASM_MIN_ELEMENTS);
  const wop = op as keyof typeof WASM_BINARY_OPS;
  return kernels !== undefined && wasmBinary32(kernels, wop, plan, x, xOffset, y, yOffset, out as Float32Array | Int32Array);
}

function sumInto(plan: IterPlan, x: TypedArray, xOffset: number, acc: Float64Array): boolean {
  if (!(x instanceof Float32Array)) return false;
  const kernels = wasmWhen(planSize(plan) >= WASM_MIN_ELEMENTS);
  return kernels !== undefined && wasmSumInto32(kernels, plan, x, xOffset, acc);
}

function mulSumInto(plan: IterPlan, x: TypedArray, xOffset: number, y: TypedArray, yOffset: number, acc: Float64Array): boolean {
  if (!(x instanceof Float32Array) || !(y instanceof Float32Array)) return false;
  const kernels = wasmWhen(planSize(plan) >= WASM_MIN_ELEMENTS);
  return kernels !== undefined && wasmMulSumInto32(kernels, plan, x, xOffset, y, yOffset, acc);
}

function matmul(a: NDArray, b: NDArray, batch: readonly number[], m: number, k: number, n: number, dtype: DType): TypedArray | undefined {
  if (dtype === "int32") return undefined;
  let batches = 1;
  for (const d of batch) batches *= d;
  const macs = batches * m * n * k;
  if (macs === 0) return undefined;
  const kernels = wasmWhen(macs >= WASM_MIN_MACS && m * n * k >= WASM_MIN_MACS_PER_PRODUCT);
  if (kernels === undefined) return undefined;
  // Operands go in as views: staging reads their strides, so no contiguous copy first.
  return wasmMatmul(kernels, a.broadcastTo([...batch, m, k]), b.broadcastTo([...batch, k, n]), batch, m, k, n, dtype);
}

function gemmF64(...args: GemmF64Args): boolean {
  const [m, n, k] = args;
  const macs = m * n * k;
  const kernels = macs > 0 ? wasmWhen(macs >= WASM_MIN_MACS) : undefined;
  return kernels !== undefined && wasmGemmF64(kernels, ...args);
}

function batchNormStage(x: Float32Array, n: number, c: number, inner: number): BatchNormStage | undefined {
  // No size threshold: every float32 input takes the WebAssembly passes when the tier is on.
  const kernels = activeWasmKernels();
  return kernels === undefined ? undefined : wasmBatchNormStage(kernels, x, n, c, inner);
}

/** Every fast path the JS kernels offer, as one object. @internal */
export type KernelFastPaths = CopyFastPaths & ElementwiseFastPaths & ReduceFastPaths & MatmulFastPaths & ConvFastPaths & BatchNormFastPaths;

/**
 * The tier switch as the kernels take it: the ops layer passes it to every kernel that has a
 * fast path, and each method answers, for that one call, whether the WebAssembly tier ran it.
 * @internal
 */
export const dispatch: KernelFastPaths = { copy, unary, binary, sumInto, mulSumInto, matmul, gemmF64, batchNormStage };
