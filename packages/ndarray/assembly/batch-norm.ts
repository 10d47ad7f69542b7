// BatchNorm passes for float32 input in WebAssembly SIMD, the layout of src/kernels/batch-norm.ts:
// a contiguous input viewed as (n, c, inner), statistics per channel c over n·inner elements.
//
// The statistics (Σx, Σ(x − μ)², Σg, Σg·(x − μ)) promote every float32 element to float64 (two
// f64x2 per f32x4) and accumulate in float64; the per-element outputs (y and dx) are computed
// in float32, as PyTorch does, with the mean split into two float32 so that x − μ stays exact
// for data far from zero. The TypeScript kernel does the same operations (float32 rounding by
// Math.fround): with inner == 1 (an (N, C) input) in the same order, so the two tiers agree to
// the bit; with inner > 1 only the order of the per-run sums differs (two lanes, then the tail).
//
// The caller (src/kernels/wasm/wasm-batch-norm.ts) owns the memory layout: pointers are byte
// addresses inside the imported memory; `x`, `g`, `y`, `dx` hold float32, per-channel arrays float64.

// @ts-ignore: decorator
@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

// @ts-ignore: decorator
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** Two f64x2 rounded to float32 and packed into one f32x4. */
// @ts-ignore: decorator
@inline function pack(a: v128, b: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

/** Σ of `len` float32 at `p`, in float64. */
// @ts-ignore: decorator
@inline function runSum(p: usize, len: i32): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const v = v128.load(p + (<usize>k << 2));
    a = f64x2.add(a, lo(v));
    b = f64x2.add(b, hi(v));
  }
  const s = f64x2.add(a, b);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; k < len; k++) t += <f64>load<f32>(p + (<usize>k << 2));
  return t;
}

/** Σ (x − m)² of `len` float32 at `p`, in float64. */
// @ts-ignore: decorator
@inline function runSquares(p: usize, len: i32, m: f64): f64 {
  const mv = f64x2.splat(m);
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const v = v128.load(p + (<usize>k << 2));
    const d0 = f64x2.sub(lo(v), mv);
    const d1 = f64x2.sub(hi(v), mv);
    a = f64x2.add(a, f64x2.mul(d0, d0));
    b = f64x2.add(b, f64x2.mul(d1, d1));
  }
  const s = f64x2.add(a, b);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; k < len; k++) {
    const d = <f64>load<f32>(p + (<usize>k << 2)) - m;
    t += d * d;
  }
  return t;
}

/**
 * Per-channel mean and biased variance (two passes) of the float32 input at `x`, shape
 * (n, c, inner), written to the float64 arrays `mean` and `variance` (c each).
 */
