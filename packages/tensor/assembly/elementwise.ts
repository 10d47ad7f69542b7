// Float32 elementwise arithmetic and sums in WebAssembly SIMD, over the iteration plans of
// src/kernels/iter.ts cut into blocks of `rows` rows of `n` elements. Along a row an operand
// is either contiguous (step 1) or broadcast (step 0); between rows it moves by any stride.
//
// add, sub, mul and div of two float32 values are correctly rounded in f32x4 arithmetic, and
// the TypeScript kernel's float64 arithmetic rounded to float32 gives the same correctly
// rounded value, so the two tiers agree to the bit. Sums accumulate in float64 like the
// TypeScript kernel; along a row (step-0 output) they use two lanes, so the order differs.
//
// The caller (src/kernels/wasm/wasm-elementwise.ts) owns the memory: pointers are byte
// addresses inside the imported memory, strides element counts.

/** Operation codes of {@link binary32}, shared with the caller. */
const ADD: i32 = 0;
const SUB: i32 = 1;
const MUL: i32 = 2;
const DIV: i32 = 3;

// @ts-ignore: decorator
@inline function vop(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

// @ts-ignore: decorator
@inline function sop(op: i32, x: f32, y: f32): f32 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  return x / y;
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
 * `out = a op b` over `rows` rows of `n` float32 elements: op 0 add, 1 sub, 2 mul, 3 div.
 * `aRow`/`bRow` are the operands' strides between rows, `aStep`/`bStep` (0 or 1) along a
 * row; `out` is dense (row r starts at element r·n).
 */
export function binary32(op: i32, rows: i32, n: i32, a: usize, aRow: i32, aStep: i32, b: usize, bRow: i32, bStep: i32, out: usize): void {
  if (op == ADD) block(ADD, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == SUB) block(SUB, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else if (op == MUL) block(MUL, rows, n, a, aRow, aStep, b, bRow, bStep, out);
  else block(DIV, rows, n, a, aRow, aStep, b, bRow, bStep, out);
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
