// Float32 elementwise arithmetic, comparisons, a few unary ops and sums in WebAssembly SIMD, over the iteration plans of
// src/kernels/iter.ts cut into blocks of `rows` rows of `n` elements. Along a row an operand
// is either contiguous (step 1) or broadcast (step 0); between rows it moves by any stride.
//
// add, sub, mul, div, sqrt and 1/x of float32 values are correctly rounded in f32x4
// arithmetic, and the TypeScript kernel's float64 arithmetic rounded once to float32 gives
// the same correctly rounded value (float64 carries more than 2·24 + 2 bits), so the two
// tiers agree to the bit. Sums accumulate in float64 like the
// TypeScript kernel; along a row (step-0 output) they use two lanes, so the order differs.
//
// The caller (src/kernels/wasm/wasm-elementwise.ts) owns the memory: pointers are byte
// addresses inside the imported memory, strides element counts.

/** Operation codes of {@link binary32}, shared with the caller. */
const ADD: i32 = 0;
const SUB: i32 = 1;
const MUL: i32 = 2;
const DIV: i32 = 3;
const EQ: i32 = 4;
const NE: i32 = 5;
const LT: i32 = 6;
const LE: i32 = 7;
const GT: i32 = 8;

/** Operation codes of {@link unary32}, shared with the caller. */
const COPY: i32 = 0;
const NEG: i32 = 1;
const ABS: i32 = 2;
const SQRT: i32 = 3;
const RELU: i32 = 4;
const SQUARE: i32 = 5;
const RECIPROCAL: i32 = 6;

// Comparisons give int32 0 or 1 (their lane masks anded with 1); NaN compares false except
// under "ne", as in JavaScript. Their results share the float32 results' 4-byte slots.
// @ts-ignore: decorator
@inline function vop(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  if (op == DIV) return f32x4.div(x, y);
  const one = i32x4.splat(1);
  if (op == EQ) return v128.and(f32x4.eq(x, y), one);
  if (op == NE) return v128.and(f32x4.ne(x, y), one);
  if (op == LT) return v128.and(f32x4.lt(x, y), one);
  if (op == LE) return v128.and(f32x4.le(x, y), one);
  if (op == GT) return v128.and(f32x4.gt(x, y), one);
  return v128.and(f32x4.ge(x, y), one);
}

/** The scalar twin of {@link vop}; comparisons return the bits of int32 0 or 1. */
// @ts-ignore: decorator
@inline function sop(op: i32, x: f32, y: f32): f32 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  let r: bool;
  if (op == EQ) r = x == y;
  else if (op == NE) r = x != y;
  else if (op == LT) r = x < y;
  else if (op == LE) r = x <= y;
  else if (op == GT) r = x > y;
  else r = x >= y;
  return reinterpret<f32>(<i32>r);
}

/** One block for a constant `op` (inlined per op so the branches fold away). */
// @ts-ignore: decorator
@inline function block(op: i32, rows: i32, n: i32, a: usize, aRow: i32, aStep: i32, b: usize, bRow: i32, bStep: i32, out: usize): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const pa = a + ((<usize>r * <usize>aRow) << 2);
    const pb = b + ((<usize>r * <usize>bRow) << 2);
    const po = out + ((<usize>r * <usize>n) << 2);
    let k = 0;
    if (aStep == 1 && bStep == 1) {
      for (; k < n4; k += 4) {
        const o = <usize>k << 2;
        v128.store(po + o, vop(op, v128.load(pa + o), v128.load(pb + o)));
      }
      for (; k < n; k++) {
        const o = <usize>k << 2;
        store<f32>(po + o, sop(op, load<f32>(pa + o), load<f32>(pb + o)));
      }
    } else if (aStep == 1) {
      const ys = load<f32>(pb);
      const yv = f32x4.splat(ys);
      for (; k < n4; k += 4) {
        const o = <usize>k << 2;
        v128.store(po + o, vop(op, v128.load(pa + o), yv));
      }
      for (; k < n; k++) {
        const o = <usize>k << 2;
        store<f32>(po + o, sop(op, load<f32>(pa + o), ys));
      }
    } else if (bStep == 1) {
      const xs = load<f32>(pa);
      const xv = f32x4.splat(xs);
      for (; k < n4; k += 4) {
        const o = <usize>k << 2;
        v128.store(po + o, vop(op, xv, v128.load(pb + o)));
      }
      for (; k < n; k++) {
        const o = <usize>k << 2;
        store<f32>(po + o, sop(op, xs, load<f32>(pb + o)));
      }
    } else {
      const v = sop(op, load<f32>(pa), load<f32>(pb));
      const vv = f32x4.splat(v);
      for (; k < n4; k += 4) v128.store(po + (<usize>k << 2), vv);
      for (; k < n; k++) store<f32>(po + (<usize>k << 2), v);
    }
  }
}

