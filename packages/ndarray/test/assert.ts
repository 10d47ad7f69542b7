// Assertions shared by the tensor tests.
import { expect } from "vitest";
import { type DType, NDArray, TsgradError } from "@tsgrad/ndarray";
import { type Ref, indexTuples, read } from "./reference.js";

export interface Tolerance {
  /** Relative tolerance (default 0: exact). */
  rtol?: number;
  /** Absolute tolerance (default 0: exact). */
  atol?: number;
}

/** Equal as numbers, NaN equal to NaN; infinities only equal to themselves. */
export function close(actual: number, expected: number, tol: Tolerance = {}): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (actual === expected) return true;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(expected);
}

/**
 * Asserts that `actual` has the reference's shape (and `dtype`, when given) and that
 * every element is close to the reference's (exactly equal by default).
 */
export function expectTensor(actual: NDArray, expected: Ref, opts: Tolerance & { dtype?: DType } = {}): void {
  expect(actual).toBeInstanceOf(NDArray);
  if (opts.dtype !== undefined) expect(actual.dtype, "dtype").toBe(opts.dtype);
  expect([...actual.shape], "shape").toEqual(expected.shape);
  const got = read(actual).data;
  const where = indexTuples(expected.shape);
  for (let i = 0; i < expected.data.length; i++) {
    if (!close(got[i]!, expected.data[i]!, opts)) {
      throw new Error(
        `element ${JSON.stringify(where[i])} is ${got[i]} but the reference gives ${expected.data[i]}` +
          (opts.rtol || opts.atol ? ` (rtol ${opts.rtol ?? 0}, atol ${opts.atol ?? 0})` : " (exact)"),
      );
    }
  }
}

/** Asserts two tensors have the same shape, dtype and elements (exactly; NaN equals NaN). */
export function expectSameTensor(actual: NDArray, expected: NDArray, tol: Tolerance = {}): void {
  expectTensor(actual, read(expected), { ...tol, dtype: expected.dtype });
}

type ErrorClass = abstract new (...args: never[]) => TsgradError;

/**
 * Asserts `fn` throws an instance of `cls` (a TsgradError) raised by `op`, whose message
 * starts with the op name and contains every fragment.
 */
export function expectError(fn: () => unknown, cls: ErrorClass, op: string, ...fragments: string[]): TsgradError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${cls.name} from ${op}`).toBeInstanceOf(cls);
  const err = caught as TsgradError;
  expect(err).toBeInstanceOf(TsgradError);
  expect(err.op).toBe(op);
  expect(err.message.startsWith(`${op}: `), err.message).toBe(true);
  for (const f of fragments) expect(err.message).toContain(f);
  return err;
}

/** How an error message prints a shape: `[2, 3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
