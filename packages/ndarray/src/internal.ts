// The helpers every tsgrad package uses to check arguments and word its error messages (shapes,
// values, numbers, records, axes), kept once here; published as `@tsgrad/ndarray/internal`.
/**
 * `@tsgrad/ndarray/internal`: argument checks and message formatting shared by all tsgrad
 * packages, so each helper exists once and every error reads alike. Not public API: it may
 * change in any release, and the API documentation leaves it out.
 *
 * @internal
 * @packageDocumentation
 */
import { AxisError, DTypeError, ShapeError, TsgradError, ValueError } from "./errors.js";

// The one checked allocator, for every package that sizes a buffer from user data.
export { allocate, allocateBytes } from "./allocate.js";
// The option names of the core's options types, for every call that checks them (checkOptions).
export * from "./option-keys.js";

/** Formats a shape (or any list of integers, such as an index) for messages: `[2, 3]`. @internal */
export function fmtShape(shape: readonly number[]): string {
  return Array.isArray(shape) ? `[${shape.map(showValue).join(", ")}]` : showValue(shape);
}

/** `a` or `an` before a class name: `an NDArray`, `a Tensor`, `an Int32Array`, `a Uint8Array`. */
function article(name: string): string {
  return /^(ND|[AEIO]|U(?!int|ni|se|s))/.test(name) ? "an" : "a";
}

/**
 * What kind of value `value` is, for "got …" in messages: `null`, `undefined`, `an array`,
 * `an object`, `a function`, `an NDArray`, `a Tensor`, `number 5`, `string "no"`. An array is
 * followed by `arrayHint` in parentheses when given (how to convert it). @internal
 */
export function describeValue(value: unknown, arrayHint?: string): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return arrayHint === undefined ? "an array" : `an array (${arrayHint})`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    if (isRecord(value)) return "an object";
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? `${article(name)} ${name}` : "an object";
  }
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "bigint") return `bigint ${String(value)}n`;
  return `${typeof value} ${String(value)}`;
}

/** A value written out for "invalid … <value>" in messages: `1.5`, `"no"`, `[0.9, 2]`, `(Tensor)`. @internal */
export function showValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${String(value)}n (a BigInt)`;
  if (Array.isArray(value)) return `[${value.map(showValue).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return `(${typeof name === "string" && name !== "" ? name : "object"})`;
  }
  return String(value);
}

/** Whether `value` is a plain object (a record), not an array, class instance or null. @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Bounds for {@link checkNumber}: inclusive unless told. @internal */
export interface NumberRange {
  /** Lower bound. */
  min?: number;
  /** Upper bound. */
  max?: number;
  /** Whether `min` itself is refused. */
  minExclusive?: boolean;
  /** Whether `max` itself is refused. */
  maxExclusive?: boolean;
}

/** `<where>: invalid <name> <value>; expected <expected>` as a ValueError naming `op`. */
function invalid(op: string, where: string, name: string, value: unknown, expected: string): ValueError {
  const prefix = where === "" ? "" : `${where}: `;
  return new ValueError(op, `${prefix}invalid ${name} ${showValue(value)}; expected ${expected}`, { [name]: value });
}

/**
 * Throws a ValueError naming `op`, `where` the value came from (`"options"`, `"arguments"`,
 * `"parameter group 1"`, …; `""` for nowhere in particular) and `name` unless `value` is a
 * finite number within `range`; returns it. @internal
 */
export function checkNumber(op: string, where: string, name: string, value: unknown, range: NumberRange = {}): number {
  const { min, max, minExclusive = false, maxExclusive = false } = range;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    const lo = min === undefined ? "" : `${name} ${minExclusive ? ">" : "≥"} ${min}`;
    const hi = max === undefined ? "" : `${name} ${maxExclusive ? "<" : "≤"} ${max}`;
    const bounds = [lo, hi].filter((s) => s !== "").join(" and ");
    throw invalid(op, where, name, value, bounds === "" ? "a finite number" : `a finite number with ${bounds}`);
  }
  return value as number;
}

/**
 * `value`, or `fallback` when it is undefined — and only then: an option given as `null` stays
 * `null`, so the check that follows refuses it instead of taking the default. @internal
 */
export function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** Throws a ValueError (as {@link checkNumber}) unless `value` is an integer ≥ `min` (any integer without `min`); returns it. @internal */
export function checkInteger(op: string, where: string, name: string, value: unknown, min?: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || (min !== undefined && value < min)) {
    throw invalid(op, where, name, value, min === undefined ? "an integer" : `an integer ≥ ${min}`);
  }
  return value;
}

/**
 * The option names an options type allows, each marked `true`: written as an object literal
 * typed `OptionKeys<SomeOptions>`, TypeScript checks that it lists every key of the type and
 * nothing else, so the run-time list cannot drift from the type. @internal
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Throws a ValueError naming `op` unless `options` is undefined or a plain object (a record)
 * whose every key is one of `known`; returns it, `{}` for undefined. An options argument of
 * the wrong kind (`null`, a number, an array) is refused before any of its fields is read,
 * and a misspelt option (`keepdim`, `requires_grad`, `weightdecay`) is refused rather than
 * silently ignored, with the nearest known name suggested. @internal
 */
