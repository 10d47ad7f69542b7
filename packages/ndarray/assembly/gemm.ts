// Matrix product C = A·B in WebAssembly SIMD, for float32 (f32x4) and float64 (f64x2).
//
// Goto/BLIS structure: B is packed into KC×NR column panels and A into MR×KC row panels,
// both zero-padded to whole panels, so the register-blocked micro-kernel never branches on
// edges; partial tiles go through a small scratch tile. Operands are read through
// arbitrary element strides, so transposed views are packed without a contiguous copy.
//
// The caller (src/kernels/wasm/) owns the memory layout: every pointer here is a byte
// address inside the imported memory, every stride an element count.

/** Rows of a micro-tile. */
const MR: i32 = 4;
/** v128 vectors per row of a micro-tile: NR = 2 vectors = 8 float32 or 4 float64 columns. */
const NV: i32 = 2;
/** Depth of a packed block (k elements). */
const KC: i32 = 256;
/** Rows of A packed at once: an MC×KC block of A stays in L2. */
const MC: i32 = 128;
/** Columns of B packed at once: a KC×NC block of B. */
const NC: i32 = 512;

/** Lanes of a v128 for element type T. */
// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Bytes of workspace the kernels need at `work`: packed B, packed A and one scratch tile (float64 worst case). */
export function workspaceBytes(): i32 {
  return (KC * NC + MC * KC + MR * 4) * 8;
}

// Lane splats of the packed A column at constant offsets (immediate offsets must be literals).
// @ts-ignore: decorator
@inline function splat0<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(ptr, 0);
  return v128.load64_splat(ptr, 0);
}
// @ts-ignore: decorator
@inline function splat1<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(ptr, 4);
  return v128.load64_splat(ptr, 8);
}
// @ts-ignore: decorator
@inline function splat2<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(ptr, 8);
  return v128.load64_splat(ptr, 16);
}
// @ts-ignore: decorator
@inline function splat3<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(ptr, 12);
  return v128.load64_splat(ptr, 24);
}

// A module compiled with `--enable relaxed-simd` multiplies-adds in one instruction (an FMA
// where the host has one: about 1.4× the throughput of this kernel on x86-64 without AVX-512);
// the default build, for hosts without relaxed SIMD, keeps the separate multiply and add.
// @ts-ignore: decorator
@inline function madd<T>(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (sizeof<T>() == 4) return f32x4.relaxed_madd(a, b, acc);
    return f64x2.relaxed_madd(a, b, acc);
  }
  if (sizeof<T>() == 4) return f32x4.add(acc, f32x4.mul(a, b));
  return f64x2.add(acc, f64x2.mul(a, b));
}

/**
 * Stores the transpose of the 4×4 float32 block whose rows are r0…r3: column q of the block
 * goes to `dst + q·stride`.
 */
// @ts-ignore: decorator
@inline function storeTransposed4x4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f64>(t0, t1, 0, 2));
  v128.store(dst + stride, v128.shuffle<f64>(t0, t1, 1, 3));
  v128.store(dst + 2 * stride, v128.shuffle<f64>(t2, t3, 0, 2));
  v128.store(dst + 3 * stride, v128.shuffle<f64>(t2, t3, 1, 3));
}

/**
 * Packs rows [0, mc) × columns [0, kc) of A (at `a`) into MR-row panels: panel r holds, for each p,
 * the MR values A[r·MR .. +MR][p], rows past the edge as zeros. Row-major A (cs = 1) is
 * transposed in 4×4 (float32) or 4×2 (float64) register blocks; column-major A (rs = 1, a
 * transposed view) is copied a vector at a time.
 */
