import { type NestedArray, ShapeError, NDArray, ValueError, ndarray } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";

/**
 * What the checks accept as an input, a direction or a value to compare: a Tensor,
 * a number or nested arrays (an NDArray too, for power users).
 * @example
 * ```ts
 * import { type CheckInput, gradcheck } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * const points: CheckInput[] = [[0.5, 1], tg.tensor([2, 3]), tg.tensor([[1], [2]]), 1.5];
 * gradcheck((a, b, c, d) => a!.mul(b!).sum().mul(c!).mul(d!), points).ok; // true
 * ```
 * @category Checks
 */
export type CheckInput = Tensor | NDArray | NestedArray;

/** A float64 contiguous NDArray copy of a check input (never shares storage with the caller's data). @internal */
export function toFloat64NDArray(op: string, x: CheckInput, what: string): NDArray {
  if (x instanceof Tensor) return copyFloat64(x.data);
  if (x instanceof NDArray) return copyFloat64(x);
  if (typeof x === "number" || Array.isArray(x)) return ndarray(x, { dtype: "float64" });
  throw new ValueError(op, `${what} must be a Tensor, a number, nested arrays of numbers or an NDArray, got ${typeof x}`, {});
}

function copyFloat64(t: NDArray): NDArray {
  const flat = Float64Array.from(t.toTypedArray());
  return ndarray(flat, { shape: t.shape.slice() });
}

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

/** Formats a shape or an index for messages: `[2, 3]`. @internal */
export function fmtIndex(index: readonly number[]): string {
  return `[${index.join(", ")}]`;
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

/** Checks that a tolerance option is a finite non-negative number. @internal */
export function checkTolerance(op: string, name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValueError(op, `${name} must be a finite number ≥ 0, got ${String(value)}`, { [name]: value });
  }
  return value;
}

/** Checks the finite-difference step. @internal */
export function checkEps(op: string, eps: number): number {
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new ValueError(op, `eps must be a finite number > 0, got ${String(eps)}`, { eps });
  }
  return eps;
}

/** Calls the user's function and checks that it returned a float64 Tensor. @internal */
export function callChecked(op: string, fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[]): Tensor {
  const out = fn(...inputs);
  if (!(out instanceof Tensor)) {
    throw new ValueError(op, `fn must return a Tensor, got ${out === null ? "null" : typeof out}`, {});
  }
  if (out.dtype !== "float64") {
    throw new ValueError(
      op,
      `fn returned a ${out.dtype} Tensor of shape ${fmtIndex(out.shape)}; finite differences need float64 (the inputs are float64: keep constants in float64 or cast the result)`,
      { dtype: out.dtype },
    );
  }
  return out;
}

/** Leaves requiring grad over float64 NDArrays. @internal */
export function leavesOf(tensors: readonly NDArray[]): Tensor[] {
  return tensors.map((t) => new Tensor(t, { requiresGrad: true }));
}

/** `Σ a·b` over two flat arrays of equal length. @internal */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Checks that a given direction or gradient has the expected shape. @internal */
export function checkShapeOf(op: string, what: string, t: NDArray, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(op, `${what} has shape ${fmtIndex(t.shape)} but must have shape ${fmtIndex(shape)}`, {
      shape: t.shape,
      expected: shape,
    });
  }
}
