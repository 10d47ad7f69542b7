// Float32 exp, log, tanh and sigmoid in WebAssembly SIMD, apart from elementwise.ts because they are
// not correctly rounded: each is evaluated in float64 lanes (two per vector) and rounded once to float32.

// The JS reference kernel computes `Math.exp(x)` (or log, tanh, the sigmoid from exp) in float64
// and rounds once to float32. Here the float64 value comes from a range reduction and a
// polynomial instead, with a relative error below about 1e-12: far below half an ulp of float32
// (3e-8 to 6e-8 relative), so the rounded float32 results are the same except where the exact
// value lies within that error of a rounding boundary, and then they differ by one ulp
// (packages/ndarray/test/wasm-elementwise.test.ts bounds it). Special values (±0, ±∞, NaN,
// subnormals, overflow and underflow) give what the JS kernel gives. No relaxed-SIMD
// instruction is used, so both builds of the module compute the same bits.
//
// Layout as `unary32` in elementwise.ts: `rows` rows of `n` elements, `out` dense; `xStep` 1 runs
// four lanes at a time, any other stride element by element (through the same vector code).

/** Operation codes of {@link transcendental32}, shared with the caller. */
const EXP: i32 = 0;
const LOG: i32 = 1;
const TANH: i32 = 2;
const SIGMOID: i32 = 3;

const LOG2E: f64 = 1.4426950408889634;
/** ln 2 split in two: the high part has 32 significant bits, so `n · LN2_HI` is exact for |n| < 2²¹. */
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LN2: f64 = 0.6931471805599453;
/** 1.5 · 2⁵²: adding it rounds a float64 of magnitude below 2⁵¹ to an integer, kept in the low bits. */
const SHIFTER: f64 = 6755399441055744.0;

// Polynomial coefficients, fitted for the least maximum relative error (weighted least squares
// on Chebyshev nodes, reweighted by Lawson's iteration, against a long-double reference); the
// errors are the fits' maxima over 400,001 points of the interval:
// eʳ ≈ E(r) on |r| ≤ ln2/2, relative error below 7.8e-13;
const E0: f64 = 0.9999999999997643;
const E1: f64 = 0.9999999999806223;
const E2: f64 = 0.5000000000618257;
const E3: f64 = 0.1666666688544639;
const E4: f64 = 0.041666664219969514;
const E5: f64 = 0.008333267032089794;
const E6: f64 = 0.0013889178657112073;
const E7: f64 = 0.0001991542194275882;
const E8: f64 = 2.4727210052975768e-5;
// (eʳ − 1)/r ≈ M(r) on |r| ≤ ln2/2, relative error below 7.8e-14;
const M0: f64 = 0.999999999999989;
const M1: f64 = 0.4999999999980019;
const M2: f64 = 0.16666666666940486;
const M3: f64 = 0.04166666688944496;
const M4: f64 = 0.008333333231835788;
const M5: f64 = 0.0013888821929236236;
const M6: f64 = 0.00019841371311933733;
const M7: f64 = 2.4876044485584064e-5;
const M8: f64 = 2.755737942013347e-6;
// atanh(s)/s ≈ A(s²) for |s| ≤ (√2 − 1)/(√2 + 1), relative error below 2.9e-14.
const A0: f64 = 0.9999999999999725;
const A1: f64 = 0.3333333333981664;
const A2: f64 = 0.19999997438887054;
const A3: f64 = 0.14286083709570713;
const A4: f64 = 0.1108710152703368;
const A5: f64 = 0.09804348311296811;

// @ts-ignore: decorator
@inline function splat(v: f64): v128 {
  return f64x2.splat(v);
}

// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  return f64x2.add(f64x2.mul(a, b), c);
}

/** `n = round(y / ln 2)` as float64 (`kd` keeps it in its low bits) and `r = y − n·ln 2`. */
// @ts-ignore: decorator
@inline function reduceKd(y: v128): v128 {
  return f64x2.add(f64x2.mul(y, splat(LOG2E)), splat(SHIFTER));
}

