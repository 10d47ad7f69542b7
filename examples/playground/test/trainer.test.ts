import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as tg from "tsgrad";
import { DATASET_KINDS, VIEW_EXTENT, makeDataset } from "../src/datasets.js";
import { buildClassifier } from "../src/model.js";
import { Trainer, gatherBatch, gridPoints } from "../src/trainer.js";
import { Comparison } from "../src/comparison.js";

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;

describe("gatherBatch", () => {
  test.prop([fc.integer({ min: 2, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: 1 })))], { numRuns: 50 })(
    "copies the chosen rows and their labels",
    ([n, rows]) => {
      const data = makeDataset("moons", { n, seed: n });
      const order = Int32Array.from([...rows, ...rows]);
      const start = rows.length > 1 ? 1 : 0;
      const count = rows.length - start;
      const { x, y } = gatherBatch(data, order, start, count);
      expect(x.shape).toEqual([count, 2]);
      expect(y.dtype).toBe("int32");
      const xs = x.toTypedArray();
      for (let j = 0; j < count; j++) {
        const i = order[start + j]!;
        expect([xs[2 * j], xs[2 * j + 1]]).toEqual([data.x[2 * i], data.x[2 * i + 1]]);
        expect(y.toTypedArray()[j]).toBe(data.y[i]);
      }
    },
  );
});

describe("gridPoints", () => {
  test.prop([fc.integer({ min: 1, max: 40 })], { numRuns: 20 })("cell centres row by row from the top-left corner", (res) => {
    const g = gridPoints(res).toTypedArray();
    const cell = (2 * VIEW_EXTENT) / res;
    expect(g.length).toBe(2 * res * res);
    for (const [r, c] of [[0, 0], [0, res - 1], [res - 1, 0], [res - 1, res - 1], [Math.floor(res / 2), Math.floor(res / 3)]] as const) {
      expect(g[2 * (r * res + c)]).toBeCloseTo(-VIEW_EXTENT + (c + 0.5) * cell, 5);
      expect(g[2 * (r * res + c) + 1]).toBeCloseTo(VIEW_EXTENT - (r + 0.5) * cell, 5);
    }
  });
});

