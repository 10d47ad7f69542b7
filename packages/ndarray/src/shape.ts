// Shapes: sizes, contiguous strides, validation and NumPy broadcasting; a small module below the
// NDArray class that the class and every kernel use.
import { ShapeError, ValueError } from "./errors.js";
import { checkSafeSize, checkShape as checkShapeArg, describeValue, fmtShape, showValue } from "./internal.js";

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

/**
 * The most axes an array may have: 64, as NumPy. Checked at creation, reshape, every new view
 * and file load (a ValueError naming the op), so no shape is long enough for a recursive walk
 * (formatting, nested data) to overflow the stack.
 * @example
 * ```ts
 * import { MAX_RANK, zeros } from "@tsgrad/ndarray";
 * MAX_RANK; // 64
 * zeros(new Array(MAX_RANK).fill(1)).ndim; // 64; one more axis is a ValueError
 * ```
 * @category NDArray
 */
export const MAX_RANK = 64;

/** Refuses a rank above {@link MAX_RANK} with a ValueError naming `op`. @internal */
export function checkRank(op: string, rank: number): void {
  if (rank > MAX_RANK) {
    throw new ValueError(op, `a shape of ${rank} axes is more than the maximum rank ${MAX_RANK}`, { rank, max: MAX_RANK });
  }
}

/** Validates a user-given shape: non-negative integers, at most {@link MAX_RANK} of them, a safe element count. @internal */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw new ValueError(op, `shape must be an array of non-negative integers, got ${describeValue(shape)}`, { shape: describeValue(shape) });
  }
  checkRank(op, shape.length);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(op, `shape ${showValue(shape)} has a size ${showValue(d)}; sizes must be non-negative integers`, {
        shape,
      });
    }
  }
  checkSafeSize(op, shape as number[]);
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
  if (typeof op !== "string") op = "broadcastShapes";
  shapes.forEach((s, k) => checkShapeArg(op, `shape ${k}`, s));
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
  checkSafeSize(op, out);
  return out;
}
