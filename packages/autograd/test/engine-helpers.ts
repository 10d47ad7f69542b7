// Test helpers of the engine suite: small fast-check arbitraries (shapes, broadcastable
// shape pairs, seeds for values) and plain-JavaScript references for broadcasting, so
// expected gradients are computed without the code under test.
import { fc } from "@tsgrad/testing/vitest";
import { expect } from "vitest";
import type { NestedArray } from "@tsgrad/ndarray";

/** A shape of rank `minRank..maxRank` with every dimension in `1..maxDim`. */
export function arbShape({ minRank = 0, maxRank = 4, maxDim = 4 } = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/** A shape that broadcasts to `out`: some leading axes dropped, some others set to 1. */
function arbOperandShape(out: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
}

/** Two shapes that broadcast together, with the shape they broadcast to. */
export function arbBroadcastPair({ maxRank = 4, maxDim = 4 } = {}): fc.Arbitrary<{ a: number[]; b: number[]; out: number[] }> {
  return arbShape({ maxRank, maxDim }).chain((out) =>
    fc.tuple(arbOperandShape(out), arbOperandShape(out)).map(([a, b]) => ({ a, b, out: broadcastShape(a, b) })),
  );
}

/** A seed for `randn`/`rand`, so values are drawn reproducibly from a fast-check case. */
export const arbSeed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** NumPy's broadcast of two shapes (assumed compatible). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    out.push(Math.max(da, db));
  }
  return out;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** For every flat index of `out`, the flat index of the element of `shape` broadcast there. */
export function broadcastIndexMap(shape: readonly number[], out: readonly number[]): number[] {
  const lead = out.length - shape.length;
  const map: number[] = [];
  const index = new Array<number>(out.length).fill(0);
  for (let flat = 0; flat < sizeOf(out); flat++) {
    let source = 0;
    for (let i = 0; i < shape.length; i++) source = source * shape[i]! + (shape[i] === 1 ? 0 : index[i + lead]!);
    map.push(source);
    for (let k = out.length - 1; k >= 0; k--) {
      index[k]!++;
      if (index[k]! < out[k]!) break;
      index[k] = 0;
    }
  }
  return map;
}

/** Sums `g` (flat, shape `out`) back to `shape`: the reference un-broadcast. */
export function unbroadcastRef(g: ArrayLike<number>, out: readonly number[], shape: readonly number[]): number[] {
  const result = new Array<number>(sizeOf(shape)).fill(0);
  broadcastIndexMap(shape, out).forEach((source, flat) => {
    result[source]! += g[flat]!;
  });
  return result;
}

/** Flattens nested arrays (or a number) into a flat list. */
export function flat(x: NestedArray | number): number[] {
  return typeof x === "number" ? [x] : (x as unknown[]).flat(Infinity as 1) as number[];
}

/** Elementwise |actual − expected| ≤ atol + rtol·|expected|, with a readable failure. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { rtol = 1e-9, atol = 1e-12 } = {}): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
