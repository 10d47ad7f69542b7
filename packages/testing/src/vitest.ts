/**
 * `@tsgrad/testing/vitest`: property tests as vitest tests. `test.prop(arbitraries,
 * params)(name, predicate)` registers a vitest test that runs `fc.assert` over the
 * predicate — the same surface as `@fast-check/vitest`'s `test.prop`, without its
 * start-up cost (building every chain of vitest's test modifiers takes seconds per
 * test file with vitest 4). The run count and seed come from `fc.configureGlobal`
 * unless `params` says otherwise; a failure reports fast-check's seed and path.
 *
 * @module vitest
 */
import * as fc from "fast-check";
import { it as vitestIt, test as vitestTest } from "vitest";

export { fc };

/**
 * Registers a property as a test: `prop(arbitraries, params)(name, predicate, timeout?)`.
 * The predicate may return a promise; it fails by throwing (e.g. a failed `expect`) or
 * by returning `false`.
 * @example
 * ```ts
 * import { type PropBuilder, test, fc } from "@tsgrad/testing/vitest";
 * const prop: PropBuilder = test.prop;
 * prop([fc.integer(), fc.integer()], { numRuns: 20 })("addition commutes", (a, b) => a + b === b + a);
 * ```
 * @category Property tests
 */
export type PropBuilder = <Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  params?: fc.Parameters<Ts>,
) => (name: string, predicate: (...args: Ts) => unknown, timeout?: number) => void;

/**
 * vitest's `test` (or `it`) with a `prop` method.
 * @example
 * ```ts
 * import { type TestWithProp, it, fc } from "@tsgrad/testing/vitest";
 * const property: TestWithProp = it;
 * property.prop([fc.nat()])("a natural number is not negative", (n) => n >= 0);
 * ```
 * @category Property tests
 */
export type TestWithProp = typeof vitestTest & {
  /** Registers a property test: `prop(arbitraries, params)(name, predicate)`. */
  prop: PropBuilder;
};

/** Parameters for the tuple property: `examples` are already tuples, wrapped once more. */
function toTupleParams(params: fc.Parameters<unknown[]> | undefined): fc.Parameters<[unknown[]]> | undefined {
  if (params === undefined) return undefined;
  const { examples, ...rest } = params;
  return examples === undefined ? (rest as fc.Parameters<[unknown[]]>) : { ...(rest as fc.Parameters<[unknown[]]>), examples: examples.map((e) => [e]) };
}

function withProp(base: typeof vitestTest): TestWithProp {
  const prop: PropBuilder =
    (arbitraries, params) =>
    (name, predicate, timeout) => {
      base(
        name,
        async () => {
          // One tuple arbitrary carries all the values, so any number of arbitraries fits one signature.
          const all = fc.tuple(...(arbitraries as fc.Arbitrary<unknown>[]));
          const property = fc.asyncProperty(all, async (args) => {
            const r = await (predicate as (...a: unknown[]) => unknown)(...args);
            if (r === false) throw new Error("the predicate returned false");
          });
          await fc.assert(property, toTupleParams(params as fc.Parameters<unknown[]> | undefined));
        },
        timeout,
      );
    };
  // A new function object, so vitest's own `test` is never modified.
  const wrapped = ((...args: Parameters<typeof vitestTest>) => base(...args)) as unknown as TestWithProp;
  return Object.assign(wrapped, { prop, each: base.each, skipIf: base.skipIf, runIf: base.runIf, concurrent: base.concurrent });
}

/**
 * vitest's `test` with `test.prop(arbitraries, params)(name, predicate)`.
 *
 * @example
 * ```ts
 * import { test, fc } from "@tsgrad/testing/vitest";
 * import { arbTensor } from "@tsgrad/testing";
 *
 * test.prop([arbTensor({ shape: [3] })], { numRuns: 50 })("x + 0 = x", (x) => {
 *   return x.add(0).toArray().toString() === x.toArray().toString();
 * });
 * ```
 * @category Property tests
 */
export const test: TestWithProp = withProp(vitestTest);

/**
 * vitest's `it` with `it.prop(arbitraries, params)(name, predicate)`.
 *
 * @example
 * ```ts
 * import { it, fc } from "@tsgrad/testing/vitest";
 * it.prop([fc.integer()], { numRuns: 20 })("n + 0 = n", (n) => n + 0 === n);
 * ```
 * @category Property tests
 */
export const it: TestWithProp = withProp(vitestIt);
