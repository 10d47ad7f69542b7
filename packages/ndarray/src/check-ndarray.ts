// Runtime argument checks that need the NDArray class (instanceof); separate so modules above
// the class share them, while the class and the layer below it never import this file.
import { ValueError } from "./errors.js";
import { NDArray } from "./ndarray.js";
import { describeValue } from "./internal.js";

/**
 * Returns `x` when it is an NDArray; otherwise throws a ValueError naming the op and the
 * argument, rather than letting a property read on it fail deep inside a kernel.
 * @internal
 */
export function checkNDArray(op: string, x: unknown, name = "input"): NDArray {
  if (x instanceof NDArray) return x;
  throw new ValueError(op, `${name} must be an NDArray, got ${describeValue(x)}`, { [name]: describeValue(x) });
}

/** Returns `xs` when it is a non-empty array of NDArrays; otherwise throws a ValueError naming the op. @internal */
export function checkNDArrayList(op: string, xs: unknown, name = "tensors"): NDArray[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ValueError(op, `needs a non-empty list of tensors, got ${describeValue(xs)}`, { [name]: describeValue(xs) });
  }
  xs.forEach((x, i) => checkNDArray(op, x, `${name}[${i}]`));
  return xs as NDArray[];
}

/** Returns `x` when it is an NDArray or a number (the operand of an elementwise op); otherwise throws. @internal */
export function checkOperand(op: string, x: unknown, name: string): NDArray | number {
  if (x instanceof NDArray || typeof x === "number") return x;
  throw new ValueError(op, `${name} must be an NDArray or a number, got ${describeValue(x)}`, { [name]: describeValue(x) });
}
