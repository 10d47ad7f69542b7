// Float32 elementwise arithmetic, comparisons, unary ops, copies and sums on the WebAssembly tier (assembly/elementwise.ts).
// The caller's iteration plan (src/kernels/iter.ts) is cut into blocks of its last two axes;
// the outer axes, if any, are walked here. Each operand is copied in as the storage range it
// spans, strides kept, so broadcast operands cost their distinct elements only. Every entry
// returns false when the plan or an operand does not suit the kernels (a row that is neither
// contiguous nor broadcast, a sparse view) or memory cannot grow; the JS kernels then run.
// Whether to try at all (size, tier setting) is decided in ../dispatch.ts.
import type { IterPlan } from "../iter.js";
import type { WasmKernels } from "./wasm-kernels.js";

/** Operation codes of the kernels' `binary32` (the last six give int32 0/1). @internal */
export const WASM_BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3, eq: 4, ne: 5, lt: 6, le: 7, gt: 8, ge: 9 } as const;

/** Operation codes of the kernels' `unary32`. @internal */
export const WASM_UNARY_OPS = { copy: 0, neg: 1, abs: 2, sqrt: 3, relu: 4, square: 5, reciprocal: 6 } as const;

/**
 * Operation codes of the kernels' `transcendental32` (assembly/transcendental.ts): evaluated in
 * float64 lanes, within one float32 ulp of the JS kernels rather than bit-equal to them. @internal
 */
export const WASM_TRANSCENDENTAL_OPS = { exp: 0, log: 1, tanh: 2, sigmoid: 3 } as const;

/** Past this much slack (storage span over elements used) an operand stays in JS. */
const SPAN_SLACK = 2;

/** The storage range `[lo, lo + length)` operand `j` of `plan` spans, from `offset`. */
function span(plan: IterPlan, j: number, offset: number): { lo: number; length: number; used: number } {
  let lo = offset;
  let hi = offset;
  let used = 1;
  plan.shape.forEach((d, i) => {
    const s = plan.strides[j]![i]!;
    if (s === 0) return;
    used *= d;
    if (s > 0) hi += s * (d - 1);
    else lo += s * (d - 1);
  });
  return { lo, length: hi - lo + 1, used };
}

/** Bytes rounded up to 16. */
function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Walks the axes of `plan` before its last two and calls `block(offsets, rows, rowStrides, n, steps)`
 * once per block of the last two axes (rows = 1 when the plan has one axis).
 */
