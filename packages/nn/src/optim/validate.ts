import { ValueError } from "@tsgrad/ndarray";

// Validators of hyper-parameters and loaded state. Each throws a ValueError naming the
// optimizer or scheduler (`op`), where the value came from and what was expected.

/** Throws unless `value` is a finite number within `[min, max]` (bounds inclusive unless told). @internal */
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
    throw new ValueError(op, `${where}: invalid ${name} ${describe(value)}; expected a finite number with ${expected}`, { [name]: value });
  }
  return value as number;
}

/** Throws unless `value` is an integer within `[min, ∞)`. @internal */
export function checkInteger(op: string, where: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ValueError(op, `${where}: invalid ${name} ${describe(value)}; expected an integer ≥ ${min}`, { [name]: value });
  }
  return value;
}

/** Throws unless `value` is a boolean. @internal */
export function checkBoolean(op: string, where: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new ValueError(op, `${where}: invalid ${name} ${describe(value)}; expected true or false`, { [name]: value });
  }
  return value;
}

/** Throws unless `value` is a pair of numbers, each in `[0, 1)`. @internal */
export function checkBetas(op: string, where: string, value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ValueError(op, `${where}: invalid betas ${describe(value)}; expected a pair [beta1, beta2]`, { betas: value });
  }
  checkNumber(op, where, "betas[0]", value[0], { min: 0, max: 1, maxExclusive: true });
  checkNumber(op, where, "betas[1]", value[1], { min: 0, max: 1, maxExclusive: true });
  return value as unknown as readonly [number, number];
}

/** A short printable form of an arbitrary value for messages. @internal */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (value !== null && typeof value === "object") return `(${value.constructor?.name ?? "object"})`;
  return String(value);
}

/** Whether `value` is a plain object (a record), not an array, class instance or null. @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
