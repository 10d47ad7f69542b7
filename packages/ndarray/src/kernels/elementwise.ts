// The elementwise kernels (unary, binary with broadcasting, where, clip, in-place builders), JS reference
// tier: one tight loop per innermost row. A faster tier may take the unary and binary rows (ElementwiseFastPaths).
import { type DType, type TypedArray, allocate, promoteTypes } from "../dtype.js";
import { ValueError } from "../errors.js";
import { broadcastShapes, contiguousStrides } from "../shape.js";
import { NDArray } from "../ndarray.js";
import { type IterPlan, coalesce, forEachRow } from "./iter.js";
import { erfScalar } from "./erf.js";
import { checkOperand, checkNDArray } from "../check-ndarray.js";

/** Names of the unary elementwise kernels. @internal */
export type UnaryOp =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "sqrt"
  | "rsqrt"
  | "sin"
  | "cos"
  | "sinh"
  | "cosh"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "sign"
  | "square"
  | "reciprocal"
  | "floor"
  | "ceil"
  | "round"
  | "log1p"
  | "expm1"
  | "erf";

/** Unary ops that keep an int32 input int32; every other one turns int32 into float32. */
const INT_PRESERVING = new Set<UnaryOp>(["neg", "abs", "relu", "sign", "square", "floor", "ceil", "round"]);

/** Names of the binary elementwise kernels. @internal */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "eq" | "ne" | "lt" | "le" | "gt" | "ge";

const COMPARISONS = new Set<BinaryOp>(["eq", "ne", "lt", "le", "gt", "ge"]);

/**
 * The loops of {@link unary} and {@link binary} that a faster kernel tier may run instead of
 * the JS rows; kernels/dispatch.ts decides per call.
 * @internal
 */
export interface ElementwiseFastPaths {
  /**
   * `out = op(x)` over `plan` (operands x, out; out contiguous, of the result dtype), x from `xOffset`.
   * @returns false to leave the op to the JS rows
   */
  unary(op: UnaryOp, plan: IterPlan, x: TypedArray, xOffset: number, out: TypedArray): boolean;
  /**
   * `out = x op y` over `plan` (operands x, y, out; out contiguous, of the result dtype), x from
   * `xOffset` and y from `yOffset`.
   * @returns false to leave the op to the JS rows
   */
  binary(op: BinaryOp, plan: IterPlan, x: TypedArray, xOffset: number, y: TypedArray, yOffset: number, out: TypedArray): boolean;
}

/**
 * Applies a unary kernel: one tight loop per innermost row (see {@link UNARY_ROWS}).
 * @param fast - the fast paths to offer the rows to (none: the JS rows)
 * @internal
 */
export function unary(op: UnaryOp, t: NDArray, fast?: ElementwiseFastPaths): NDArray {
  checkNDArray(op, t);
  const dtype: DType = t.dtype === "int32" && !INT_PRESERVING.has(op) ? "float32" : t.dtype;
  const out = allocate(dtype, t.size);
  const plan = coalesce(t.shape, [t.strides, contiguousStrides(t.shape)]);
  const x = t.storage;
  if (fast === undefined || !fast.unary(op, plan, x, t.offset, out)) {
    const row = UNARY_ROWS[op];
    forEachRow(plan, [t.offset, 0], (n, i, s, o) => row(x, out, n, i, s, o));
  }
  return new NDArray(out, t.shape);
}

/** A unary op over one row: `out[o … o+n)` from `x` at `i`, stepping by `s`. */
type UnaryRow = (x: TypedArray, out: TypedArray, n: number, i: number, s: number, o: number) => void;

