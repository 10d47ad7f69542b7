import { Tensor } from "@tsgrad/autograd";
import { NDArray, TsgradError, ValueError } from "@tsgrad/ndarray";

/** Formats a shape for messages: `[2, 3]`. @internal */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** A layer's input, which must be a Tensor (an NDArray is refused with the way to wrap it). @internal */
export function inputTensor(op: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  const hint = x instanceof NDArray ? "; wrap it with tensor(...)" : "";
  throw new TsgradError(op, `expected a Tensor as input, got ${describe(x)}${hint}`, {});
}

/** A short description of a value for error messages. @internal */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return `an instance of ${(x as object).constructor?.name ?? "Object"}`;
  return `${typeof x} ${String(x)}`;
}

/** Throws unless `n` is an integer ≥ `min`. @internal */
export function checkInt(op: string, name: string, n: unknown, min = 0): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new ValueError(op, `${name} must be an integer ≥ ${min}, got ${describe(n)}`, { [name]: n });
  }
  return n;
}

/** Throws unless `x` is a finite number (in `[lo, hi]` when given). @internal */
export function checkNumber(op: string, name: string, x: unknown, lo = -Infinity, hi = Infinity): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < lo || x > hi) {
    const range = lo === -Infinity && hi === Infinity ? "a finite number" : `a number in [${lo}, ${hi}]`;
    throw new ValueError(op, `${name} must be ${range}, got ${describe(x)}`, { [name]: x });
  }
  return x;
}

/** A number or a pair of numbers as a pair of integers ≥ `min`. @internal */
export function pair(op: string, name: string, v: unknown, min: number): [number, number] {
  const p = typeof v === "number" ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2) {
    throw new ValueError(op, `${name} must be an integer or a pair of integers, got ${describe(v)}`, { [name]: v });
  }
  return [checkInt(op, name, p[0], min), checkInt(op, name, p[1], min)];
}