// @ts-ignore: decorator
@inline function remainder(y: v128, n: v128): v128 {
  return f64x2.sub(f64x2.sub(y, f64x2.mul(n, splat(LN2_HI))), f64x2.mul(n, splat(LN2_LO)));
}

/** 2ⁿ from `kd` (the integer n sits in the low bits of kd's significand), for −1022 ≤ n ≤ 1023. */
// @ts-ignore: decorator
@inline function scaleOf(kd: v128): v128 {
  return i64x2.shl(i64x2.add(kd, i64x2.splat(1023)), 52);
}

/** eʸ for float64 lanes with |y| ≤ 200 (or NaN). */
// @ts-ignore: decorator
@inline function expLanes(y: v128): v128 {
  const kd = reduceKd(y);
  const n = f64x2.sub(kd, splat(SHIFTER));
  const r = remainder(y, n);
  let p = madd(splat(E8), r, splat(E7));
  p = madd(p, r, splat(E6));
  p = madd(p, r, splat(E5));
  p = madd(p, r, splat(E4));
  p = madd(p, r, splat(E3));
  p = madd(p, r, splat(E2));
  p = madd(p, r, splat(E1));
  p = madd(p, r, splat(E0));
  return f64x2.mul(p, scaleOf(kd));
}

/** eʸ − 1 for float64 lanes with 0 ≤ y ≤ 40 (or NaN), accurate relative to itself near 0. */
// @ts-ignore: decorator
@inline function expm1Lanes(y: v128): v128 {
  const kd = reduceKd(y);
  const n = f64x2.sub(kd, splat(SHIFTER));
  const r = remainder(y, n);
  // (eʳ − 1)/r, then times r: no cancellation for small r.
  let p = madd(splat(M8), r, splat(M7));
  p = madd(p, r, splat(M6));
  p = madd(p, r, splat(M5));
  p = madd(p, r, splat(M4));
  p = madd(p, r, splat(M3));
  p = madd(p, r, splat(M2));
  p = madd(p, r, splat(M1));
  p = madd(p, r, splat(M0));
  const q = f64x2.mul(p, r);
  // eʸ − 1 = 2ⁿ·(eʳ − 1) + (2ⁿ − 1); n = 0 leaves q itself.
  const s = scaleOf(kd);
  return madd(s, q, f64x2.sub(s, splat(1)));
}

// @ts-ignore: decorator
@inline function expOp(x: v128): v128 {
  // Past ±200 float32 has overflowed to ∞ or underflowed to 0 already; NaN passes min/max.
  return expLanes(f64x2.pmin(f64x2.pmax(x, splat(-200)), splat(200)));
}

// @ts-ignore: decorator
@inline function sigmoidOp(x: v128): v128 {
  // NOTE: as the JS kernel, split by sign so the exponential never overflows:
  // σ(x) = 1/(1 + e⁻ˣ) for x ≥ 0, eˣ/(1 + eˣ) otherwise; e = e^(−|x|) serves both.
  const e = expLanes(f64x2.pmax(f64x2.neg(f64x2.abs(x)), splat(-200)));
  const inv = f64x2.div(splat(1), f64x2.add(splat(1), e));
  return v128.bitselect(inv, f64x2.mul(e, inv), f64x2.ge(x, splat(0)));
}

// @ts-ignore: decorator
@inline function tanhOp(x: v128): v128 {
  // tanh|x| = m/(m + 2) with m = e^(2|x|) − 1, then the sign of x back (−0 stays −0); past
  // |x| = 20 float32 tanh is ±1 already.
  const m = expm1Lanes(f64x2.pmin(f64x2.mul(f64x2.abs(x), splat(2)), splat(40)));
  const t = f64x2.div(m, f64x2.add(m, splat(2)));
  return v128.or(t, v128.and(x, i64x2.splat(0x8000000000000000)));
}