export function bnMeanVar32(x: usize, n: i32, c: i32, inner: i32, mean: usize, variance: usize): void {
  const count = <f64>n * <f64>inner;
  memory.fill(mean, 0, <usize>c << 3);
  memory.fill(variance, 0, <usize>c << 3);
  const rowBytes = <usize>c * <usize>inner << 2;
  if (inner == 1) {
    // Strips of 8 channels, every row of a strip summed in registers (the order of the
    // TypeScript kernel: per channel, row after row), then the tail channels one by one.
    const c8 = c & ~7;
    for (let ch = 0; ch < c8; ch += 8) {
      let a0 = f64x2.splat(0);
      let a1 = f64x2.splat(0);
      let a2 = f64x2.splat(0);
      let a3 = f64x2.splat(0);
      let p = x + (<usize>ch << 2);
      for (let i = 0; i < n; i++, p += rowBytes) {
        const v = v128.load(p);
        const w = v128.load(p, 16);
        a0 = f64x2.add(a0, lo(v));
        a1 = f64x2.add(a1, hi(v));
        a2 = f64x2.add(a2, lo(w));
        a3 = f64x2.add(a3, hi(w));
      }
      const cnt = f64x2.splat(count);
      const m = mean + (<usize>ch << 3);
      const m0 = f64x2.div(a0, cnt);
      const m1 = f64x2.div(a1, cnt);
      const m2 = f64x2.div(a2, cnt);
      const m3 = f64x2.div(a3, cnt);
      v128.store(m, m0);
      v128.store(m, m1, 16);
      v128.store(m, m2, 32);
      v128.store(m, m3, 48);
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      p = x + (<usize>ch << 2);
      for (let i = 0; i < n; i++, p += rowBytes) {
        const v = v128.load(p);
        const w = v128.load(p, 16);
        const d0 = f64x2.sub(lo(v), m0);
        const d1 = f64x2.sub(hi(v), m1);
        const d2 = f64x2.sub(lo(w), m2);
        const d3 = f64x2.sub(hi(w), m3);
        s0 = f64x2.add(s0, f64x2.mul(d0, d0));
        s1 = f64x2.add(s1, f64x2.mul(d1, d1));
        s2 = f64x2.add(s2, f64x2.mul(d2, d2));
        s3 = f64x2.add(s3, f64x2.mul(d3, d3));
      }
      const s = variance + (<usize>ch << 3);
      v128.store(s, s0);
      v128.store(s, s1, 16);
      v128.store(s, s2, 32);
      v128.store(s, s3, 48);
    }
    for (let ch = c8; ch < c; ch++) {
      let a: f64 = 0;
      for (let i = 0; i < n; i++) a += <f64>load<f32>(x + <usize>i * rowBytes + (<usize>ch << 2));
      const m = a / count;
      store<f64>(mean + (<usize>ch << 3), m);
      let t: f64 = 0;
      for (let i = 0; i < n; i++) {
        const d = <f64>load<f32>(x + <usize>i * rowBytes + (<usize>ch << 2)) - m;
        t += d * d;
      }
      store<f64>(variance + (<usize>ch << 3), t);
    }
  } else {
    const runBytes = <usize>inner << 2;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const m = mean + (<usize>ch << 3);
        store<f64>(m, load<f64>(m) + runSum(x + <usize>i * rowBytes + <usize>ch * runBytes, inner));
      }
    }
    for (let ch = 0; ch < c; ch++) store<f64>(mean + (<usize>ch << 3), load<f64>(mean + (<usize>ch << 3)) / count);
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const s = variance + (<usize>ch << 3);
        const p = x + <usize>i * rowBytes + <usize>ch * runBytes;
        store<f64>(s, load<f64>(s) + runSquares(p, inner, load<f64>(mean + (<usize>ch << 3))));
      }
    }
  }
  for (let ch = 0; ch < c; ch++) store<f64>(variance + (<usize>ch << 3), load<f64>(variance + (<usize>ch << 3)) / count);
}

/**
 * `y = ((x − meanHi) − meanLo)·scale + shift` per channel in float32 arithmetic: the float64
 * mean is split into two float32 (`meanHi + meanLo`), so `x − mean` keeps its accuracy when
 * the data sit far from zero. Per-channel arrays are float32.
 */