export function checkOptions<T extends object>(op: string, options: T | undefined, known: OptionKeys<T>): T {
  if (options === undefined) return {} as T;
  if (!isRecord(options)) throw new ValueError(op, `options must be an object, got ${describeValue(options)}`, {});
  for (const key of Object.keys(options)) {
    if (!Object.prototype.hasOwnProperty.call(known, key)) throw unknownOption(op, key, Object.keys(known));
  }
  return options;
}

/** The ValueError for an option name that `op` does not take, suggesting the nearest one it does. @internal */
export function unknownOption(op: string, key: string, known: readonly string[]): ValueError {
  const near = nearestName(key, known);
  const expected = known.length === 0 ? "it takes no options" : `expected one of ${known.join(", ")}`;
  return new ValueError(op, `options: unknown option ${JSON.stringify(key)}; ${expected}${near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`}`, {
    option: key,
    known: [...known],
  });
}

/** The name of `known` closest to `name` — same letters ignoring case and `_`, or at most 2 edits away — if any. */
function nearestName(name: string, known: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/_/g, "");
  const exact = known.find((k) => fold(k) === fold(name));
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(fold(name), fold(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Throws a ValueError naming `op` unless `value` is a shape: an array of non-negative
 * integers. `name` says which argument it is (`"shape"`, `"inputShape"`). @internal
 */
export function checkShape(op: string, name: string, value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0)) {
    throw new ValueError(op, `invalid ${name} ${showValue(value)}; expected an array of non-negative integers`, { [name]: value });
  }
  checkSafeSize(op, value as number[]);
  return value as number[];
}

/**
 * Refuses a shape whose element count is not an exact safe integer (a size, or the product of
 * the sizes, above `Number.MAX_SAFE_INTEGER` = 2^53 - 1) with a ValueError naming `op`: a view
 * may be larger than MAX_ELEMENTS, but its size must still be counted exactly. @internal
 */
export function checkSafeSize(op: string, shape: readonly number[]): void {
  let n = 1;
  let big = false;
  for (const d of shape) {
    if (d > Number.MAX_SAFE_INTEGER) big = true;
    n *= d;
  }
  if (big || n > Number.MAX_SAFE_INTEGER) {
    throw new ValueError(op, `shape ${fmtShape(shape)} has more than 2^53 - 1 elements (Number.MAX_SAFE_INTEGER); its size cannot be counted exactly`, {
      shape: shape.slice(),
    });
  }
}

const RENAMEABLE = new Set<unknown>([TsgradError, ShapeError, AxisError, DTypeError, ValueError]);

/**
 * Runs `fn`, the body of the public call `op` built on other calls; an error one of them
 * raises under its own name is raised again under `op`, the inner name kept after it
 * (`maxPool2d: maxPool2dWithIndices: …`), same class and details, so every error of a
 * public call starts with that call's name. @internal
 */
export function underName<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TsgradError && e.op !== op && RENAMEABLE.has(e.constructor)) {
      const C = e.constructor as new (op: string, message: string, details: Record<string, unknown>) => TsgradError;
      throw new C(op, e.message, { ...e.details });
    }
    throw e;
  }
}

/** Throws a ValueError (as {@link checkNumber}) unless `value` is a boolean; returns it. @internal */
export function checkBoolean(op: string, where: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw invalid(op, where, name, value, "true or false");
  return value;
}

/**
 * Throws a ValueError (as {@link checkNumber}) unless `value` is an integer ≥ `min` or a pair of
 * them (`[height, width]`); returns the pair. @internal
 */
export function checkIntPair(op: string, where: string, name: string, value: unknown, min: number): [number, number] {
  const p: unknown = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === "number" && Number.isInteger(v) && v >= min)) {
    const count = Array.isArray(p) && p.length !== 2 ? ` (got ${p.length} element${p.length === 1 ? "" : "s"}, not 2)` : "";
    throw invalid(op, where, name, value, `an integer ≥ ${min} or a pair [height, width] of them${count}`);
  }
  return [p[0] as number, p[1] as number];
}

/** What holds the axes, for messages: the core's NDArray or autograd's Tensor. @internal */
export type AxisHolder = "NDArray" | "Tensor";

/**
 * Normalises a possibly negative axis for an array of rank `ndim`; an AxisError names the
 * valid axes. @internal
 */
export function normalizeAxis(op: string, axis: number, ndim: number, holder: AxisHolder = "NDArray"): number {
  if (typeof axis !== "number") {
    throw new AxisError(op, `axis must be an integer, got ${describeValue(axis)}`, { axis: String(axis), ndim });
  }
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? "none (it is a scalar)" : `[${-ndim}, ${ndim - 1}]`;
    throw new AxisError(op, `axis ${axis} is out of range for ${article(holder)} ${holder} of rank ${ndim}; valid axes: ${range}`, {
      axis,
      ndim,
    });
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Normalises an axis spec (`undefined` = all axes, a number, or a list) to a sorted
 * list of distinct non-negative axes.
 * @internal
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, ndim: number, holder: AxisHolder = "NDArray"): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new AxisError(op, `axis must be an integer or a list of integers, got ${describeValue(axis)}`, { axis: String(axis), ndim });
  }
  const seen = new Set<number>();
  for (const a of list) {
    const n = normalizeAxis(op, a, ndim, holder);
    if (seen.has(n)) {
      throw new AxisError(op, `axis ${a} is repeated in ${JSON.stringify(list)}`, { axis: list, ndim });
    }
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}
