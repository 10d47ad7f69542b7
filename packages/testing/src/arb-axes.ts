// arbAxes, the fast-check arbitrary for axis arguments of reductions; one arbitrary per file.
import * as fc from "fast-check";
import { MAX_RANK, ValueError } from "@tsgrad/ndarray";
import { checkInteger, checkOptions } from "@tsgrad/ndarray/internal";

/**
 * An axis argument as reductions take it: one axis, a list of axes, or undefined for all.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { type AxisSpec, arbAxes } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * const [axis]: AxisSpec[] = fc.sample(arbAxes(3), { numRuns: 1, seed: 0 });
 * tg.ones([2, 3, 4]).sum({ axis }).size; // the product of the sizes kept
 * ```
 * @category Arbitraries
 */
export type AxisSpec = number | number[] | undefined;

/**
 * Options of {@link arbAxes}.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { type ArbAxesOptions, arbAxes } from "@tsgrad/testing";
 * const oneOrTwo: ArbAxesOptions = { minCount: 1, maxCount: 2 };
 * fc.sample(arbAxes(4, oneOrTwo), { numRuns: 3, seed: 0 }); // [[-4, -3], [-2], -1]
 * ```
 * @category Arbitraries
 */
export interface ArbAxesOptions {
  /** Fewest axes named (default 0). */
  minCount?: number;
  /** Most axes named (default: the rank). */
  maxCount?: number;
}

/**
 * A fast-check arbitrary of valid axis specs for a Tensor of rank `rank`: distinct
 * axes in any order, each written as `a` or `a − rank` (negative), as a list; a single
 * axis sometimes as a bare number; all axes sometimes as `undefined`.
 *
 * @param rank - the Tensor's rank
 * @param opts - `minCount`, `maxCount`: how many distinct axes
 * @returns the arbitrary
 * @throws ValueError for a negative rank or impossible counts
 * @example
 * ```ts
 * import { test, fc } from "@tsgrad/testing/vitest";
 * import { arbAxes, arbTensor } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * const arb = arbTensor({ maxRank: 3 }).chain((x) => fc.tuple(fc.constant(x), arbAxes(x.ndim)));
 * test.prop([arb])("sum accepts every axis spec", ([x, axis]) => {
 *   tg.sum(x, { axis });
 * });
 * ```
 * @category Arbitraries
 */
export function arbAxes(rank: number, opts: ArbAxesOptions = {}): fc.Arbitrary<AxisSpec> {
  opts = checkOptions("arbAxes", opts, { minCount: true, maxCount: true });
  const minCount = opts.minCount ?? 0;
  const maxCount = opts.maxCount ?? rank;
  checkInteger("arbAxes", "arguments", "rank", rank, 0);
  if (rank > MAX_RANK) throw new ValueError("arbAxes", `rank ${rank} is more than the maximum rank ${MAX_RANK}`, { rank });
  if (!Number.isInteger(minCount) || !Number.isInteger(maxCount) || minCount < 0 || minCount > maxCount || maxCount > rank) {
    throw new ValueError("arbAxes", `need integers 0 ≤ minCount ≤ maxCount ≤ rank ${rank}, got minCount ${minCount} and maxCount ${maxCount}`, {
      rank,
      minCount,
      maxCount,
    });
  }
  const axes = Array.from({ length: rank }, (_, i) => i);
  const lists = fc
    .shuffledSubarray(axes, { minLength: minCount, maxLength: maxCount })
    .chain((picked) => fc.tuple(fc.constant(picked), fc.array(fc.boolean(), { minLength: picked.length, maxLength: picked.length })))
    .map(([picked, negative]) => picked.map((a, i) => (negative[i] ? a - rank : a)));
  return lists.chain((list): fc.Arbitrary<AxisSpec> => {
    const forms: fc.Arbitrary<AxisSpec>[] = [fc.constant(list)];
    if (list.length === 1) forms.push(fc.constant(list[0]!));
    if (list.length === rank) forms.push(fc.constant(undefined));
    return forms.length === 1 ? forms[0]! : fc.oneof(...forms);
  });
}
