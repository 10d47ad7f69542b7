// Naive reference implementations for the tensor tests: plain JavaScript arrays, one loop
// over index tuples per operation, no strides, no fast paths. They share no code with
// src/ beyond reading a tensor's storage through its own strides in `read`.
import type { DType, NDArray } from "@tsgrad/ndarray";

/** A row-major n-dimensional array of doubles: the reference's only data type. */
export interface Ref {
  shape: number[];
  data: number[];
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Every index tuple of `shape`, in row-major order. */
export function indexTuples(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  if (shape.some((d) => d === 0)) return out;
  const idx = shape.map(() => 0);
  for (;;) {
    out.push(idx.slice());
    let d = shape.length - 1;
    while (d >= 0) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return out;
  }
}

/** Row-major flat position of an index tuple. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let p = 0;
  for (let i = 0; i < shape.length; i++) p = p * shape[i]! + idx[i]!;
  return p;
}

/** The element at an index tuple. */
export function at(x: Ref, idx: readonly number[]): number {
  return x.data[ravel(idx, x.shape)]!;
}

/** Builds a Ref by evaluating `f` at every index tuple of `shape`. */
export function build(shape: readonly number[], f: (idx: number[]) => number): Ref {
  return { shape: shape.slice(), data: indexTuples(shape).map(f) };
}

/** Reads a tensor element by element through its shape, strides and offset. */
export function read(t: NDArray): Ref {
  return build(t.shape, (idx) => {
    let p = t.offset;
    for (let i = 0; i < idx.length; i++) p += idx[i]! * t.strides[i]!;
    return t.storage[p]!;
  });
}

/** Nested arrays of a Ref, like NDArray.toArray. */
export function nested(x: Ref): unknown {
  if (x.shape.length === 0) return x.data[0];
  let pos = 0;
  const walk = (axis: number): unknown[] =>
    Array.from({ length: x.shape[axis]! }, () => (axis === x.shape.length - 1 ? x.data[pos++] : walk(axis + 1)));
  return walk(0);
}

/** A value as stored in a typed array of `dtype`. */
export function store(dtype: DType, v: number): number {
  if (dtype === "float32") return Math.fround(v);
  if (dtype === "int32") return v | 0;
  return v;
}

/** Applies `store(dtype, ·)` to every element. */
export function storeAll(dtype: DType, x: Ref): Ref {
  return { shape: x.shape.slice(), data: x.data.map((v) => store(dtype, v)) };
}

/** The NumPy broadcast shape, or undefined when the shapes do not broadcast. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const sizes = shapes.map((s) => s[s.length - rank + i] ?? 1);
    const big = sizes.filter((d) => d !== 1);
    if (big.some((d) => d !== big[0])) return undefined;
    out.push(big[0] ?? 1);
  }
  return out;
}

/** The element of `x` that position `idx` of a broadcast result of rank idx.length reads. */
export function atBroadcast(x: Ref, idx: readonly number[]): number {
  const lead = idx.length - x.shape.length;
  return at(
    x,
    x.shape.map((d, i) => (d === 1 ? 0 : idx[lead + i]!)),
  );
}

/** Elementwise `f` with broadcasting. */
export function zipWith(xs: Ref[], f: (...v: number[]) => number): Ref {
  const shape = broadcastShape(...xs.map((x) => x.shape));
  if (!shape) throw new Error(`reference: shapes ${JSON.stringify(xs.map((x) => x.shape))} do not broadcast`);
  return build(shape, (idx) => f(...xs.map((x) => atBroadcast(x, idx))));
}

/** Applies `f` to every element. */
export function map(x: Ref, f: (v: number) => number): Ref {
  return { shape: x.shape.slice(), data: x.data.map(f) };
}

/** The dtype rule for two tensors: float64 > float32 > int32. */
export function promote(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

/** Binary ops on doubles, as JavaScript defines them. */
export const BINARY: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y),
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
};

