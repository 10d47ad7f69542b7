// Determinism: one seed gives a bit-identical loss sequence, twice in one process and in
// two fresh Node processes — through seeded initial weights, a random dataset, DataLoader
// shuffling, Dropout, BatchNorm and SGD with momentum (src/loss-sequence.ts).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bitPatterns, lossSequence } from "../src/loss-sequence.js";

const run = promisify(execFile);
const STEPS = 25;

async function inChildProcess(seed: number): Promise<string[]> {
  const child = fileURLToPath(new URL("./loss-sequence-child.mjs", import.meta.url));
  const { stdout } = await run(process.execPath, [child, String(seed), String(STEPS)], { timeout: 120_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as string[];
}

describe("the same seed gives bit-identical losses", () => {
  it("twice in one process; another seed gives other losses", () => {
    const a = lossSequence({ seed: 7, steps: STEPS });
    const b = lossSequence({ seed: 7, steps: STEPS });
    expect(a.every(Number.isFinite)).toBe(true);
    expect(bitPatterns(b)).toEqual(bitPatterns(a));
    const other = lossSequence({ seed: 8, steps: STEPS });
    expect(bitPatterns(other)).not.toEqual(bitPatterns(a));
  });

  it("in two fresh Node processes, and the same as in this one", async () => {
    const [first, second] = await Promise.all([inChildProcess(7), inChildProcess(7)]);
    expect(first).toHaveLength(STEPS);
    expect(second).toEqual(first);
    expect(bitPatterns(lossSequence({ seed: 7, steps: STEPS }))).toEqual(first);
  });
});
