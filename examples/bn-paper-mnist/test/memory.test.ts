// Memory stays flat while training without dispose(): the engine frees each step's graph
// after backward, so nothing from step n is reachable at step n + 1. The full run (10,000
// steps, RSS at start, middle and end) is `pnpm run check:memory`; this is its short form,
// plus a self-test that the same check does catch a real leak. (Keeping every loss after an
// ordinary backward is no leak here: backward frees the graph, so a loss holds one number.)
import { describe, expect, it } from "vitest";
import { memoryTrend, trainAndSample } from "../src/memory-probe.js";

// Generous bounds: a single run's medians move by a few percent at most (collector timing),
// while a retained graph costs this model about a megabyte per step.
const MAX_RSS_GROWTH = 0.2;
const MAX_HEAP_GROWTH = 0.5;

describe("memory while training the paper MLP with BatchNorm (batch 60, SGD)", () => {
  // The flat run goes first, in a fresh worker, so its baseline is honest; the leak below
  // still shows because it outgrows whatever pages this run leaves free.
  it("RSS and heapUsed stay flat after warm-up over 600 steps", () => {
    const { samples, finalLoss } = trainAndSample({ steps: 600, sampleEvery: 10 });
    const trend = memoryTrend(samples);
    expect(Number.isFinite(finalLoss)).toBe(true);
    expect(trend.rssGrowth).toBeLessThan(MAX_RSS_GROWTH);
    expect(trend.heapGrowth).toBeLessThan(MAX_HEAP_GROWTH);
  });

  it("the same check flags a leak: every step's graph kept alive (losses retained with retainGraph)", () => {
    const { samples } = trainAndSample({ steps: 150, sampleEvery: 3, leak: "graphs" });
    const trend = memoryTrend(samples);
    expect(trend.rssGrowth).toBeGreaterThan(MAX_RSS_GROWTH);
  });
});
