// What the unknown-option tests of ndarray, autograd and testing share: a table row per public
// call that takes an options object, random unknown keys, and the suite that checks the table
// is complete and each row accepts its options and refuses any other.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { type TsgradError, ValueError } from "@tsgrad/ndarray";
import { expectTypedError, snapshot } from "./robustness-helpers.js";
// Which exports take options (read from their parameter lists), the common misspellings and
// adding a key: written once for every package's unknown-option tests.
import { UNKNOWN_SPELLINGS, optionsCallables, withKey } from "./option-params.js";

/** One public call that takes an options object. */
export interface OptionsCall {
  /** How the call is found among the exports: `sum`, `TensorBase` (its constructor), `Tensor#backward`; or a label for a form. */
  id: string;
  /** The public name the error's message starts with (docs/guarantees.md, "Every public call names itself"). */
  name: string;
  /** Every option name the call takes. */
  known: readonly string[];
  /** A misspelling users make (PyTorch's snake_case, a typo). */
  misspelt: string;
  /** Options of a valid call, extended with the unknown key. */
  valid: Record<string, unknown>;
  /** Fresh arguments for one run: the call, given the options, and what it must leave unchanged when it refuses. */
  setup: () => { call: (options: Record<string, unknown>) => unknown; observe: () => unknown };
}

/**
 * A table row whose arguments `make` builds afresh for each run; the call only reads them,
 * so they are what a refusal must leave as it was.
 */
export function optionsRow<A>(
  id: string,
  known: readonly string[],
  misspelt: string,
  valid: Record<string, unknown>,
  make: () => A,
  call: (args: A, options: never) => unknown,
  name = id,
): OptionsCall {
  return {
    id,
    name,
    known,
    misspelt,
    valid,
    setup: () => {
      const args = make();
      return { call: (o) => call(args, o as never), observe: () => args };
    },
  };
}

/** Unknown option names people write beside nn's: the core's PyTorch and NumPy keywords, more of Object's own names. */
const SPELLINGS = [
  ...UNKNOWN_SPELLINGS,
  "keep_dims",
  "dim",
  "create_graph",
  "retain_graph",
  "allow_unused",
  "kernel_size",
  "count_include_pad",
  "padding_mode",
  "equal_nan",
  "unbiased",
  "ddof",
  "out",
  "Dtype",
  "valueOf",
  "__defineGetter__",
];

/** A key that is not one of `known`: a common misspelling or any string. */
function arbUnknownKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(fc.constantFrom(...SPELLINGS), fc.stringMatching(/^[a-z][A-Za-z_]{0,12}$/), fc.string({ maxLength: 8 }))
    .filter((k) => !known.includes(k));
}

/** A value for an unknown key: it is refused whatever it is, `undefined` included. */
const arbOptionValue: fc.Arbitrary<unknown> = fc.constantFrom(1, 0, true, false, "x", null, undefined, {}, [1]);

/**
 * The call of `entry` with `key` added to its valid options throws a ValueError whose message
 * starts with the public name and names the key, and leaves its arguments as they were.
 */
function expectUnknownRefused(entry: OptionsCall, key: string, value: unknown): TsgradError {
  const { call, observe } = entry.setup();
  const before = snapshot(observe());
  const e = expectTypedError(() => call(withKey(entry.valid, key, value)), {
    type: ValueError,
    op: entry.name,
    mentions: [`unknown option ${JSON.stringify(key)}`],
  });
  expect(snapshot(observe()), `${entry.id}: nothing may change when an option is refused`).toEqual(before);
  return e;
}

/**
 * The suite for one package: the table has a row for every export of `namespace` that takes
 * options; each row's valid call works and its misspelling is refused, listing exactly the
 * row's option names; and (fast-check, `runs` runs) random unknown keys with random values are
 * refused by random rows.
 */
export function describeUnknownOptions(title: string, namespace: object, calls: readonly OptionsCall[], runs = 100): void {
  describe(title, () => {
    it("the table has every export that takes an options object", () => {
      const ids = new Set(calls.map((c) => c.id));
      expect(optionsCallables(namespace as Record<string, unknown>).filter((id) => !ids.has(id))).toEqual([]);
    });

    for (const entry of calls) {
      it(`${entry.id}: accepts its options and refuses ${JSON.stringify(entry.misspelt)}, naming ${entry.name}`, () => {
        const { call } = entry.setup();
        expect(() => call({ ...entry.valid })).not.toThrow();
        const e = expectUnknownRefused(entry, entry.misspelt, true);
        expect([...(e.details["known"] as string[])].sort(), `${entry.id}: the option names it takes`).toEqual([...entry.known].sort());
      });
    }

    test.prop(
      [
        fc
          .integer({ min: 0, max: calls.length - 1 })
          .chain((i) => fc.tuple(fc.constant(calls[i]!), arbUnknownKey(calls[i]!.known), arbOptionValue)),
      ],
      { numRuns: runs },
    )("any other key is refused, whatever its value, and the arguments stay as they were", ([entry, key, value]) => {
      expectUnknownRefused(entry, key, value);
    });
  });
}