/**
 * `out = a op b` over `rows` rows of `n` float32 elements: op 0 add, 1 sub, 2 mul, 3 div
 * (float32 out), 4 eq, 5 ne, 6 lt, 7 le, 8 gt, 9 ge (int32 out).
 * `aRow`/`bRow` are the operands' strides between rows, `aStep`/`bStep` (0 or 1) along a
 * row; `out` is dense (row r starts at element r·n).
 */
export function binary32(op: i32, rows: i32, n: i32, a: usize, aRow: i32, aStep: i32, b: usize, bRow: i32, bStep: i32, out: usize): void {
  if (op == ADD) block(ADD, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == SUB) block(SUB, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == MUL) block(MUL, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == DIV) block(DIV, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == EQ) block(EQ, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == NE) block(NE, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == LT) block(LT, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == LE) block(LE, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == GT) block(GT, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else block(9, rows, n, a, aRow, aStep, b, bRow, bStep, out);
}

// @ts-ignore: decorator
@inline function vunary(op: i32, x: v128): v128 {
  if (op == COPY) return x;
  if (op == NEG) return f32x4.neg(x);
  if (op == ABS) return f32x4.abs(x);
  if (op == SQRT) return f32x4.sqrt(x);
  if (op == RELU) {
    // x where x > 0 or x is NaN, else +0 (so −0 gives +0), as the TypeScript kernel.
    const keep = v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.ne(x, x));
    return v128.and(x, keep);
  }
  if (op == SQUARE) return f32x4.mul(x, x);
  return f32x4.div(f32x4.splat(1), x);
}

// @ts-ignore: decorator
@inline function sunary(op: i32, x: f32): f32 {
  if (op == COPY) return x;
  if (op == NEG) return -x;
  if (op == ABS) return abs<f32>(x);
  if (op == SQRT) return sqrt<f32>(x);
  if (op == RELU) return x > 0 || x != x ? x : 0;
  if (op == SQUARE) return x * x;
  return 1 / x;
}

/** One block of {@link unary32} for a constant `op`. */
// @ts-ignore: decorator
@inline function unaryBlock(op: i32, rows: i32, n: i32, x: usize, xRow: i32, xStep: i32, out: usize): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>xRow) << 2);
    const po = out + ((<usize>r * <usize>n) << 2);
    let k = 0;
    if (xStep == 1) {
      for (; k < n4; k += 4) {
        const o = <usize>k << 2;
        v128.store(po + o, vunary(op, v128.load(px + o)));
      }
      for (; k < n; k++) {
        const o = <usize>k << 2;
        store<f32>(po + o, sunary(op, load<f32>(px + o)));
      }
    } else {
      const step = <usize>xStep << 2;
      let p = px;
      for (; k < n; k++, p += step) store<f32>(po + (<usize>k << 2), sunary(op, load<f32>(p)));
    }
  }
}

/**
 * `out = f(x)` over `rows` rows of `n` float32 elements, `out` dense: op 0 copy, 1 neg,
 * 2 abs, 3 sqrt, 4 relu, 5 square, 6 reciprocal. `xStep` may be any stride (a transposed
 * view is gathered by the copy); 1 runs four lanes at a time.
 */
