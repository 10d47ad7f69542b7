// arbBroadcastShapes, the fast-check arbitrary for tuples of shapes that broadcast together;
// one arbitrary per file.
import * as fc from "fast-check";
import { type ArbShapeOptions, ARB_SHAPE_KEYS, shapeBounds, shapeFromBounds } from "./arb-shape.js";
import { checkInteger, checkOptions } from "@tsgrad/ndarray/internal";

/**
 * A tuple of `N` shapes (`number[][]` when `N` is not a literal).
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { type ShapeTuple, arbBroadcastShapes } from "@tsgrad/testing";
 * const [pair]: ShapeTuple<2>[] = fc.sample(arbBroadcastShapes(2), { numRuns: 1, seed: 0 });
 * const [a, b] = pair!; // two shapes that broadcast together
 * ```
 * @category Arbitraries
 */
export type ShapeTuple<N extends number, Acc extends number[][] = []> = number extends N
  ? number[][]
  : Acc["length"] extends N
    ? Acc
    : ShapeTuple<N, [...Acc, number[]]>;

function operandShape(full: readonly number[]): fc.Arbitrary<number[]> {
  const rank = full.length;
  // Mostly full rank; sometimes leading axes dropped. An axis becomes 1 a quarter of the time.
  const dropped = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: rank }), weight: 1 });
  const ones = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: rank, maxLength: rank });
  return fc.tuple(dropped, ones).map(([drop, flags]) => full.slice(drop).map((d, i) => (flags[i + drop] === 3 ? 1 : d)));
}

/**
 * A fast-check arbitrary of `n` shapes that broadcast together under NumPy's rules.
 *
 * A common result shape is drawn with the shape options; each operand takes its
 * trailing axes (sometimes dropping leading ones) and turns some axes into 1. Shrinks
 * towards equal shapes.
 *
 * @param n - how many shapes (≥ 1)
 * @param opts - bounds of the broadcast shape: `minRank`, `maxRank`, `minSize`, `maxSize`, `maxElements`
 * @returns the arbitrary of `n`-tuples of shapes
 * @throws ValueError when `n` is not a positive integer or the bounds contradict
 * @example
 * ```ts
 * import { test } from "@tsgrad/testing/vitest";
 * import { arbBroadcastShapes } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * test.prop([arbBroadcastShapes(2, { maxRank: 3 })])("shapes broadcast", ([a, b]) => {
 *   tg.zeros(a).add(tg.zeros(b)); // never throws
 * });
 * ```
 * @category Arbitraries
 */
export function arbBroadcastShapes<N extends number>(n: N, opts: ArbShapeOptions = {}): fc.Arbitrary<ShapeTuple<N>> {
  checkInteger("arbBroadcastShapes", "arguments", "n", n, 1);
  const full = shapeFromBounds(shapeBounds("arbBroadcastShapes", checkOptions("arbBroadcastShapes", opts, ARB_SHAPE_KEYS)));
  return full.chain((shape) => fc.tuple(...Array.from({ length: n }, () => operandShape(shape)))) as fc.Arbitrary<ShapeTuple<N>>;
}
