// What the numerical checks accept and how they take it in: the CheckInput type, its float64
// copy, the user's function's result, leaves and shape checks; shared by every check.
import { type NestedArray, ShapeError, NDArray, ValueError, ndarray } from "@tsgrad/ndarray";
import { describeValue, fmtShape } from "@tsgrad/ndarray/internal";
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
  if (typeof x === "number" || Array.isArray(x)) return ndarray(x, { dtype: "float64" }, op);
  throw new ValueError(op, `${what} must be a Tensor, a number, nested arrays of numbers or an NDArray, got ${describeValue(x)}`, {});
}

/**
 * The float64 copies of a check's function and inputs: a ValueError naming `op` unless `fn` is a
 * function and `inputs` an array of {@link CheckInput}s. @internal
 */
export function checkFnAndInputs(op: string, fn: unknown, inputs: unknown): NDArray[] {
  if (typeof fn !== "function") throw new ValueError(op, `fn must be a function of Tensors, got ${describeValue(fn)}`, {});
  if (!Array.isArray(inputs)) throw new ValueError(op, `inputs must be an array of Tensors, numbers or nested arrays, got ${describeValue(inputs)}`, {});
  return (inputs as CheckInput[]).map((x, i) => toFloat64NDArray(op, x, `input ${i}`));
}

function copyFloat64(t: NDArray): NDArray {
  const flat = Float64Array.from(t.toTypedArray());
  return ndarray(flat, { shape: t.shape.slice() });
}

/** Calls the user's function and checks that it returned a float64 Tensor. @internal */
export function callChecked(op: string, fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[]): Tensor {
  const out = fn(...inputs);
  if (!(out instanceof Tensor)) {
    throw new ValueError(op, `fn must return a Tensor, got ${describeValue(out)}`, {});
  }
  if (out.dtype !== "float64") {
    throw new ValueError(
      op,
      `fn returned a ${out.dtype} Tensor of shape ${fmtShape(out.shape)}; finite differences need float64 (the inputs are float64: keep constants in float64 or cast the result)`,
      { dtype: out.dtype },
    );
  }
  return out;
}

/** Leaves requiring grad over float64 NDArrays. @internal */
export function leavesOf(tensors: readonly NDArray[]): Tensor[] {
  return tensors.map((t) => new Tensor(t, { requiresGrad: true }));
}

/** Checks that a given direction or gradient has the expected shape. @internal */
export function checkShapeOf(op: string, what: string, t: NDArray, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(op, `${what} has shape ${fmtShape(t.shape)} but must have shape ${fmtShape(shape)}`, {
      shape: t.shape,
      expected: shape,
    });
  }
}
