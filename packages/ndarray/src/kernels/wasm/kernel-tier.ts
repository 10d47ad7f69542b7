import { ValueError } from "../../errors.js";
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./kernels.generated.js";

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

/** The exports of the compiled kernels (assembly/index.ts). */
interface KernelExports {
  workspaceBytes(): number;
  sgemm(...args: GemmArgs): void;
  dgemm(...args: GemmArgs): void;
  bnMeanVar32(x: number, n: number, c: number, inner: number, mean: number, variance: number): void;
  bnNormalize32(x: number, y: number, n: number, c: number, inner: number, meanHi: number, meanLo: number, scale: number, shift: number): void;
  bnGradSums32(x: number, g: number, n: number, c: number, inner: number, mean: number, sumG: number, sumGxc: number): void;
  binary32(op: number, rows: number, n: number, a: number, aRow: number, aStep: number, b: number, bRow: number, bStep: number, out: number): void;
  unary32(op: number, rows: number, n: number, x: number, xRow: number, xStep: number, out: number): void;
  sumInto32(rows: number, n: number, x: number, xRow: number, acc: number, accRow: number, accStep: number): void;
  mulSumInto32(rows: number, n: number, x: number, xRow: number, y: number, yRow: number, acc: number, accRow: number, accStep: number): void;
  bnGradInput32(
    x: number,
    g: number,
    dx: number,
    n: number,
    c: number,
    inner: number,
    count: number,
    meanHi: number,
    meanLo: number,
    scale: number,
    sumG: number,
    k1: number,
  ): void;
}

/**
 * `m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate, work`:
 * pointers are byte addresses in the tier's memory, strides element counts, `accumulate`
 * 1 for C += A·B and 0 for C = A·B.
 * @internal
 */
export type GemmArgs = [number, number, number, number, number, number, number, number, number, number, number, number, number];

/** The few members of the global `WebAssembly` object used here (lib.dom's types are not in scope). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;

/**
 * The kernels' memory never shrinks, so one huge operand would keep its copy's worth of
 * memory for the life of the page: past 1 GiB of operands a kernel runs in JS instead.
 * @internal
 */
export const WASM_MAX_BYTES = 1 << 30;

/**
 * Products with fewer multiply-adds than this stay in JS: below it the WebAssembly
 * call, staging and copy-out cost about as much as the JS loop saves (measured on
 * n³ float32 products: the tiers tie at 8³, WebAssembly is 1.7× faster at 12³, 3.7× at 16³).
 * @internal
 */
export const WASM_MIN_MACS = 1024;

/**
 * The instantiated kernels and the one linear memory they work in. The memory starts
 * with the kernels' workspace (packed panels); callers lay their operands after it
 * with {@link WasmKernels.reserve}. It only grows, and is reused by every call, so
 * the hot path allocates nothing and touches no fresh pages once warm.
 * @internal
 */
export class WasmKernels {
  /** The compiled kernels. */
  readonly exports: KernelExports;
  /** Bytes at the start of memory that the kernels use as workspace. */
  readonly workspaceBytes: number;
  /** Whether this is the relaxed-SIMD build (the gemm's multiply-add is one instruction). */
  readonly relaxedSimd: boolean;
  private readonly memory: WasmMemory;
  private f32View: Float32Array;
  private f64View: Float64Array;

  /**
   * @param exports - the instance's exports
   * @param memory - the memory imported by the instance
   * @param relaxedSimd - whether the instance is the relaxed-SIMD build
   */
  constructor(exports: KernelExports, memory: WasmMemory, relaxedSimd: boolean) {
    this.exports = exports;
    this.memory = memory;
    this.relaxedSimd = relaxedSimd;
    this.workspaceBytes = exports.workspaceBytes();
    this.f32View = new Float32Array(memory.buffer);
    this.f64View = new Float64Array(memory.buffer);
  }

  /**
   * Makes the memory at least `bytes` long (growing by at least half its size, so a
   * sequence of growing products grows it a few times only).
   * @param bytes - bytes needed from address 0
   * @returns false when the memory cannot grow that far, or past {@link WASM_MAX_BYTES}
   *   (the caller falls back to JS)
   */
  reserve(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return true;
    if (bytes > WASM_MAX_BYTES) return false;
    const needPages = Math.ceil((bytes - have) / PAGE_BYTES);
    const pages = Math.max(needPages, Math.floor(have / PAGE_BYTES / 2));
    try {
      this.memory.grow(pages);
    } catch {
      try {
        this.memory.grow(needPages);
      } catch {
        return false;
      }
    }
    this.f32View = new Float32Array(this.memory.buffer);
    this.f64View = new Float64Array(this.memory.buffer);
    return true;
  }

  /** The whole memory as float32 elements (valid until the next {@link WasmKernels.reserve}). */
  get f32(): Float32Array {
    return this.f32View;
  }

  /** The whole memory as float64 elements (valid until the next {@link WasmKernels.reserve}). */
  get f64(): Float64Array {
    return this.f64View;
  }
}

let requested: TierRequest = "auto";
/** `undefined`: not tried yet; `null`: tried and unavailable (see `failure`). */
let loaded: WasmKernels | null | undefined;
let failure = "";
/** Whether the relaxed-SIMD build may load (tests turn it off to exercise the other build). */
let allowRelaxed = true;

/** Decodes standard base64 without `atob` or `Buffer`, which not every host has. */
function decodeBase64(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const value = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | value[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Compiles and instantiates the kernels synchronously: the relaxed-SIMD build where the
 * host validates it (Chrome ≥ 114, Node ≥ 22, Node 20 with `--experimental-wasm-relaxed-simd`),
 * else the SIMD build. Any failure — no `WebAssembly`, no SIMD (the module then fails
 * validation), a host that refuses synchronous compilation — leaves the JS tier in charge.
 */
function load(): WasmKernels | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) {
    failure = "this host has no WebAssembly";
    return null;
  }
  let module: object;
  let relaxed = allowRelaxed;
  try {
    if (!relaxed) throw new Error("relaxed SIMD not wanted");
    module = new api.Module(decodeBase64(KERNELS_RELAXED_WASM_BASE64));
  } catch {
    relaxed = false;
    try {
      module = new api.Module(decodeBase64(KERNELS_WASM_BASE64));
    } catch (e) {
      failure = `the kernels did not compile (${e instanceof Error ? e.message : String(e)})`;
      return null;
    }
  }
  try {
    const memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(module, { env: { memory } });
    return new WasmKernels(instance.exports as KernelExports, memory, relaxed);
  } catch (e) {
    failure = `the kernels did not instantiate (${e instanceof Error ? e.message : String(e)})`;
    return null;
  }
}

/** The instantiated kernels, loading them on first use; `null` when they cannot load. */
function loadOnce(): WasmKernels | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}

/**
 * The WebAssembly kernels if the current tier is `"wasm-simd"`, else `undefined`:
 * what a kernel calls to choose its path.
 * @internal
 */
export function activeWasmKernels(): WasmKernels | undefined {
  if (requested === "js") return undefined;
  return loadOnce() ?? undefined;
}

/**
 * Whether the caller insisted on WebAssembly (`setKernelTier("wasm-simd")`): kernels then
 * take the WebAssembly path at every size, not only where it pays (tests use this).
 * @internal
 */
export function wasmForced(): boolean {
  return requested === "wasm-simd";
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
    throw new ValueError("setKernelTier", `unknown tier ${JSON.stringify(tier)}; expected "auto", "js" or "wasm-simd"`, { tier });
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