function packA<T>(mc: i32, kc: i32, a: usize, rs: i32, cs: i32, dst: usize): void {
  const es = <usize>sizeof<T>();
  const rowBytes = <usize>rs * es;
  const colBytes = <usize>cs * es;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const r0 = a + <usize>ir * rowBytes;
    let p = 0;
    if (mr == MR && cs == 1) {
      const r1 = r0 + rowBytes;
      const r2 = r1 + rowBytes;
      const r3 = r2 + rowBytes;
      if (sizeof<T>() == 4) {
        for (; p + 3 < kc; p += 4, dst += 64) {
          const off = <usize>p * 4;
          storeTransposed4x4(v128.load(r0 + off), v128.load(r1 + off), v128.load(r2 + off), v128.load(r3 + off), dst, 16);
        }
      } else {
        for (; p + 1 < kc; p += 2, dst += 64) {
          const off = <usize>p * 8;
          const x0 = v128.load(r0 + off);
          const x1 = v128.load(r1 + off);
          const x2 = v128.load(r2 + off);
          const x3 = v128.load(r3 + off);
          v128.store(dst, v128.shuffle<f64>(x0, x1, 0, 2));
          v128.store(dst, v128.shuffle<f64>(x2, x3, 0, 2), 16);
          v128.store(dst, v128.shuffle<f64>(x0, x1, 1, 3), 32);
          v128.store(dst, v128.shuffle<f64>(x2, x3, 1, 3), 48);
        }
      }
    } else if (mr == MR && rs == 1) {
      let src = r0;
      for (; p < kc; p++, src += colBytes, dst += 4 * es) {
        v128.store(dst, v128.load(src));
        if (sizeof<T>() == 8) v128.store(dst, v128.load(src, 16), 16);
      }
    }
    for (; p < kc; p++, dst += 4 * es) {
      const src = r0 + <usize>p * colBytes;
      for (let i = 0; i < MR; i++) {
        const v: T = i < mr ? load<T>(src + <usize>i * rowBytes) : <T>0;
        store<T>(dst + <usize>i * es, v);
      }
    }
  }
}

/**
 * Packs rows [0, kc) × columns [0, nc) of B (at `b`) into NR-column panels: panel s holds, for each p,
 * the NR values B[p][s·NR .. +NR], columns past the edge as zeros. Row-major B (cs = 1) is
 * copied a vector at a time; column-major B (rs = 1, a transposed view such as a Linear
 * layer's weight) is transposed in register blocks.
 */
function packB<T>(kc: i32, nc: i32, b: usize, rs: i32, cs: i32, dst: usize): void {
  const es = <usize>sizeof<T>();
  const nr = NV * lanes<T>();
  const rowBytes = <usize>rs * es;
  const colBytes = <usize>cs * es;
  for (let jr = 0; jr < nc; jr += nr) {
    const w = min(nr, nc - jr);
    const col = b + <usize>jr * colBytes;
    let p = 0;
    if (w == nr && cs == 1) {
      let src = col;
      for (; p < kc; p++, src += rowBytes, dst += 32) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    } else if (w == nr && rs == 1) {
      const c1 = col + colBytes;
      const c2 = c1 + colBytes;
      const c3 = c2 + colBytes;
      if (sizeof<T>() == 4) {
        const c4 = c3 + colBytes;
        const c5 = c4 + colBytes;
        const c6 = c5 + colBytes;
        const c7 = c6 + colBytes;
        for (; p + 3 < kc; p += 4, dst += 128) {
          const off = <usize>p * 4;
          storeTransposed4x4(v128.load(col + off), v128.load(c1 + off), v128.load(c2 + off), v128.load(c3 + off), dst, 32);
          storeTransposed4x4(v128.load(c4 + off), v128.load(c5 + off), v128.load(c6 + off), v128.load(c7 + off), dst + 16, 32);
        }
      } else {
        for (; p + 1 < kc; p += 2, dst += 64) {
          const off = <usize>p * 8;
          const x0 = v128.load(col + off);
          const x1 = v128.load(c1 + off);
          const x2 = v128.load(c2 + off);
          const x3 = v128.load(c3 + off);
          v128.store(dst, v128.shuffle<f64>(x0, x1, 0, 2));
          v128.store(dst, v128.shuffle<f64>(x2, x3, 0, 2), 16);
          v128.store(dst, v128.shuffle<f64>(x0, x1, 1, 3), 32);
          v128.store(dst, v128.shuffle<f64>(x2, x3, 1, 3), 48);
        }
      }
    }
    for (; p < kc; p++, dst += 32) {
      const src = col + <usize>p * rowBytes;
      for (let j = 0; j < nr; j++) {
        const v: T = j < w ? load<T>(src + <usize>j * colBytes) : <T>0;
        store<T>(dst + <usize>j * es, v);
      }
    }
  }
}

