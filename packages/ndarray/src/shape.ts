import { AxisError, ShapeError, ValueError, fmtShape } from "./errors.js";

/**
 * A tensor's shape: one non-negative integer size per axis.
 * @example
 * ```ts
 * import { type Shape, zeros } from "@tsgrad/ndarray";
 * const shape: Shape = [2, 3];
 * zeros(shape).size; // 6
 * ```
 * @category NDArray
 */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). @internal */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides for a shape. @internal */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Validates a user-given shape: non-negative integers. @internal */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw new ValueError(op, `shape must be an array of non-negative integers, got ${String(shape)}`, { shape });
  }
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(op, `shape ${JSON.stringify(shape)} has a size ${String(d)}; sizes must be non-negative integers`, {
        shape,
      });
    }
  }
  return shape.slice() as number[];
}

/** Whether two shapes are equal. @internal */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shape that several shapes broadcast to under NumPy's rules: align from the
 * right; sizes must be equal or one of them 1.
 *
 * @param op - name of the operation, for the error
 * @param shapes - the shapes to broadcast together
 * @returns the broadcast shape
 * @throws ShapeError when the shapes do not broadcast
 * @example
 * ```ts
 * import { broadcastShapes } from "@tsgrad/ndarray";
 * broadcastShapes("add", [2, 1, 3], [4, 1]); // [2, 4, 3]
 * ```
 * @category NDArray
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      const d = s[i]!;
      const o = out[j]!;
      if (o === d || d === 1) continue;
      if (o === 1) {
        out[j] = d;
        continue;
      }
      throw new ShapeError(
        op,
        `shapes ${shapes.map(fmtShape).join(" and ")} do not broadcast: size ${o} and size ${d} at axis ${j - rank} (sizes must match or one must be 1)`,
        { shapes: shapes.map((x) => x.slice()) },
      );
    }
  }
  return out;
}

/** Normalises a possibly negative axis for a tensor of rank `ndim`. @internal */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (typeof axis !== "number") {
    throw new AxisError(op, `axis must be an integer, got ${axis === null ? "null" : typeof axis}`, { axis: String(axis), ndim });
  }
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? "none (the tensor is a scalar)" : `[${-ndim}, ${ndim - 1}]`;
    throw new AxisError(op, `axis ${axis} is out of range for a tensor of rank ${ndim}; valid axes: ${range}`, {
      axis,
      ndim,
    });
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Normalises an axis spec (`undefined` = all axes, a number, or a list) to a sorted
 * list of distinct non-negative axes.
 * @internal
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new AxisError(op, `axis must be an integer or a list of integers, got ${axis === null ? "null" : typeof axis}`, { axis: String(axis), ndim });
  }
  const seen = new Set<number>();
  for (const a of list) {
    const n = normalizeAxis(op, a, ndim);
    if (seen.has(n)) {
      throw new AxisError(op, `axis ${a} is repeated in ${JSON.stringify(list)}`, { axis: list, ndim });
    }
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}
