import { ValueError } from "./errors.js";
import { Tensor } from "./tensor.js";

/** Describes a value that should have been a Tensor (or a number), for error messages. @internal */
export function describeArg(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array (convert it with tensor(...))";
  if (typeof x === "object") return `an instance of ${(x as object).constructor?.name ?? "Object"}`;
  return `${typeof x} ${String(x)}`;
}

/**
 * Returns `x` when it is a Tensor; otherwise throws a ValueError naming the op and the
 * argument, rather than letting a property read on it fail deep inside a kernel.
 * @internal
 */
export function checkTensor(op: string, x: unknown, name = "input"): Tensor {
  if (x instanceof Tensor) return x;
  throw new ValueError(op, `${name} must be a Tensor, got ${describeArg(x)}`, { [name]: describeArg(x) });
}

/** Returns `x` when it is a Tensor or a number (the operand of an elementwise op); otherwise throws. @internal */
export function checkOperand(op: string, x: unknown, name: string): Tensor | number {
  if (x instanceof Tensor || typeof x === "number") return x;
  throw new ValueError(op, `${name} must be a Tensor or a number, got ${describeArg(x)}`, { [name]: describeArg(x) });
}
