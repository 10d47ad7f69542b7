// What the unknown-option tests of nn and data share: the table entry of a call taking options,
// random unknown keys, and the refusal check (nothing changed, the call named).
import { expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { type TsgradError, ValueError } from "@tsgrad/ndarray";
import { expectTypedError, snapshot } from "../../ndarray/test/robustness-helpers.js";
import { UNKNOWN_SPELLINGS, withKey } from "../../ndarray/test/option-params.js";

/**
 * One public call that takes an options object. `setup` builds fresh arguments (modules,
 * tensors, optimizers) for each run and returns the call, given the options to pass, and
 * what to observe: everything the call could change, compared before and after a refusal.
 */
export interface OptionsCall {
  /** How the call is found among the exports: `Linear`, `init.uniform`, `Module#loadStateDict`, `Embedding.fromPretrained`. */
  id: string;
  /** The public name the error's message starts with (docs/guarantees.md, "Every public call names itself"). */
  name: string;
  /** Every option name the call takes. */
  known: readonly string[];
  /** A misspelling users make (PyTorch's snake_case, a typo). */
  misspelt: string;
  /** Options of a valid call (often `{}`), extended with the unknown key. */
  valid?: Record<string, unknown>;
  /** The message fragment for an unknown key (default `unknown option "<key>"`); optimizers say "unknown hyper-parameter". */
  refusal?: (key: string) => string;
  setup: () => { call: (options: Record<string, unknown>) => unknown; observe: () => unknown };
}

/** A key that is not one of `known`: a common misspelling or any string. */
export function arbUnknownKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(fc.constantFrom(...UNKNOWN_SPELLINGS), fc.stringMatching(/^[a-z][A-Za-z_]{0,12}$/), fc.string({ maxLength: 8 }))
    .filter((k) => !known.includes(k));
}

/** A value for an unknown key: it is refused whatever it is, `undefined` included. */
export const arbOptionValue: fc.Arbitrary<unknown> = fc.constantFrom(1, 0, true, false, "x", null, undefined, {}, [1]);

/** The valid call of `entry` succeeds (an asynchronous call resolves). */
export async function expectAccepted(entry: OptionsCall): Promise<void> {
  const { call } = entry.setup();
  await call({ ...(entry.valid ?? {}) });
}

/**
 * The call of `entry` with the unknown `key` added to its valid options throws (an
 * asynchronous call rejects with) a ValueError whose message starts with the public name and
 * names the key, and leaves everything it could change as it was; returns the error.
 */
export async function expectUnknownRefused(entry: OptionsCall, key: string, value: unknown = 1): Promise<TsgradError> {
  const { call, observe } = entry.setup();
  const before = snapshot(observe());
  const fragment = entry.refusal?.(key) ?? `unknown option ${JSON.stringify(key)}`;
  let outcome: { error: unknown } | { result: unknown };
  try {
    outcome = { result: await call(withKey(entry.valid ?? {}, key, value)) };
  } catch (error) {
    outcome = { error };
  }
  const e = expectTypedError(
    () => {
      if ("error" in outcome) throw outcome.error;
      return outcome.result;
    },
    { type: ValueError, op: entry.name, mentions: [fragment] },
  );
  expect(snapshot(observe()), `${entry.id}: nothing may change when an option is refused`).toEqual(before);
  return e;
}

/** The refusal lists exactly the entry's option names (so the table and the code agree). */
export function expectKnownListed(entry: OptionsCall, e: TsgradError): void {
  if (entry.refusal !== undefined) return;
  expect([...(e.details["known"] as string[])].sort(), `${entry.id}: the option names it takes`).toEqual([...entry.known].sort());
}

/**
 * The tests of a table: each entry's valid call works, and its misspelling (listing exactly the
 * entry's option names) and "notAnOption" are refused; then, over `runs` runs, random unknown
 * keys with random values are refused by random entries.
 */
export function testOptionsCalls(entries: readonly OptionsCall[], runs: number): void {
  for (const entry of entries) {
    it(`${entry.id}: a valid call works; "${entry.misspelt}" and "notAnOption" are refused, naming ${entry.name}`, async () => {
      await expectAccepted(entry);
      expectKnownListed(entry, await expectUnknownRefused(entry, entry.misspelt, false));
      await expectUnknownRefused(entry, "notAnOption", 1);
    });
  }

  test.prop([fc.constantFrom(...entries).chain((e) => fc.tuple(fc.constant(e), arbUnknownKey(e.known), arbOptionValue))], { numRuns: runs })(
    "a random unknown key, with any value, is refused by a random call, which changes nothing",
    async ([entry, key, value]) => {
      await expectUnknownRefused(entry, key, value);
    },
  );
}
