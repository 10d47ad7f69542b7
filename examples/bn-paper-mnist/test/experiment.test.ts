import { describe, expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { percentile, runExperiment } from "../src/experiment.js";
import { lineChart, niceTicks, renderReport } from "../src/report.js";

describe("the BatchNorm paper experiment on a slice of MNIST", () => {
  it("both nets learn; BN learns faster; the report and its numbers are complete", async () => {
    const mnist = await loadMnist();
    const data = {
      trainImages: mnist.train.images.slice([[0, 2000]]),
      trainLabels: mnist.train.labels.slice([[0, 2000]]),
      testImages: mnist.test.images.slice([[0, 1000]]),
      testLabels: mnist.test.labels.slice([[0, 1000]]),
    };
    const opts = { steps: 150, batchSize: 60, lr: 0.5, seed: 0, initStd: 0.1, evalEvery: 50, unit: 0, probeSize: 200 };
    const r = runExperiment(data, opts);
    expect(r.steps).toEqual([0, 50, 100, 150]);
    for (const net of [r.withoutBN, r.withBN]) {
      expect(net.testAccuracy).toHaveLength(4);
      expect(net.percentiles.p50).toHaveLength(4);
      for (let i = 0; i < 4; i++) expect(net.percentiles.p15[i]!).toBeLessThanOrEqual(net.percentiles.p85[i]!);
    }
    // Chance is 10%: the BN net must be far above it after 150 steps, and its loss must fall.
    expect(r.withBN.testAccuracy[3]!).toBeGreaterThan(0.7);
    expect(r.withBN.trainLoss[3]!).toBeLessThan(r.withBN.trainLoss[1]! );
    expect(r.withBN.trainLoss[1]!).toBeLessThan(Math.log(10));
    expect(r.withoutBN.trainLoss[3]!).toBeLessThan(r.withoutBN.trainLoss[1]! + 1e-9);
    expect(r.withBN.testAccuracy[3]!).toBeGreaterThan(r.withoutBN.testAccuracy[3]!);
    const html = renderReport(r);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain("(a) Test accuracy");
    expect(html).not.toMatch(/NaN|undefined/);
  }, 300_000);
});

describe("report helpers", () => {
  it("percentile interpolates like NumPy", () => {
    const v = Float64Array.from([1, 2, 3, 4, 5]);
    expect(percentile(v, 50)).toBe(3);
    expect(percentile(v, 15)).toBeCloseTo(1.6, 12);
    expect(percentile(v, 85)).toBeCloseTo(4.4, 12);
  });

  it("ticks are round numbers covering the range", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 3000)).toEqual([0, 1000, 2000, 3000]);
  });

  it("a chart escapes text and skips non-finite points", () => {
    const svg = lineChart({ title: "a<b", xLabel: "x", yLabel: "y", series: [{ name: "s&t", color: "#000", xs: [0, 1, 2], ys: [0, Number.NaN, 1] }] });
    expect(svg).toContain("a&lt;b");
    expect(svg).toContain("s&amp;t");
    expect(svg.match(/points="([^"]*)"/)![1]!.split(" ")).toHaveLength(2);
  });
});