export function bnNormalize32(x: usize, y: usize, n: i32, c: i32, inner: i32, meanHi: usize, meanLo: usize, scale: usize, shift: usize): void {
  const rowBytes = <usize>c * <usize>inner << 2;
  if (inner == 1) {
    const c4 = c & ~3;
    for (let i = 0; i < n; i++) {
      const row = x + <usize>i * rowBytes;
      const out = y + <usize>i * rowBytes;
      let ch = 0;
      for (; ch < c4; ch += 4) {
        const o = <usize>ch << 2;
        const d = f32x4.sub(f32x4.sub(v128.load(row + o), v128.load(meanHi + o)), v128.load(meanLo + o));
        v128.store(out + o, f32x4.add(f32x4.mul(d, v128.load(scale + o)), v128.load(shift + o)));
      }
      for (; ch < c; ch++) {
        const o = <usize>ch << 2;
        const d = load<f32>(row + o) - load<f32>(meanHi + o) - load<f32>(meanLo + o);
        store<f32>(out + o, d * load<f32>(scale + o) + load<f32>(shift + o));
      }
    }
    return;
  }
  const runBytes = <usize>inner << 2;
  const inner4 = inner & ~3;
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const o = <usize>ch << 2;
      const mh = load<f32>(meanHi + o);
      const ml = load<f32>(meanLo + o);
      const sc = load<f32>(scale + o);
      const t = load<f32>(shift + o);
      const mhv = f32x4.splat(mh);
      const mlv = f32x4.splat(ml);
      const sv = f32x4.splat(sc);
      const tv = f32x4.splat(t);
      const at = <usize>i * rowBytes + <usize>ch * runBytes;
      const p = x + at;
      const q = y + at;
      let k = 0;
      for (; k < inner4; k += 4) {
        const d = f32x4.sub(f32x4.sub(v128.load(p + (<usize>k << 2)), mhv), mlv);
        v128.store(q + (<usize>k << 2), f32x4.add(f32x4.mul(d, sv), tv));
      }
      for (; k < inner; k++) {
        const d = load<f32>(p + (<usize>k << 2)) - mh - ml;
        store<f32>(q + (<usize>k << 2), d * sc + t);
      }
    }
  }
}

/**
 * Per-channel Σg and Σg·(x − mean) of the float32 upstream gradient `g` and input `x`,
 * written to the float64 arrays `sumG` and `sumGxc`.
 */
export function bnGradSums32(x: usize, g: usize, n: i32, c: i32, inner: i32, mean: usize, sumG: usize, sumGxc: usize): void {
  memory.fill(sumG, 0, <usize>c << 3);
  memory.fill(sumGxc, 0, <usize>c << 3);
  const rowBytes = <usize>c * <usize>inner << 2;
  if (inner == 1) {
    const c4 = c & ~3;
    for (let i = 0; i < n; i++) {
      const xr = x + <usize>i * rowBytes;
      const gr = g + <usize>i * rowBytes;
      let ch = 0;
      for (; ch < c4; ch += 4) {
        const xv = v128.load(xr + (<usize>ch << 2));
        const gv = v128.load(gr + (<usize>ch << 2));
        const o = <usize>ch << 3;
        const g0 = lo(gv);
        const g1 = hi(gv);
        v128.store(sumG + o, f64x2.add(v128.load(sumG + o), g0));
        v128.store(sumG + o, f64x2.add(v128.load(sumG + o, 16), g1), 16);
        const d0 = f64x2.sub(lo(xv), v128.load(mean + o));
        const d1 = f64x2.sub(hi(xv), v128.load(mean + o, 16));
        v128.store(sumGxc + o, f64x2.add(v128.load(sumGxc + o), f64x2.mul(g0, d0)));
        v128.store(sumGxc + o, f64x2.add(v128.load(sumGxc + o, 16), f64x2.mul(g1, d1)), 16);
      }
      for (; ch < c; ch++) {
        const o = <usize>ch << 3;
        const gs = <f64>load<f32>(gr + (<usize>ch << 2));
        store<f64>(sumG + o, load<f64>(sumG + o) + gs);
        store<f64>(sumGxc + o, load<f64>(sumGxc + o) + gs * (<f64>load<f32>(xr + (<usize>ch << 2)) - load<f64>(mean + o)));
      }
    }
    return;
  }
  const runBytes = <usize>inner << 2;
  const inner4 = inner & ~3;
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const o = <usize>ch << 3;
      const m = load<f64>(mean + o);
      const mv = f64x2.splat(m);
      const at = <usize>i * rowBytes + <usize>ch * runBytes;
      const p = x + at;
      const q = g + at;
      let a = f64x2.splat(0);
      let b = f64x2.splat(0);
      let k = 0;
      for (; k < inner4; k += 4) {
        const xv = v128.load(p + (<usize>k << 2));
        const gv = v128.load(q + (<usize>k << 2));
        const g0 = lo(gv);
        const g1 = hi(gv);
        a = f64x2.add(a, f64x2.add(g0, g1));
        b = f64x2.add(b, f64x2.add(f64x2.mul(g0, f64x2.sub(lo(xv), mv)), f64x2.mul(g1, f64x2.sub(hi(xv), mv))));
      }
      let sa = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
      let sb = f64x2.extract_lane(b, 0) + f64x2.extract_lane(b, 1);
      for (; k < inner; k++) {
        const gs = <f64>load<f32>(q + (<usize>k << 2));
        sa += gs;
        sb += gs * (<f64>load<f32>(p + (<usize>k << 2)) - m);
      }
      store<f64>(sumG + o, load<f64>(sumG + o) + sa);
      store<f64>(sumGxc + o, load<f64>(sumGxc + o) + sb);
    }
  }
}