/** Round half to even, written from the definition. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Unary ops per element, straight from Math. */
export const UNARY: Record<string, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin,
  cos: Math.cos,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (Number.isNaN(x) ? NaN : Math.max(x, 0)),
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  log1p: Math.log1p,
  expm1: Math.expm1,
};

/** Unary ops whose int32 input stays int32 (the rest give float32). */
export const INT_PRESERVING_UNARY = new Set(["neg", "abs", "relu", "sign", "square", "floor", "ceil", "round"]);

/**
 * Reduces `x` over `axes` (distinct, non-negative): `f` gets the values of each output
 * position in row-major order of the reduced axes.
 */
export function reduce(x: Ref, axes: readonly number[], keepdims: boolean, f: (vals: number[]) => number): Ref {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups = new Map<number, number[]>();
  for (const idx of indexTuples(kept)) groups.set(ravel(idx, kept), []);
  for (const idx of indexTuples(x.shape)) {
    const k = idx.map((v, i) => (axes.includes(i) ? 0 : v));
    groups.get(ravel(k, kept))!.push(at(x, idx));
  }
  const data = indexTuples(kept).map((idx) => f(groups.get(ravel(idx, kept))!));
  const shape = keepdims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, data };
}

export const sumOf = (v: number[]): number => v.reduce((a, b) => a + b, 0);
export const prodOf = (v: number[]): number => v.reduce((a, b) => a * b, 1);
export const maxOf = (v: number[]): number => (v.some(Number.isNaN) ? NaN : Math.max(...v));
export const minOf = (v: number[]): number => (v.some(Number.isNaN) ? NaN : Math.min(...v));
export const meanOf = (v: number[]): number => sumOf(v) / v.length;
/** Two-pass variance with a correction subtracted from the count. */
export const varianceOf =
  (correction: number) =>
  (v: number[]): number => {
    const m = meanOf(v);
    return sumOf(v.map((x) => (x - m) * (x - m))) / Math.max(0, v.length - correction);
  };
/** Index of the first largest value; the first NaN wins. */
export const argmaxOf = (v: number[]): number => {
  const nan = v.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  return v.indexOf(Math.max(...v));
};
/** Index of the first smallest value; the first NaN wins. */
export const argminOf = (v: number[]): number => {
  const nan = v.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  return v.indexOf(Math.min(...v));
};

/** Output axis i is input axis axes[i]. */
export function permute(x: Ref, axes: readonly number[]): Ref {
  const shape = axes.map((a) => x.shape[a]!);
  return build(shape, (idx) => {
    const src = new Array<number>(axes.length);
    axes.forEach((a, i) => (src[a] = idx[i]!));
    return at(x, src);
  });
}

/** The indices Python's `range(n)[start:stop:step]` selects (CPython's slice rules). */
export function pySlice(n: number, start: number | null, stop: number | null, step: number): number[] {
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? n : n - 1;
  const fix = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return w < lower ? lower : w > upper ? upper : w;
  };
  const s = fix(start, step > 0 ? lower : upper);
  const e = fix(stop, step > 0 ? upper : lower);
  const out: number[] = [];
  for (let i = s; step > 0 ? i < e : i > e; i += step) out.push(i);
  return out;
}

/** Selects index lists per axis: out[j...] = x[sel[0][j0], sel[1][j1], ...]. */
export function select(x: Ref, sel: readonly (readonly number[])[]): Ref {
  return build(
    sel.map((s) => s.length),
    (idx) => at(
      x,
      idx.map((j, i) => sel[i]![j]!),
    ),
  );
}