/**
 * MR×NR micro-tile: acc = Σ_p pa[p]ᵀ·pb[p] over kc packed steps, then C (row stride `ldc` bytes)
 * is overwritten (`first`) or accumulated.
 */
// @ts-ignore: decorator
@inline function microKernel<T>(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, first: bool): void {
  // The accumulators start from C itself when accumulating: C's loads then issue before the
  // loop instead of stalling after it (C is often out of L1 here), and no adds follow it.
  let c00 = i64x2.splat(0), c01 = i64x2.splat(0);
  let c10 = i64x2.splat(0), c11 = i64x2.splat(0);
  let c20 = i64x2.splat(0), c21 = i64x2.splat(0);
  let c30 = i64x2.splat(0), c31 = i64x2.splat(0);
  if (!first) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc);
    c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc);
    c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc);
    c31 = v128.load(c + 3 * ldc, 16);
  }
  // One induction pointer: the loop ends on pb, and pa moves in lockstep.
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = splat0<T>(pa);
    c00 = madd<T>(c00, a, b0);
    c01 = madd<T>(c01, a, b1);
    a = splat1<T>(pa);
    c10 = madd<T>(c10, a, b0);
    c11 = madd<T>(c11, a, b1);
    a = splat2<T>(pa);
    c20 = madd<T>(c20, a, b0);
    c21 = madd<T>(c21, a, b1);
    a = splat3<T>(pa);
    c30 = madd<T>(c30, a, b0);
    c31 = madd<T>(c31, a, b1);
    pa += 4 * <usize>sizeof<T>();
    pb += 32;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** A full micro-tile written straight into C. */
function fullTile<T>(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, first: bool): void {
  microKernel<T>(kc, pa, pb, c, ldc, first);
}

/**
 * MR × one-vector micro-tile: the first v128 column of each row of the packed panel only,
 * into a scratch tile (row stride 32 bytes). For a column edge no wider than a vector it does
 * half the full kernel's arithmetic (a 10-column product has one such edge per row panel).
 */
function halfKernel<T>(kc: i32, pa: usize, pb: usize, tile: usize): void {
  let c0 = i64x2.splat(0), c1 = i64x2.splat(0), c2 = i64x2.splat(0), c3 = i64x2.splat(0);
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    c0 = madd<T>(c0, splat0<T>(pa), b0);
    c1 = madd<T>(c1, splat1<T>(pa), b0);
    c2 = madd<T>(c2, splat2<T>(pa), b0);
    c3 = madd<T>(c3, splat3<T>(pa), b0);
    pa += 4 * <usize>sizeof<T>();
    pb += 32;
  }
  v128.store(tile, c0);
  v128.store(tile, c1, 32);
  v128.store(tile, c2, 64);
  v128.store(tile, c3, 96);
}

/**
 * Two rows × NR micro-tile into a scratch tile (row stride 32 bytes): for a row edge of one or
 * two rows, half the full kernel's arithmetic (a 10-row product has one such edge per column panel).
 */
function twoRowKernel<T>(kc: i32, pa: usize, pb: usize, tile: usize): void {
  let c00 = i64x2.splat(0), c01 = i64x2.splat(0), c10 = i64x2.splat(0), c11 = i64x2.splat(0);
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = splat0<T>(pa);
    c00 = madd<T>(c00, a, b0);
    c01 = madd<T>(c01, a, b1);
    a = splat1<T>(pa);
    c10 = madd<T>(c10, a, b0);
    c11 = madd<T>(c11, a, b1);
    pa += 4 * <usize>sizeof<T>();
    pb += 32;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
}

