// Number helpers for the checks' comparisons: flat float64 copies, element errors, dot products,
// row-major indices and number formatting; pure functions that every check and message shares.
import type { NDArray } from "@tsgrad/ndarray";

/** The elements of an NDArray as a fresh Float64Array in row-major order. @internal */
export function flatFloat64(t: NDArray): Float64Array {
  return Float64Array.from(t.toTypedArray());
}

/** The multi-index of flat row-major position `flat` in `shape`. @internal */
export function unravelIndex(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis]!;
    index[axis] = rest % d;
    rest = Math.floor(rest / d);
  }
  return index;
}

/** Formats a number for messages with enough digits to tell close values apart. @internal */
export function fmtNumber(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  return String(Number(x.toPrecision(12)));
}

/** `|a − b|`: NaN on either side counts as infinitely wrong, equal infinities as exact. @internal */
export function absError(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  if (a === b) return 0;
  const d = Math.abs(a - b);
  return Number.isNaN(d) ? Infinity : d;
}

/** `Σ a·b` over two flat arrays of equal length. @internal */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