/** Matrix product with NumPy semantics (1-D promotion, broadcast batch axes). */
export function matmul(a: Ref, b: Ref): Ref {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const m = a2.shape[a2.shape.length - 2]!;
  const k = a2.shape[a2.shape.length - 1]!;
  const n = b2.shape[b2.shape.length - 1]!;
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2))!;
  const full = build([...batch, m, n], (idx) => {
    const bi = idx.slice(0, -2);
    const i = idx[idx.length - 2]!;
    const j = idx[idx.length - 1]!;
    let s = 0;
    for (let p = 0; p < k; p++) s += atBroadcast(a2, [...bi, i, p]) * atBroadcast(b2, [...bi, p, j]);
    return s;
  });
  const shape = full.shape.slice();
  if (a.shape.length === 1) shape.splice(shape.length - 2, 1);
  if (b.shape.length === 1) shape.splice(shape.length - 1, 1);
  return { shape, data: full.data };
}

/** Joins along an existing axis. */
export function concat(xs: Ref[], axis: number): Ref {
  const shape = xs[0]!.shape.slice();
  shape[axis] = sumOf(xs.map((x) => x.shape[axis]!));
  return build(shape, (idx) => {
    let i = idx[axis]!;
    for (const x of xs) {
      if (i < x.shape[axis]!) return at(x, idx.map((v, d) => (d === axis ? i : v)));
      i -= x.shape[axis]!;
    }
    throw new Error("reference concat: index past the end");
  });
}

/** out[..., i_axis, ...] = x[..., index[..., i_axis, ...], ...]. */
export function gather(x: Ref, axis: number, index: Ref): Ref {
  return build(index.shape, (idx) => at(x, idx.map((v, d) => (d === axis ? at(index, idx) : v))));
}

/** Zeros of `shape` plus src[j] at j with axis coordinate replaced by index[j]. */
export function scatterAdd(shape: readonly number[], axis: number, index: Ref, src: Ref): Ref {
  const out = build(shape, () => 0);
  for (const idx of indexTuples(index.shape)) {
    const target = idx.map((v, d) => (d === axis ? at(index, idx) : v));
    out.data[ravel(target, shape)]! += at(src, idx);
  }
  return out;
}

/** Slices of x along axis picked by a list of indices. */
export function indexSelect(x: Ref, axis: number, index: readonly number[]): Ref {
  return select(
    x,
    x.shape.map((d, i) => (i === axis ? index : Array.from({ length: d }, (_, j) => j))),
  );
}

/** Zeros of `shape` with slice i of src along axis added at index[i]. */
export function indexAdd(shape: readonly number[], axis: number, index: readonly number[], src: Ref): Ref {
  const out = build(shape, () => 0);
  for (const idx of indexTuples(src.shape)) {
    const target = idx.map((v, d) => (d === axis ? index[v]! : v));
    out.data[ravel(target, shape)]! += at(src, idx);
  }
  return out;
}

/**
 * The generator as its documentation describes it, written with BigInt arithmetic:
 * SplitMix32 seeding, xoshiro128** steps, 53-bit uniforms, Box–Muller normals.
 */
export class RefGenerator {
  private s: bigint[];
  private spare: number | null = null;
  constructor(seed: number) {
    const M = 0xffffffffn;
    let x = BigInt(Math.trunc(seed)) & M;
    const next = (): bigint => {
      x = (x + 0x9e3779b9n) & M;
      let z = x;
      z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
      z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
      return z ^ (z >> 16n);
    };
    this.s = [next(), next(), next(), next()];
    if (this.s.every((v) => v === BigInt(0))) this.s[0] = BigInt(1);
  }
  nextUint32(): number {
    const M = 0xffffffffn;
    const rotl = (v: bigint, k: bigint): bigint => ((v << k) | (v >> (32n - k))) & M;
    const [s0, s1, s2, s3] = this.s as [bigint, bigint, bigint, bigint];
    const result = (rotl((s1 * 5n) & M, 7n) * 9n) & M;
    const t = (s1 << 9n) & M;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    this.s = [n0, n1, n2 ^ t, rotl(n3, 11n)];
    return Number(result);
  }
  random(): number {
    const hi = Math.floor(this.nextUint32() / 32);
    const lo = Math.floor(this.nextUint32() / 64);
    return (hi * 2 ** 26 + lo) / 2 ** 53;
  }
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.random();
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
}