/**
 * `dx = scale · ((count·g − sumG) − ((x − meanHi) − meanLo)·k1)` per channel in float32
 * arithmetic (`scale = γ/(count·σ)`, `k1 = Σg·x̂ / σ`, the mean split in two float32, all
 * computed by the caller; per-channel arrays are float32).
 */
export function bnGradInput32(
  x: usize,
  g: usize,
  dx: usize,
  n: i32,
  c: i32,
  inner: i32,
  count: f32,
  meanHi: usize,
  meanLo: usize,
  scale: usize,
  sumG: usize,
  k1: usize,
): void {
  const rowBytes = <usize>c * <usize>inner << 2;
  const nv = f32x4.splat(count);
  if (inner == 1) {
    const c4 = c & ~3;
    for (let i = 0; i < n; i++) {
      const xr = x + <usize>i * rowBytes;
      const gr = g + <usize>i * rowBytes;
      const out = dx + <usize>i * rowBytes;
      let ch = 0;
      for (; ch < c4; ch += 4) {
        const o = <usize>ch << 2;
        const b = f32x4.sub(f32x4.mul(nv, v128.load(gr + o)), v128.load(sumG + o));
        const d = f32x4.sub(f32x4.sub(v128.load(xr + o), v128.load(meanHi + o)), v128.load(meanLo + o));
        v128.store(out + o, f32x4.mul(v128.load(scale + o), f32x4.sub(b, f32x4.mul(d, v128.load(k1 + o)))));
      }
      for (; ch < c; ch++) {
        const o = <usize>ch << 2;
        const b = count * load<f32>(gr + o) - load<f32>(sumG + o);
        const d = load<f32>(xr + o) - load<f32>(meanHi + o) - load<f32>(meanLo + o);
        store<f32>(out + o, load<f32>(scale + o) * (b - d * load<f32>(k1 + o)));
      }
    }
    return;
  }
  const runBytes = <usize>inner << 2;
  const inner4 = inner & ~3;
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const o = <usize>ch << 2;
      const mh = load<f32>(meanHi + o);
      const ml = load<f32>(meanLo + o);
      const sc = load<f32>(scale + o);
      const sg = load<f32>(sumG + o);
      const kk = load<f32>(k1 + o);
      const mhv = f32x4.splat(mh);
      const mlv = f32x4.splat(ml);
      const sv = f32x4.splat(sc);
      const sgv = f32x4.splat(sg);
      const kv = f32x4.splat(kk);
      const at = <usize>i * rowBytes + <usize>ch * runBytes;
      const p = x + at;
      const q = g + at;
      const r = dx + at;
      let k = 0;
      for (; k < inner4; k += 4) {
        const b = f32x4.sub(f32x4.mul(nv, v128.load(q + (<usize>k << 2))), sgv);
        const d = f32x4.sub(f32x4.sub(v128.load(p + (<usize>k << 2)), mhv), mlv);
        v128.store(r + (<usize>k << 2), f32x4.mul(sv, f32x4.sub(b, f32x4.mul(d, kv))));
      }
      for (; k < inner; k++) {
        const b = count * load<f32>(q + (<usize>k << 2)) - sg;
        const d = load<f32>(p + (<usize>k << 2)) - mh - ml;
        store<f32>(r + (<usize>k << 2), sc * (b - d * kk));
      }
    }
  }
}