describe("Trainer", () => {
  it.each([true, false])("learns the two moons (batchNorm %s): the loss falls by far in 80 steps", (batchNorm) => {
    const data = makeDataset("moons", { n: 200, seed: 1 });
    const t = new Trainer(buildClassifier({ depth: 3, batchNorm, seed: 1 }), data, { lr: 0.1, seed: 1 });
    const before = t.accuracy();
    for (let i = 0; i < 80; i++) t.step();
    expect(t.steps).toBe(80);
    expect(t.losses.every(Number.isFinite)).toBe(true);
    expect(mean(t.losses.slice(-10))).toBeLessThan(0.5 * mean(t.losses.slice(0, 10)));
    expect(t.accuracy()).toBeGreaterThan(Math.max(before, 0.9));
  });

  it("moves γ and β of every BatchNorm layer from 1 and 0, and reports none for the plain network", () => {
    const data = makeDataset("spiral", { n: 100, seed: 2 });
    const t = new Trainer(buildClassifier({ depth: 3, width: 8, batchNorm: true }), data, { lr: 0.05 });
    const start = t.gammaBeta();
    expect(start.length).toBe(3);
    for (const l of start) {
      expect(l.gamma).toEqual(new Array(8).fill(1));
      expect(l.beta).toEqual(new Array(8).fill(0));
    }
    for (let i = 0; i < 5; i++) t.step();
    for (const l of t.gammaBeta()) {
      expect(l.gamma.some((v) => v !== 1)).toBe(true);
      expect(l.beta.some((v) => v !== 0)).toBe(true);
    }
    expect(new Trainer(buildClassifier({ depth: 3, batchNorm: false }), data, { lr: 0.05 }).gammaBeta()).toEqual([]);
  });

  it("predicts in eval mode without touching parameters or running statistics, and leaves the network training", () => {
    const data = makeDataset("circles", { n: 64, seed: 4 });
    const t = new Trainer(buildClassifier({ depth: 2, batchNorm: true }), data, { lr: 0.1, batchSize: 16 });
    for (let i = 0; i < 3; i++) t.step();
    const model = t.classifier.model;
    const snapshot = () => [...model.namedParameters(), ...model.namedBuffers()].map(([n, v]) => [n, Array.from(v.toTypedArray())]);
    const state = snapshot();
    const p = t.predict(gridPoints(7));
    expect(p.length).toBe(49);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    // one point alone is fine in eval mode: BatchNorm uses its running statistics
    expect(t.predict(tg.tensor([[0.1, 0.2]])).length).toBe(1);
    expect(snapshot()).toEqual(state);
    expect(model.training).toBe(true);
  });

  it("visits every point once per epoch, in a new order each epoch", () => {
    // the order is private: read it after each epoch's last batch
    const data = makeDataset("moons", { n: 12, seed: 5 });
    const seen: number[][] = [];
    const t = new Trainer(buildClassifier({ depth: 1, batchNorm: false }), data, { lr: 0.1, batchSize: 4, seed: 9 });
    const order = (t as unknown as { order: Int32Array }).order;
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let b = 0; b < 3; b++) t.step();
      seen.push(Array.from(order));
    }
    for (const o of seen) expect([...o].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(seen[1]).not.toEqual(seen[0]);
    expect(seen[2]).not.toEqual(seen[1]);
  });

  it("changes the learning rate of every parameter group, and rejects bad settings", () => {
    const data = makeDataset("moons", { n: 40 });
    const t = new Trainer(buildClassifier({ depth: 2, batchNorm: true }), data, { lr: 0.1 });
    t.lr = 0.3;
    expect(t.lr).toBe(0.3);
    expect(() => (t.lr = 0)).toThrow(/Trainer: lr must be a positive number, got 0/);
    expect(t.lr).toBe(0.3);
    expect(() => new Trainer(buildClassifier({ depth: 2, batchNorm: true }), data, { lr: 0.1, batchSize: 1 })).toThrow(tg.ValueError);
    expect(() => new Trainer(buildClassifier({ depth: 2, batchNorm: true }), data, { lr: 0.1, batchSize: 41 })).toThrow(/batchSize must be an integer in \[2, 40\], got 41/);
  });
});

describe("Comparison", () => {
  it.each(DATASET_KINDS)("trains both networks in step on %s and records the histories", (dataset) => {
    const c = new Comparison({ dataset, lr: 0.05, depth: 2, width: 8, points: 96 });
    expect(c.gammaBetaHistory.items.map((e) => e.step)).toEqual([0]);
    expect(c.smoothedLoss).toBeNull();
    for (let i = 0; i < 10; i++) c.step();
    expect(c.steps).toBe(10);
    expect(c.plain.steps).toBe(10);
    expect(c.lossHistory.items.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(c.gammaBetaHistory.length).toBe(11);
    // the smoothed loss is a running average of the minibatch losses: it lies within their range
    const { bn, plain } = c.smoothedLoss!;
    expect(bn).toBeGreaterThanOrEqual(Math.min(...c.bn.losses));
    expect(bn).toBeLessThanOrEqual(Math.max(...c.bn.losses));
    expect(plain).toBeGreaterThanOrEqual(Math.min(...c.plain.losses));
    expect(plain).toBeLessThanOrEqual(Math.max(...c.plain.losses));
  });

  it("sets the learning rate of both networks", () => {
    const c = new Comparison({ dataset: "moons", lr: 0.05, depth: 2 });
    c.lr = 0.2;
    expect([c.lr, c.bn.lr, c.plain.lr]).toEqual([0.2, 0.2, 0.2]);
  });
});
