// The WebAssembly tier's instance: compiling the generated module, its one linear memory and
// growing it. Whether and when this tier runs is decided in ../dispatch.ts, not here.
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./kernels.generated.js";

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
  transcendental32(op: number, rows: number, n: number, x: number, xRow: number, xStep: number, out: number): void;
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
  /** The most bytes {@link WasmKernels.reserve} grows the memory to (the tier switch sets it). */
  readonly maxBytes: number;
  private readonly memory: WasmMemory;
  private f32View: Float32Array;
  private f64View: Float64Array;

  /**
   * @param exports - the instance's exports
   * @param memory - the memory imported by the instance
   * @param relaxedSimd - whether the instance is the relaxed-SIMD build
   * @param maxBytes - the most bytes the memory may grow to
   */
  constructor(exports: KernelExports, memory: WasmMemory, relaxedSimd: boolean, maxBytes: number) {
    this.exports = exports;
    this.memory = memory;
    this.relaxedSimd = relaxedSimd;
    this.maxBytes = maxBytes;
    this.workspaceBytes = exports.workspaceBytes();
    this.f32View = new Float32Array(memory.buffer);
    this.f64View = new Float64Array(memory.buffer);
  }

  /**
   * Makes the memory at least `bytes` long (growing by at least half its size, so a
   * sequence of growing products grows it a few times only).
   * @param bytes - bytes needed from address 0
   * @returns false when the memory cannot grow that far, or past {@link WasmKernels.maxBytes}
   *   (the caller falls back to JS)
   */
  reserve(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return true;
    if (bytes > this.maxBytes) return false;
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
 * host validates it (Chrome ≥ 114, Node ≥ 22, Node 20 with `--experimental-wasm-relaxed-simd`)
 * and `allowRelaxed` is true, else the SIMD build. Any failure — no `WebAssembly`, no SIMD
 * (the module then fails validation), a host that refuses synchronous compilation — returns
 * the reason instead, and the tier switch leaves the JS tier in charge.
 * @param allowRelaxed - whether the relaxed-SIMD build may load (tests turn it off to exercise the other build)
 * @param maxBytes - the most bytes the kernels' memory may grow to
 * @returns the kernels, or why they cannot load here
 * @internal
 */
export function loadWasmKernels(allowRelaxed: boolean, maxBytes: number): WasmKernels | string {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return "this host has no WebAssembly";
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
      return `the kernels did not compile (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  try {
    const memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(module, { env: { memory } });
    return new WasmKernels(instance.exports as KernelExports, memory, relaxed, maxBytes);
  } catch (e) {
    return `the kernels did not instantiate (${e instanceof Error ? e.message : String(e)})`;
  }
}
