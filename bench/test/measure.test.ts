import { describe, expect, it } from "vitest";
import { secondsPer1000, timeRuns, timeTraining } from "../src/measure.js";

/** A fake clock that advances by `cost` ms per run: no real time is measured. */
function fakeWork(cost: (i: number) => number): { clock: () => number; run: () => void; calls: () => number } {
  let now = 0;
  let calls = 0;
  return {
    clock: () => now,
    run: () => {
      now += cost(calls++);
    },
    calls: () => calls,
  };
}

describe("timeRuns", () => {
  it("warms up, then times at least minIterations and stops at the budget", async () => {
    const w = fakeWork(() => 10);
    const samples = await timeRuns(w.run, { warmupMin: 2, warmupMs: 35, minIterations: 3, maxIterations: 100, budgetMs: 55 }, { clock: w.clock });
    // Warm-up: 4 runs (40 ms ≥ 35 ms); timed: runs until 60 ms ≥ 55 ms have passed.
    expect(samples).toEqual([10, 10, 10, 10, 10, 10]);
    expect(w.calls()).toBe(10);
  });

  it("keeps the minimum even past the budget, and never exceeds the maximum", async () => {
    const slow = fakeWork(() => 1000);
    expect(await timeRuns(slow.run, { warmupMin: 1, warmupMs: 0, minIterations: 3, maxIterations: 5, budgetMs: 10 }, { clock: slow.clock })).toHaveLength(3);
    const fast = fakeWork(() => 1);
    expect(await timeRuns(fast.run, { warmupMin: 1, warmupMs: 0, minIterations: 3, maxIterations: 5, budgetMs: 1e9 }, { clock: fast.clock })).toHaveLength(5);
  });

  it("reads the CPU clock around each timed run, in the order of the samples", async () => {
    const w = fakeWork(() => 10);
    let cpu = 0;
    const cpuSamples: number[] = [];
    // A CPU clock that advances 3 ms per read: each run spans exactly one advance.
    const samples = await timeRuns(w.run, { warmupMin: 1, warmupMs: 0, minIterations: 4, maxIterations: 4, budgetMs: 0 }, { clock: w.clock, cpuClock: () => (cpu += 3), cpuSamples });
    expect(samples).toEqual([10, 10, 10, 10]);
    expect(cpuSamples).toEqual([3, 3, 3, 3]);
  });

  it("a deadline cuts warm-up and timing short but keeps one run of each", async () => {
    const w = fakeWork(() => 100);
    const samples = await timeRuns(w.run, { warmupMin: 3, warmupMs: 0, minIterations: 5, maxIterations: 10, budgetMs: 1e9 }, { clock: w.clock, deadline: 50 });
    expect(samples).toEqual([100]);
    expect(w.calls()).toBe(2);
  });
});

describe("timeTraining", () => {
  it("times steps in chunks after warm-up; seconds per 1,000 steps = ms per step", async () => {
    const w = fakeWork((i) => (i < 2 ? 500 : 4));
    const t = await timeTraining(w.run, { steps: 25, chunk: 10, warmupSteps: 2, capMs: 1e9 }, { clock: w.clock });
    expect(t.chunkSteps).toEqual([10, 10, 5]);
    expect(t.chunkMs).toEqual([40, 40, 20]);
    expect(t.steps).toBe(25);
    expect(t.totalMs).toBe(100);
    expect(secondsPer1000(t)).toEqual([4, 4, 4]);
    // Without a CPU clock of its own, the process's: every chunk has a CPU time.
    expect(t.chunkCpuMs).toHaveLength(3);
    expect(t.totalCpuMs).toBeCloseTo(t.chunkCpuMs.reduce((a, b) => a + b, 0), 9);
  });

  it("stops after the chunk that passes the cap, reporting the steps done", async () => {
    const w = fakeWork(() => 10);
    const t = await timeTraining(w.run, { steps: 1000, chunk: 10, warmupSteps: 0, capMs: 250 }, { clock: w.clock });
    expect(t.steps).toBe(30);
    expect(t.totalMs).toBe(300);
  });
});
