import { AxisError } from "@tsgrad/ndarray";

/** Normalises an axis spec to sorted distinct non-negative axes (all axes when undefined). @internal */
export function normalizeAxesFor(op: string, axis: number | readonly number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new AxisError(op, `axis must be an integer or a list of integers, got ${axis === null ? "null" : typeof axis}`, { axis: String(axis), ndim });
  }
  const out = new Set<number>();
  for (const a of list) {
    if (!Number.isInteger(a) || a < -ndim || a >= ndim) {
      throw new AxisError(op, `axis ${String(a)} is out of range for a Tensor of rank ${ndim}`, { axis, ndim });
    }
    const n = a < 0 ? a + ndim : a;
    if (out.has(n)) throw new AxisError(op, `axis ${String(a)} is repeated in ${JSON.stringify(list)}`, { axis, ndim });
    out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

/** Normalises one possibly negative axis. @internal */
export function normalizeAxisFor(op: string, axis: number, ndim: number): number {
  return normalizeAxesFor(op, axis, ndim)[0]!;
}