// @ts-ignore: decorator
@inline function logOp(x: v128): v128 {
  // x = 2ᵏ·m with m in [√2/2, √2) (musl's reduction on the float64 bits: float32 subnormals
  // are normal in float64), then ln m = 2·atanh(s) = 2s·A(s²), s = (m − 1)/(m + 1).
  const hx = i64x2.add(x, i64x2.splat(0x3ff0000000000000 - 0x3fe6a09e667f3bcd));
  const k = i64x2.sub(i64x2.shr_s(hx, 52), i64x2.splat(1023));
  const m = i64x2.add(v128.and(hx, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3fe6a09e667f3bcd));
  const f = f64x2.sub(m, splat(1));
  const s = f64x2.div(f, f64x2.add(f, splat(2)));
  const z = f64x2.mul(s, s);
  let p = madd(splat(A5), z, splat(A4));
  p = madd(p, z, splat(A3));
  p = madd(p, z, splat(A2));
  p = madd(p, z, splat(A1));
  p = madd(p, z, splat(A0));
  const lnm = f64x2.mul(f64x2.add(s, s), p);
  // k fits in the low 32 bits of each 64-bit lane: gather them for the int → float conversion.
  const kf = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 0, 2, 0, 2));
  const generic = madd(kf, splat(LN2), lnm);
  // ln 0 = −∞, ln ∞ = ∞, ln of a negative number or NaN = NaN.
  const inf = splat(Infinity);
  const special = v128.bitselect(splat(-Infinity), v128.bitselect(inf, splat(NaN), f64x2.eq(x, inf)), f64x2.eq(x, splat(0)));
  return v128.bitselect(generic, special, v128.and(f64x2.gt(x, splat(0)), f64x2.lt(x, inf)));
}

// @ts-ignore: decorator
@inline function lanes(op: i32, x: v128): v128 {
  if (op == EXP) return expOp(x);
  if (op == LOG) return logOp(x);
  if (op == TANH) return tanhOp(x);
  return sigmoidOp(x);
}

/** Four float32 lanes through `op` in two float64 halves, rounded once to float32. */
// @ts-ignore: decorator
@inline function four(op: i32, v: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(lanes(op, f64x2.promote_low_f32x4(v)));
  const hi = f32x4.demote_f64x2_zero(lanes(op, f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3))));
  return f32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** One float32 value through the same vector code (tails and strided rows give the lanes' bits). */
// @ts-ignore: decorator
@inline function one(op: i32, x: f32): f32 {
  return <f32>f64x2.extract_lane(lanes(op, f64x2.splat(<f64>x)), 0);
}

/** One block of {@link transcendental32} for a constant `op`. */
// @ts-ignore: decorator
@inline function block(op: i32, rows: i32, n: i32, x: usize, xRow: i32, xStep: i32, out: usize): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>xRow) << 2);
    const po = out + ((<usize>r * <usize>n) << 2);
    let k = 0;
    if (xStep == 1) {
      for (; k < n4; k += 4) {
        const o = <usize>k << 2;
        v128.store(po + o, four(op, v128.load(px + o)));
      }
      for (; k < n; k++) {
        const o = <usize>k << 2;
        store<f32>(po + o, one(op, load<f32>(px + o)));
      }
    } else {
      const step = <usize>xStep << 2;
      let p = px;
      for (; k < n; k++, p += step) store<f32>(po + (<usize>k << 2), one(op, load<f32>(p)));
    }
  }
}

/**
 * `out = f(x)` over `rows` rows of `n` float32 elements, `out` dense: op 0 exp, 1 log, 2 tanh,
 * 3 sigmoid, each evaluated in float64 and rounded once (see the top of this file for how
 * close to the JS kernel). `xRow` is the stride between rows, `xStep` along a row (any).
 */
export function transcendental32(op: i32, rows: i32, n: i32, x: usize, xRow: i32, xStep: i32, out: usize): void {
  if (op == EXP) block(EXP, rows, n, x, xRow, xStep, out);
  else if (op == LOG) block(LOG, rows, n, x, xRow, xStep, out);
  else if (op == TANH) block(TANH, rows, n, x, xRow, xStep, out);
  else block(SIGMOID, rows, n, x, xRow, xStep, out);
}
