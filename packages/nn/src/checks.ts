// Argument checks and message formatting shared by all of nn (layers, losses, optimizers, state
// dicts, safetensors): small pure helpers kept in one place so each exists once and errors read alike.
import { Tensor } from "@tsgrad/autograd";
import { NDArray, TsgradError, ValueError } from "@tsgrad/ndarray";

/** Formats a shape for messages: `[2, 3]`. @internal */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** What kind of value `x` is, for "got …" in messages: `null`, `an array`, `an instance of NDArray`, `number 5`. @internal */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return `an instance of ${(x as object).constructor?.name ?? "Object"}`;
  return `${typeof x} ${String(x)}`;
}

/** A value written out for "invalid … <value>" in messages: `1.5`, `"no"`, `[0.9, 2]`, `(Tensor)`. @internal */
export function showValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(showValue).join(", ")}]`;
  if (value !== null && typeof value === "object") return `(${value.constructor?.name ?? "object"})`;
  return String(value);
}

/** Whether `value` is a plain object (a record), not an array, class instance or null. @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A layer's input, which must be a Tensor (an NDArray is refused with the way to wrap it). @internal */
export function inputTensor(op: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  const hint = x instanceof NDArray ? "; wrap it with tensor(...)" : "";
  throw new TsgradError(op, `expected a Tensor as input, got ${describe(x)}${hint}`, {});
}

/**
 * Throws a ValueError naming `op`, `where` the value came from (`"options"`, `"arguments"`,
 * `"parameter group 1"`, …) and `name` unless `value` is a finite number within `[min, max]`
 * (bounds inclusive unless told). @internal
 */
export function checkNumber(
  op: string,
  where: string,
  name: string,
  value: unknown,
  range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {},
): number {
  const { min, max, minExclusive = false, maxExclusive = false } = range;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    const lo = min === undefined ? "" : `${name} ${minExclusive ? ">" : "≥"} ${min}`;
    const hi = max === undefined ? "" : `${name} ${maxExclusive ? "<" : "≤"} ${max}`;
    const expected = [lo, hi].filter((s) => s !== "").join(" and ") || `${name} finite`;
    throw new ValueError(op, `${where}: invalid ${name} ${showValue(value)}; expected a finite number with ${expected}`, { [name]: value });
  }
  return value as number;
}

/** Throws a ValueError (as {@link checkNumber}) unless `value` is an integer ≥ `min` (any integer without `min`). @internal */
export function checkInteger(op: string, where: string, name: string, value: unknown, min?: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || (min !== undefined && value < min)) {
    const expected = min === undefined ? "an integer" : `an integer ≥ ${min}`;
    throw new ValueError(op, `${where}: invalid ${name} ${showValue(value)}; expected ${expected}`, { [name]: value });
  }
  return value;
}

/** Throws a ValueError (as {@link checkNumber}) unless `value` is a boolean. @internal */
export function checkBoolean(op: string, where: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new ValueError(op, `${where}: invalid ${name} ${showValue(value)}; expected true or false`, { [name]: value });
  }
  return value;
}

/** An integer or a pair of integers (each ≥ `min`) as a pair, else a ValueError (as {@link checkNumber}). @internal */
export function checkIntPair(op: string, where: string, name: string, value: unknown, min: number): [number, number] {
  const p = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2) {
    throw new ValueError(op, `${where}: invalid ${name} ${showValue(value)}; expected an integer or a pair of integers`, { [name]: value });
  }
  return [checkInteger(op, where, name, p[0], min), checkInteger(op, where, name, p[1], min)];
}
