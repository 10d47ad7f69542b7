// Shared fast-check configuration, loaded twice by vitest.config.ts:
// - as a setup file: its top level runs in every test worker before the test files, so every
//   property in the repository runs a fixed number of cases from one logged seed;
// - as a global setup: its `setup` export runs once in the main process and prints that seed.
// Replay a failing run with the printed seed: FC_SEED=<seed> npx vitest run
//
// `test.prop` (@tsgrad/testing/vitest) runs fc.assert from this same fast-check module, so the
// configuration reaches every property; packages/ndarray/test/creation-random-format.test.ts
// checks that it does.
import * as fc from "fast-check";

const raw = process.env.FC_SEED ?? "20261126";
const seed = Number(raw);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);

fc.configureGlobal({ seed, numRuns: 100 });

/** Global-setup hook: prints the seed once per vitest run. */
export function setup(): void {
  console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed})`);
}