function forEachBlock(
  plan: IterPlan,
  base: readonly number[],
  block: (offsets: number[], rows: number, rowStrides: number[], n: number, steps: number[]) => void,
): void {
  const { shape, strides } = plan;
  const r = shape.length;
  const n = shape[r - 1]!;
  const steps = strides.map((s) => s[r - 1]!);
  const rows = r >= 2 ? shape[r - 2]! : 1;
  const rowStrides = strides.map((s) => (r >= 2 ? s[r - 2]! : 0));
  const outerRank = Math.max(0, r - 2);
  const offs = base.slice();
  let outer = 1;
  for (let d = 0; d < outerRank; d++) outer *= shape[d]!;
  const idx = new Array<number>(outerRank).fill(0);
  for (let it = 0; it < outer; it++) {
    block(offs, rows, rowStrides, n, steps);
    for (let d = outerRank - 1; d >= 0; d--) {
      idx[d]!++;
      for (let j = 0; j < strides.length; j++) offs[j]! += strides[j]![d]!;
      if (idx[d]! < shape[d]!) break;
      for (let j = 0; j < strides.length; j++) offs[j]! -= strides[j]![d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** A float32 operand of a plan: its storage, the storage index of its first element, its index in the plan. */
type Operand = [data: Float32Array, offset: number, index: number];

/**
 * Copies each operand's storage span into the kernels' memory, one after the other from
 * byte `at` (16-byte aligned), after making the memory long enough for `tailBytes` more.
 * Returns the element index (in the float32 view) of each operand's first element and the
 * byte where the tail starts, or undefined when an operand is too sparse for a span copy
 * or the memory cannot grow.
 */
function stage(kernels: WasmKernels, plan: IterPlan, operands: Operand[], at: number, tailBytes: number): { bases: number[]; end: number } | undefined {
  const spans = operands.map(([, offset, j]) => span(plan, j, offset));
  if (spans.some((sp) => sp.length > SPAN_SLACK * sp.used + 64)) return undefined;
  const starts: number[] = [];
  let end = align16(at);
  for (const sp of spans) {
    starts.push(end);
    end = align16(end + sp.length * 4);
  }
  if (!kernels.reserve(end + tailBytes)) return undefined;
  const mem = kernels.f32;
  const bases = operands.map(([data, offset], i) => {
    const sp = spans[i]!;
    mem.set(data.subarray(sp.lo, sp.lo + sp.length), starts[i]! / 4);
    return starts[i]! / 4 + offset - sp.lo;
  });
  return { bases, end };
}

/** Whether operand `j` of `plan` steps by one of `allowed` along the last axis. */
function stepIn(plan: IterPlan, j: number, allowed: readonly number[]): boolean {
  return allowed.includes(plan.strides[j]![plan.shape.length - 1]!);
}

/** Copies `length` 4-byte elements at byte `at` of the kernels' memory into `out`. */
function copyOut(kernels: WasmKernels, at: number, out: Float32Array | Int32Array): void {
  const mem = kernels.f32;
  if (out instanceof Float32Array) out.set(mem.subarray(at / 4, at / 4 + out.length));
  else out.set(new Int32Array(mem.buffer, at, out.length));
}

/**
 * `out = x op y` for float32 storages, over `plan` (operands x, y, out; out contiguous:
 * float32 for arithmetic, int32 for comparisons), with x and y starting at `xOffset` and `yOffset`.
 * @internal
 */
export function wasmBinary32(
  kernels: WasmKernels,
  op: keyof typeof WASM_BINARY_OPS,
  plan: IterPlan,
  x: Float32Array,
  xOffset: number,
  y: Float32Array,
  yOffset: number,
  out: Float32Array | Int32Array,
): boolean {
  if (!stepIn(plan, 0, [0, 1]) || !stepIn(plan, 1, [0, 1]) || !stepIn(plan, 2, [1])) return false;
  const staged = stage(kernels, plan, [[x, xOffset, 0], [y, yOffset, 1]], kernels.workspaceBytes, out.length * 4);
  if (staged === undefined) return false;
  const code = WASM_BINARY_OPS[op];
  const bin = kernels.exports.binary32;
  forEachBlock(plan, [...staged.bases, staged.end / 4], (offs, rows, rowStrides, n, steps) => {
    bin(code, rows, n, offs[0]! * 4, rowStrides[0]!, steps[0]!, offs[1]! * 4, rowStrides[1]!, steps[1]!, offs[2]! * 4);
  });
  copyOut(kernels, staged.end, out);
  return true;
}

/**
 * `out = f(x)` for a float32 storage over `plan` (operands x, out; out contiguous), x
 * starting at `xOffset`; x may have any stride along a row (transposed views are gathered).
 * `f` is one of `unary32`'s ops (bit-equal to the JS kernels) or of `transcendental32`'s.
 * @internal
 */
export function wasmUnary32(
  kernels: WasmKernels,
  op: keyof typeof WASM_UNARY_OPS | keyof typeof WASM_TRANSCENDENTAL_OPS,
  plan: IterPlan,
  x: Float32Array,
  xOffset: number,
  out: Float32Array,
): boolean {
  if (!stepIn(plan, 1, [1])) return false;
  const staged = stage(kernels, plan, [[x, xOffset, 0]], kernels.workspaceBytes, out.length * 4);
  if (staged === undefined) return false;
  const transcendental = op in WASM_TRANSCENDENTAL_OPS;
  const code = transcendental ? WASM_TRANSCENDENTAL_OPS[op as keyof typeof WASM_TRANSCENDENTAL_OPS] : WASM_UNARY_OPS[op as keyof typeof WASM_UNARY_OPS];
  const un = transcendental ? kernels.exports.transcendental32 : kernels.exports.unary32;
  forEachBlock(plan, [...staged.bases, staged.end / 4], (offs, rows, rowStrides, n, steps) => {
    un(code, rows, n, offs[0]! * 4, rowStrides[0]!, steps[0]!, offs[1]! * 4);
  });
  copyOut(kernels, staged.end, out);
  return true;
}

/**
 * Adds the float32 storages in `factors` (one: x; two: the product x·y, taken in float64)
 * into the float64 accumulators `acc` over `plan` (operands the factors, then acc; factors
 * contiguous along the last axis, acc step 0 or 1 there). The accumulators go first in
 * memory, the factors after them.
 */
function sumInto(kernels: WasmKernels, plan: IterPlan, factors: Operand[], acc: Float64Array): boolean {
  const a = factors.length;
  if (!factors.every((_, j) => stepIn(plan, j, [1])) || !stepIn(plan, a, [0, 1])) return false;
  const accAt = align16(kernels.workspaceBytes);
  const staged = stage(kernels, plan, factors, accAt + acc.length * 8, 0);
  if (staged === undefined) return false;
  kernels.f64.set(acc, accAt / 8);
  const { sumInto32, mulSumInto32 } = kernels.exports;
  forEachBlock(plan, [...staged.bases, accAt / 8], (offs, rows, rowStrides, n, steps) => {
    if (a === 1) sumInto32(rows, n, offs[0]! * 4, rowStrides[0]!, offs[1]! * 8, rowStrides[1]!, steps[1]!);
    else mulSumInto32(rows, n, offs[0]! * 4, rowStrides[0]!, offs[1]! * 4, rowStrides[1]!, offs[2]! * 8, rowStrides[2]!, steps[2]!);
  });
  acc.set(kernels.f64.subarray(accAt / 8, accAt / 8 + acc.length));
  return true;
}

/**
 * Adds the float32 storage `x` (from `xOffset`) into the float64 accumulators `acc` over
 * `plan` (operands x, acc; x contiguous along the last axis, acc step 0 or 1 there).
 * @internal
 */
export function wasmSumInto32(kernels: WasmKernels, plan: IterPlan, x: Float32Array, xOffset: number, acc: Float64Array): boolean {
  return sumInto(kernels, plan, [[x, xOffset, 0]], acc);
}

/**
 * Adds the products of the float32 storages `x` and `y` (from `xOffset`, `yOffset`) into the
 * float64 accumulators `acc` over `plan` (operands x, y, acc; x and y contiguous along the
 * last axis, acc step 0 or 1 there).
 * @internal
 */
export function wasmMulSumInto32(
  kernels: WasmKernels,
  plan: IterPlan,
  x: Float32Array,
  xOffset: number,
  y: Float32Array,
  yOffset: number,
  acc: Float64Array,
): boolean {
  return sumInto(kernels, plan, [[x, xOffset, 0], [y, yOffset, 1]], acc);
}