// NOTE: each op's row is its own function, loop included: a shared loop calling a per-op function
// sees every op at one call site, which V8 cannot inline (measured 5–6× slower on float32 add; a
// switch inside the loop, 1.3× slower). So only the loop header repeats, once per op, on one line.
/** The row loop of every unary op, looked up once per call. */
const UNARY_ROWS: { readonly [K in UnaryOp]: UnaryRow } = {
  neg: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = -x[i]!; },
  abs: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.abs(x[i]!); },
  exp: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.exp(x[i]!); },
  log: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.log(x[i]!); },
  sqrt: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.sqrt(x[i]!); },
  rsqrt: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = 1 / Math.sqrt(x[i]!); },
  sin: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.sin(x[i]!); },
  cos: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.cos(x[i]!); },
  sinh: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.sinh(x[i]!); },
  cosh: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.cosh(x[i]!); },
  tanh: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.tanh(x[i]!); },
  sigmoid: (x, out, n, i, s, o) => {
    for (const end = o + n; o < end; o++, i += s) {
      const v = x[i]!;
      // NOTE: split by sign so exp never overflows: σ(v) = 1/(1+e^-v) = e^v/(1+e^v).
      if (v >= 0) out[o] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        out[o] = e / (1 + e);
      }
    }
  },
  relu: (x, out, n, i, s, o) => {
    for (const end = o + n; o < end; o++, i += s) {
      const v = x[i]!;
      out[o] = v > 0 ? v : v === v ? 0 : v;
    }
  },
  sign: (x, out, n, i, s, o) => {
    for (const end = o + n; o < end; o++, i += s) {
      const v = x[i]!;
      out[o] = v > 0 ? 1 : v < 0 ? -1 : v === v ? 0 : v;
    }
  },
  square: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = x[i]! * x[i]!; },
  reciprocal: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = 1 / x[i]!; },
  floor: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.floor(x[i]!); },
  ceil: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.ceil(x[i]!); },
  round: (x, out, n, i, s, o) => {
    // Round half to even, like PyTorch and NumPy.
    for (const end = o + n; o < end; o++, i += s) {
      const v = x[i]!;
      const r = Math.round(v);
      out[o] = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
  },
  log1p: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.log1p(x[i]!); },
  expm1: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = Math.expm1(x[i]!); },
  erf: (x, out, n, i, s, o) => { for (const end = o + n; o < end; o++, i += s) out[o] = erfScalar(x[i]!); },
};

/**
 * Turns a number operand into a 0-d tensor whose dtype follows PyTorch's rule for
 * Python scalars: it takes the other operand's dtype, except that a non-integer
 * number next to an int32 tensor is float32.
 * @internal
 */
export function scalarLike(value: number, other: NDArray | number): NDArray {
  let dtype: DType = "float32";
  if (other instanceof NDArray) {
    dtype = other.dtype === "int32" && !Number.isInteger(value) ? "float32" : other.dtype;
  }
  const s = allocate(dtype, 1);
  s[0] = value;
  return new NDArray(s, []);
}

/** The dtype of a binary op's result. @internal */
export function binaryResultDType(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARISONS.has(op)) return "int32";
  const p = promoteTypes(a, b);
  return op === "div" && p === "int32" ? "float32" : p;
}

/**
 * Applies a binary kernel with NumPy broadcasting. Numbers act as 0-d tensors of the
 * other operand's dtype (see {@link scalarLike}).
 * @param fast - the fast paths to offer the rows to (none: the JS rows)
 * @internal
 */
export function binary(op: BinaryOp, a: NDArray | number, b: NDArray | number, fast?: ElementwiseFastPaths): NDArray {
  checkOperand(op, a, "a");
  checkOperand(op, b, "b");
  const ta = a instanceof NDArray ? a : scalarLike(a, b);
  const tb = b instanceof NDArray ? b : scalarLike(b, ta);
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  const dtype = binaryResultDType(op, ta.dtype, tb.dtype);
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocate(dtype, size);
  const plan = coalesce(shape, [bstrides(ta, shape), bstrides(tb, shape), contiguousStrides(shape)]);
  const x = ta.storage;
  const y = tb.storage;
  if (fast === undefined || !fast.binary(op, plan, x, ta.offset, y, tb.offset, out)) {
    const row = BINARY_ROWS[op];
    forEachRow(plan, [ta.offset, tb.offset, 0], (n, i, si, j, sj, o) => row(x, y, out, n, i, si, j, sj, o));
  }
  return new NDArray(out, shape);
}

/** Strides of `t` broadcast to `shape` (0 on broadcast axes). @internal */
export function bstrides(t: NDArray, shape: readonly number[]): number[] {
  const r = shape.length;
  const out = new Array<number>(r).fill(0);
  for (let i = 0; i < t.ndim; i++) {
    const j = r - t.ndim + i;
    out[j] = t.shape[i] === 1 && shape[j] !== 1 ? 0 : t.strides[i]!;
  }
  return out;
}

/** A binary op over one row: `out[o … o+n)` from `x` at `i` (step `si`) and `y` at `j` (step `sj`). */
type BinaryRow = (x: TypedArray, y: TypedArray, out: TypedArray, n: number, i: number, si: number, j: number, sj: number, o: number) => void;

