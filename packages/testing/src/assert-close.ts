// assertClose, elementwise comparison with atol/rtol that names the worst element; apart from the
// gradient checks, which compare with their own tolerances.
import { type DType, NDArray, ValueError, ndarray } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { CheckError } from "./check-error.js";
import { type OptionKeys, checkNumber, checkOptions, describeValue, fmtShape, orDefault } from "@tsgrad/ndarray/internal";
import type { CheckInput } from "./check-input.js";
import { fmtNumber, unravelIndex } from "./numbers.js";

/**
 * Options of {@link assertClose}.
 * @example
 * ```ts
 * import { type AssertCloseOptions, assertClose } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * const loose: AssertCloseOptions = { rtol: 1e-2, atol: 0, equalNaN: true, message: "loss curve" };
 * assertClose(tg.tensor([100, NaN]), [100.5, NaN], loose); // passes
 * ```
 * @category Checks
 */
export interface AssertCloseOptions {
  /** Relative tolerance, times `|expected|` (default 1.3e-6 when either side is float32, 1e-7 otherwise, 0 for int32 pairs). */
  rtol?: number;
  /** Absolute tolerance (default 1e-5 when either side is float32, 1e-7 otherwise, 0 for int32 pairs). */
  atol?: number;
  /** Whether NaN equals NaN (default false). */
  equalNaN?: boolean;
  /** Prefix for the failure message (what was being compared). */
  message?: string;
}

/**
 * One element that differs, as {@link assertClose} reports it.
 * @example
 * ```ts
 * import { type CloseMismatch, CheckError, assertClose } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * try {
 *   assertClose(tg.tensor([1, 2, 3]), tg.tensor([1, 2, 4]));
 * } catch (e) {
 *   const { worst } = (e as CheckError).result as { mismatches: number; worst: CloseMismatch };
 *   [worst.index, worst.actual, worst.expected]; // [[2], 3, 4]
 * }
 * ```
 * @category Checks
 */
export interface CloseMismatch {
  /** Multi-index of the element. */
  index: number[];
  /** The actual value. */
  actual: number;
  /** The expected value. */
  expected: number;
  /** `|actual − expected|` (Infinity when one side is NaN). */
  error: number;
  /** The allowed error, `atol + rtol · |expected|`. */
  tolerance: number;
}

const ASSERT_CLOSE_KEYS: OptionKeys<AssertCloseOptions> = { rtol: true, atol: true, equalNaN: true, message: true };

function dtypeOf(x: CheckInput): DType | undefined {
  if (x instanceof Tensor) return x.dtype;
  if (x instanceof NDArray) return x.dtype;
  return undefined;
}

function asNDArray(x: CheckInput, what: string): NDArray {
  if (x instanceof Tensor) return x.data;
  if (x instanceof NDArray) return x;
  if (typeof x === "number" || Array.isArray(x)) return ndarray(x, { dtype: "float64" }, "assertClose");
  throw new ValueError("assertClose", `${what} must be a Tensor, an NDArray, a number or nested arrays of numbers, got ${describeValue(x)}`, {});
}

function defaultTolerances(a: DType | undefined, b: DType | undefined): { rtol: number; atol: number } {
  if (a === "float32" || b === "float32") return { rtol: 1.3e-6, atol: 1e-5 };
  if (a === "int32" && b === "int32") return { rtol: 0, atol: 0 };
  return { rtol: 1e-7, atol: 1e-7 };
}

/**
 * Asserts that two values — Tensors, numbers or nested arrays (NDArrays too) — have the same shape and
 * elementwise `|actual − expected| ≤ atol + rtol · |expected|`. Infinities must match
 * exactly; NaN matches NaN only with `equalNaN`. The failure message names how many
 * elements differ and the worst one: its index, both values and the tolerance.
 *
 * @param actual - the value computed
 * @param expected - the reference value
 * @param opts - `rtol`, `atol` (defaults depend on the dtypes), `equalNaN`, `message`
 * @throws CheckError when the shapes differ or some element is out of tolerance
 * @example
 * ```ts
 * import { assertClose } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * assertClose(tg.softmax(tg.tensor([0, 0], { dtype: "float64" })), [0.5, 0.5]);
 * assertClose(tg.tensor([1.001]), [1], { rtol: 1e-2 });
 * assertClose(tg.tensor([2, 3]).sum(), 5);
 * ```
 * @category Checks
 */
export function assertClose(actual: CheckInput, expected: CheckInput, opts: AssertCloseOptions = {}): void {
  const op = "assertClose";
  opts = checkOptions(op, opts, ASSERT_CLOSE_KEYS);
  const defaults = defaultTolerances(dtypeOf(actual), dtypeOf(expected));
  const rtol = checkNumber(op, "options", "rtol", orDefault(opts.rtol, defaults.rtol), { min: 0 });
  const atol = checkNumber(op, "options", "atol", orDefault(opts.atol, defaults.atol), { min: 0 });
  const equalNaN = opts.equalNaN ?? false;
  const prefix = opts.message === undefined ? "" : `${opts.message}: `;
  const a = asNDArray(actual, "actual");
  const e = asNDArray(expected, "expected");
  if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) {
    throw new CheckError(op, `${prefix}shapes differ: actual ${fmtShape(a.shape)}, expected ${fmtShape(e.shape)}`, {
      actualShape: a.shape,
      expectedShape: e.shape,
    });
  }
  const af = a.toTypedArray();
  const ef = e.toTypedArray();
  let mismatches = 0;
  let worst: CloseMismatch | null = null;
  let worstRatio = -1;
  for (let i = 0; i < af.length; i++) {
    const x = af[i]!;
    const y = ef[i]!;
    let error: number;
    if (Number.isNaN(x) || Number.isNaN(y)) error = equalNaN && Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
    else if (x === y) error = 0;
    else if (!Number.isFinite(x) || !Number.isFinite(y)) error = Infinity;
    else error = Math.abs(x - y);
    const tolerance = atol + rtol * (Number.isFinite(y) ? Math.abs(y) : 0);
    if (error <= tolerance) continue;
    mismatches++;
    const ratio = tolerance === 0 ? Infinity : error / tolerance;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = { index: unravelIndex(i, a.shape), actual: x, expected: y, error, tolerance };
    }
  }
  if (worst !== null) {
    const w: CloseMismatch = worst;
    throw new CheckError(
      op,
      `${prefix}${mismatches} of ${af.length} elements differ (shape ${fmtShape(a.shape)}); worst at index ${fmtShape(w.index)}: ` +
        `actual ${fmtNumber(w.actual)}, expected ${fmtNumber(w.expected)} ` +
        `(|difference| ${fmtNumber(w.error)} > tolerance ${fmtNumber(w.tolerance)} = atol ${atol} + rtol ${rtol}·|expected|)`,
      { mismatches, worst: w },
    );
  }
}
