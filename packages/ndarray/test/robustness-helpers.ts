// Shared by the robustness suites (tensor, autograd, nn): bad input must give a typed
// error (a TsgradError carrying `op` and `details`, whose message names the op and the
// shapes) and leave every object as it was. Nothing here imports past @tsgrad/ndarray:
// snapshots walk any object's own properties, so Tensors, Modules and Optimizers are
// compared without this file knowing their classes.
import { expect } from "vitest";
import { fc } from "@tsgrad/testing/vitest";
import { NDArray, TsgradError } from "@tsgrad/ndarray";

type ErrorClass = abstract new (...args: never[]) => TsgradError;

/** What a refused input must produce. */
export interface ExpectedError {
  /** The error class (TsgradError or a subclass). */
  type: ErrorClass;
  /** The op named by `e.op` and at the start of the message. */
  op: string;
  /** Fragments the message must contain (shapes, axes, values). */
  mentions?: readonly string[];
}

/** A shape as messages print it: `[2, 3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Runs `fn`, which must throw `expected.type` from `expected.op`: a TsgradError with a
 * `details` record and a message `"<op>: …"` holding every mention — never a TypeError or
 * RangeError from inside the library, never a silent result.
 */
export function expectTypedError(fn: () => unknown, expected: ExpectedError): TsgradError {
  let caught: unknown = undefined;
  let returned: unknown = undefined;
  try {
    returned = fn();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) throw new Error(`expected ${expected.type.name} from ${expected.op}, but the call returned ${describe(returned)}`);
  if (!(caught instanceof TsgradError)) {
    const e = caught as Error;
    throw new Error(`expected ${expected.type.name} from ${expected.op}, got a crash: ${e?.constructor?.name}: ${e?.message}\n${e?.stack ?? ""}`);
  }
  expect(caught, caught.message).toBeInstanceOf(expected.type);
  expect(caught.op).toBe(expected.op);
  expect(caught.message.startsWith(`${expected.op}: `), caught.message).toBe(true);
  expect(typeof caught.details).toBe("object");
  expect(caught.details).not.toBeNull();
  for (const m of expected.mentions ?? []) expect(caught.message, `the message should mention ${m}`).toContain(m);
  return caught;
}

function describe(x: unknown): string {
  if (x instanceof NDArray) return `an NDArray of shape ${fmt(x.shape)}`;
  if (x === null || typeof x !== "object") return String(x);
  return `an instance of ${(x as object).constructor?.name ?? "Object"}`;
}

/**
 * A deep, comparable copy of a value: tensors by dtype, shape, strides, offset and every
 * element of their storage; other objects by their own properties (private fields
 * included), Maps by entries; functions by name; cycles by reference to the first visit.
 * Two snapshots are equal exactly when nothing observable changed.
 */
export function snapshot(value: unknown): unknown {
  const seen = new Map<object, number>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "function") return `function ${v.name}`;
    if (v === null || typeof v !== "object") return typeof v === "number" && Number.isNaN(v) ? "NaN" : v;
    const id = seen.get(v);
    if (id !== undefined) return { ref: id };
    seen.set(v, seen.size);
    if (v instanceof NDArray) {
      return { tensor: v.dtype, shape: [...v.shape], strides: [...v.strides], offset: v.offset, storage: Array.from(v.storage, (x) => (Number.isNaN(x) ? "NaN" : x)) };
    }
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    if (v instanceof Map) return { map: [...v.entries()].map(([k, x]) => [walk(k), walk(x)]) };
    if (v instanceof Set) return { set: [...v].map(walk) };
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = { class: (v as object).constructor?.name };
    for (const key of Object.getOwnPropertyNames(v)) out[key] = walk((v as Record<string, unknown>)[key]);
    return out;
  };
  return walk(value);
}

/** Asserts that `values` are as `before` (a {@link snapshot} of them) says. */
export function expectUnchanged(before: unknown, values: unknown, what = "the arguments"): void {
  expect(snapshot(values), `${what} must be left as they were`).toEqual(before);
}

/**
 * Runs `fn` on `subjects`, expecting the error, and checks that the subjects are unchanged.
 */
export function expectRefused(subjects: unknown, fn: () => unknown, expected: ExpectedError): TsgradError {
  const before = snapshot(subjects);
  const e = expectTypedError(fn, expected);
  expectUnchanged(before, subjects);
  return e;
}

// ---------------------------------------------------------------------------------------
// arbitraries of bad input

/** A small shape: rank `minRank..maxRank`, sizes 1..4. */
export function arbSmallShape(minRank = 0, maxRank = 3, minSize = 1): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minSize, max: 4 }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Two shapes that do not broadcast: right-aligned, at one axis the sizes differ and
 * neither is 1; the axes to the right of it broadcast, those to the left are arbitrary.
 */
export const arbNonBroadcastingShapes: fc.Arbitrary<[number[], number[]]> = fc
  .record({
    leadA: arbSmallShape(0, 2),
    leadB: arbSmallShape(0, 2),
    sizes: fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).filter(([a, b]) => a !== b),
    tail: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 })), { maxLength: 2 }),
    zeroA: fc.boolean(),
  })
  .map(({ leadA, leadB, sizes: [sa, sb], tail, zeroA }) => {
    // tail entries: [size, mode] with mode 0 = same size, 1 = 1 on the left, 2 = 1 on the right
    const tailA = tail.map(([d, m]) => (m === 1 ? 1 : d));
    const tailB = tail.map(([d, m]) => (m === 2 ? 1 : d));
    // An empty operand must still be refused: 0 against a size ≥ 2 does not broadcast.
    return [[...leadA, zeroA ? 0 : sa, ...tailA], [...leadB, sb, ...tailB]];
  });

/** An axis that is out of range for rank `ndim`, or not an integer. */
export function arbBadAxis(ndim: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: ndim, max: ndim + 3 }),
    fc.integer({ min: -ndim - 4, max: -ndim - 1 }),
    fc.constantFrom(0.5, -1.5, NaN, Infinity, -Infinity),
  );
}

/** Values of the wrong kind where an NDArray (or a number, or a list) belongs. */
export const arbWrongKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, "x", "float32", {}, { shape: [2] }, () => 0, Symbol("s")),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

/** A float tensor of `shape` with values in [-3, 3] (exact in float32). */
export function arbFloatTensor(shape: readonly number[], dtype: "float32" | "float64" = "float32"): fc.Arbitrary<NDArray> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.integer({ min: -48, max: 48 }), { minLength: n, maxLength: n })
    .map((xs) => new NDArray(dtype === "float32" ? Float32Array.from(xs, (x) => x / 16) : Float64Array.from(xs, (x) => x / 16), shape));
}

/** A shape with at least one axis of size 0 (rank 1..3). */
export const arbEmptyShape: fc.Arbitrary<number[]> = fc
  .tuple(arbSmallShape(1, 3), fc.nat())
  .map(([s, i]) => {
    const out = s.slice();
    out[i % out.length] = 0;
    return out;
  });