/** The row loop of every binary op, looked up once per call; one function per op as in {@link UNARY_ROWS}. */
const BINARY_ROWS: { readonly [K in BinaryOp]: BinaryRow } = {
  add: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! + y[j]!; },
  sub: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! - y[j]!; },
  mul: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! * y[j]!; },
  div: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! / y[j]!; },
  pow: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = Math.pow(x[i]!, y[j]!); },
  maximum: (x, y, out, n, i, si, j, sj, o) => {
    for (const end = o + n; o < end; o++, i += si, j += sj) {
      const p = x[i]!;
      const q = y[j]!;
      out[o] = p > q || p !== p ? p : q;
    }
  },
  minimum: (x, y, out, n, i, si, j, sj, o) => {
    for (const end = o + n; o < end; o++, i += si, j += sj) {
      const p = x[i]!;
      const q = y[j]!;
      out[o] = p < q || p !== p ? p : q;
    }
  },
  eq: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! === y[j]! ? 1 : 0; },
  ne: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! !== y[j]! ? 1 : 0; },
  lt: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! < y[j]! ? 1 : 0; },
  le: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! <= y[j]! ? 1 : 0; },
  gt: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! > y[j]! ? 1 : 0; },
  ge: (x, y, out, n, i, si, j, sj, o) => { for (const end = o + n; o < end; o++, i += si, j += sj) out[o] = x[i]! >= y[j]! ? 1 : 0; },
};

/**
 * `cond ? a : b` elementwise with broadcasting of all three; `cond` is true where non-zero.
 * @internal
 */
export function whereKernel(cond: NDArray, a: NDArray | number, b: NDArray | number): NDArray {
  checkNDArray("where", cond, "cond");
  checkOperand("where", a, "a");
  checkOperand("where", b, "b");
  const ta = a instanceof NDArray ? a : scalarLike(a, b);
  const tb = b instanceof NDArray ? b : scalarLike(b, ta);
  const shape = broadcastShapes("where", cond.shape, ta.shape, tb.shape);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocate(dtype, size);
  const plan = coalesce(shape, [bstrides(cond, shape), bstrides(ta, shape), bstrides(tb, shape), contiguousStrides(shape)]);
  const c = cond.storage;
  const x = ta.storage;
  const y = tb.storage;
  forEachRow(plan, [cond.offset, ta.offset, tb.offset, 0], (n, ic, sc, i, si, j, sj, o) => {
    for (const end = o + n; o < end; o++, ic += sc, i += si, j += sj) out[o] = c[ic] !== 0 ? x[i]! : y[j]!;
  });
  return new NDArray(out, shape);
}

/**
 * Clamps every element into [min, max] (either bound may be omitted; NaN stays NaN).
 * The bounds follow the number-operand rule: a fractional bound on int32 gives float32.
 * @internal
 */
export function clipKernel(t: NDArray, min: number | undefined, max: number | undefined): NDArray {
  checkNDArray("clip", t);
  for (const [name, v] of [["min", min], ["max", max]] as const) {
    if (v !== undefined && typeof v !== "number") throw new ValueError("clip", `${name} must be a number or undefined, got ${typeof v}`, { [name]: v });
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new ValueError("clip", `min ${min} is greater than max ${max}`, { min, max });
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  // Bounds are number operands: a fraction next to int32 makes the result float32.
  const fractional = (v: number | undefined): boolean => v !== undefined && !Number.isInteger(v);
  const dtype: DType = t.dtype === "int32" && (fractional(min) || fractional(max)) ? "float32" : t.dtype;
  const out = allocate(dtype, t.size);
  const plan = coalesce(t.shape, [t.strides, contiguousStrides(t.shape)]);
  const x = t.storage;
  forEachRow(plan, [t.offset, 0], (n, i, s, o) => {
    for (const end = o + n; o < end; o++, i += s) {
      const v = x[i]!;
      out[o] = v < lo ? lo : v > hi ? hi : v;
    }
  });
  return new NDArray(out, t.shape);
}

/**
 * Writes `src` (broadcast to `dst`'s shape) into `dst`'s storage through its strides.
 * The one mutating kernel; used to build results (scatter, slice placement), never on user tensors.
 * @internal
 */
export function assignInto(dst: NDArray, src: NDArray): void {
  writeInto(dst, src, false);
}

/**
 * Adds `src` (broadcast to `dst`'s shape) into `dst`'s storage through its strides.
 * Like {@link assignInto}, only for building fresh results.
 * @internal
 */
export function addInto(dst: NDArray, src: NDArray): void {
  writeInto(dst, src, true);
}

/** {@link assignInto} (`add` false) and {@link addInto} (`add` true). */
function writeInto(dst: NDArray, src: NDArray, add: boolean): void {
  const plan = coalesce(dst.shape, [dst.strides, bstrides(src, dst.shape)]);
  const d = dst.storage;
  const s = src.storage;
  forEachRow(plan, [dst.offset, src.offset], (n, o, so, i, si) => {
    if (add) for (let k = 0; k < n; k++, o += so, i += si) d[o]! += s[i]!;
    else for (let k = 0; k < n; k++, o += so, i += si) d[o] = s[i]!;
  });
}