export function unary32(op: i32, rows: i32, n: i32, x: usize, xRow: i32, xStep: i32, out: usize): void {
  if (op == COPY) unaryBlock(COPY, rows, n, x, xRow, xStep, out);
  else if (op == NEG) unaryBlock(NEG, rows, n, x, xRow, xStep, out);
  else if (op == ABS) unaryBlock(ABS, rows, n, x, xRow, xStep, out);
  else if (op == SQRT) unaryBlock(SQRT, rows, n, x, xRow, xStep, out);
  else if (op == RELU) unaryBlock(RELU, rows, n, x, xRow, xStep, out);
  else if (op == SQUARE) unaryBlock(SQUARE, rows, n, x, xRow, xStep, out);
  else unaryBlock(RECIPROCAL, rows, n, x, xRow, xStep, out);
}

/**
 * Adds float32 rows into float64 accumulators: row r of `x` (contiguous `n` elements
 * starting at element r·xRow) goes to `acc` at element r·accRow, either element by
 * element (`accStep` 1) or summed into one slot (`accStep` 0).
 */
export function sumInto32(rows: i32, n: i32, x: usize, xRow: i32, acc: usize, accRow: i32, accStep: i32): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>xRow) << 2);
    const pa = acc + ((<usize>r * <usize>accRow) << 3);
    let k = 0;
    if (accStep == 1) {
      for (; k < n4; k += 4) {
        const v = v128.load(px + (<usize>k << 2));
        const q = pa + (<usize>k << 3);
        v128.store(q, f64x2.add(v128.load(q), f64x2.promote_low_f32x4(v)));
        v128.store(q, f64x2.add(v128.load(q, 16), f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3))), 16);
      }
      for (; k < n; k++) {
        const q = pa + (<usize>k << 3);
        store<f64>(q, load<f64>(q) + <f64>load<f32>(px + (<usize>k << 2)));
      }
    } else {
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      for (; k < n4; k += 4) {
        const v = v128.load(px + (<usize>k << 2));
        s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
        s1 = f64x2.add(s1, f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)));
      }
      const s = f64x2.add(s0, s1);
      let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
      for (; k < n; k++) t += <f64>load<f32>(px + (<usize>k << 2));
      store<f64>(pa, load<f64>(pa) + t);
    }
  }
}

/**
 * Adds products of float32 rows into float64 accumulators: row r of `x` and of `y` (both
 * contiguous, `n` elements, starting at elements r·xRow and r·yRow) multiply element by
 * element in float64 (exact for float32 factors) into `acc` at element r·accRow, either
 * element by element (`accStep` 1) or summed into one slot (`accStep` 0).
 */
export function mulSumInto32(rows: i32, n: i32, x: usize, xRow: i32, y: usize, yRow: i32, acc: usize, accRow: i32, accStep: i32): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>xRow) << 2);
    const py = y + ((<usize>r * <usize>yRow) << 2);
    const pa = acc + ((<usize>r * <usize>accRow) << 3);
    let k = 0;
    if (accStep == 1) {
      for (; k < n4; k += 4) {
        const v = v128.load(px + (<usize>k << 2));
        const w = v128.load(py + (<usize>k << 2));
        const q = pa + (<usize>k << 3);
        const p0 = f64x2.mul(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(w));
        const p1 = f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)), f64x2.promote_low_f32x4(f32x4.shuffle(w, w, 2, 3, 2, 3)));
        v128.store(q, f64x2.add(v128.load(q), p0));
        v128.store(q, f64x2.add(v128.load(q, 16), p1), 16);
      }
      for (; k < n; k++) {
        const q = pa + (<usize>k << 3);
        store<f64>(q, load<f64>(q) + <f64>load<f32>(px + (<usize>k << 2)) * <f64>load<f32>(py + (<usize>k << 2)));
      }
    } else {
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      for (; k < n4; k += 4) {
        const v = v128.load(px + (<usize>k << 2));
        const w = v128.load(py + (<usize>k << 2));
        s0 = f64x2.add(s0, f64x2.mul(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(w)));
        s1 = f64x2.add(s1, f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)), f64x2.promote_low_f32x4(f32x4.shuffle(w, w, 2, 3, 2, 3))));
      }
      const s = f64x2.add(s0, s1);
      let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
      for (; k < n; k++) t += <f64>load<f32>(px + (<usize>k << 2)) * <f64>load<f32>(py + (<usize>k << 2));
      store<f64>(pa, load<f64>(pa) + t);
    }
  }
}