/** An edge micro-tile (mr < MR or nr < NR): computed into `tile`, then its valid part added to C. */
function edgeTile<T>(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, first: bool, mr: i32, nr: i32, tile: usize): void {
  const es = <usize>sizeof<T>();
  if (nr <= lanes<T>()) halfKernel<T>(kc, pa, pb, tile);
  else if (mr <= 2) twoRowKernel<T>(kc, pa, pb, tile);
  else microKernel<T>(kc, pa, pb, tile, 32, true);
  for (let i = 0; i < mr; i++) {
    const crow = c + <usize>i * ldc;
    const trow = tile + <usize>i * 32;
    for (let j = 0; j < nr; j++) {
      const t = load<T>(trow + <usize>j * es);
      store<T>(crow + <usize>j * es, first ? t : load<T>(crow + <usize>j * es) + t);
    }
  }
}

/** The block size at most `max` (a multiple of `unit`) that cuts `total` into the fewest, most equal blocks. */
function split(total: i32, max: i32, unit: i32): i32 {
  const blocks = (total + max - 1) / max;
  const size = (total + blocks - 1) / blocks;
  return (size + unit - 1) / unit * unit;
}

/**
 * C[m×n] (row stride ldc elements) = A[m×k] · B[k×n], or C += A·B when `accumulate`;
 * A and B are read through element strides.
 */
function gemm<T>(
  m: i32, n: i32, k: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32,
  accumulate: bool,
  work: usize,
): void {
  const es = <usize>sizeof<T>();
  const nr = NV * lanes<T>();
  const ldcb = <usize>ldc * es;
  const packedB = work;
  const packedA = work + <usize>(KC * NC) * 8;
  const tile = packedA + <usize>(MC * KC) * 8;
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcb, 0, <usize>n * es);
    return;
  }
  // Blocks of equal size rather than full blocks and a sliver: k = 784 runs as 4 × 196, not
  // 3 × 256 + 16, so no pass over C does a few steps of work per load and store of C.
  const kcb = split(k, KC, 1);
  const mcb = split(m, MC, MR);
  const ncb = split(n, NC, nr);
  for (let jc = 0; jc < n; jc += ncb) {
    const nc = min(ncb, n - jc);
    for (let pc = 0; pc < k; pc += kcb) {
      const kc = min(kcb, k - pc);
      const first = pc == 0 && !accumulate;
      packB<T>(kc, nc, b + <usize>(pc * brs + jc * bcs) * es, brs, bcs, packedB);
      for (let ic = 0; ic < m; ic += mcb) {
        const mc = min(mcb, m - ic);
        packA<T>(mc, kc, a + <usize>(ic * ars + pc * acs) * es, ars, acs, packedA);
        for (let jr = 0; jr < nc; jr += nr) {
          const w = min(nr, nc - jr);
          const pb = packedB + <usize>(jr * kc) * es;
          const cc = c + <usize>(ic * ldc + jc + jr) * es;
          for (let ir = 0; ir < mc; ir += MR) {
            const h = min(MR, mc - ir);
            const pa = packedA + <usize>(ir * kc) * es;
            const ct = cc + <usize>ir * ldcb;
            if (h == MR && w == nr) fullTile<T>(kc, pa, pb, ct, ldcb, first);
            else edgeTile<T>(kc, pa, pb, ct, ldcb, first, h, w, tile);
          }
        }
      }
    }
  }
}

/** float32 C = A·B (C += A·B when `accumulate`); pointers are byte addresses, strides element counts. */
export function sgemm(
  m: i32, n: i32, k: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32,
  accumulate: bool,
  work: usize,
): void {
  gemm<f32>(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, accumulate, work);
}

/** float64 C = A·B (C += A·B when `accumulate`); pointers are byte addresses, strides element counts. */
export function dgemm(
  m: i32, n: i32, k: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32,
  accumulate: bool,
  work: usize,
): void {
  gemm<f64>(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, accumulate, work);
}
