import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as tg from "tsgrad";
import { DATASET_KINDS, DEFAULT_NOISE, type DatasetKind, makeDataset } from "../src/datasets.js";

const arbKind = fc.constantFrom<DatasetKind>(...DATASET_KINDS);

/** Distance of a point from the curve of its class, in the noiseless, unscaled frame of each kind. */
function offCurve(kind: DatasetKind, label: number, x: number, y: number): number {
  switch (kind) {
    case "circles":
      // radius 1.2 (class 0) or 0.6 (class 1) after scaling
      return Math.abs(Math.hypot(x, y) - (label === 0 ? 1.2 : 0.6));
    case "moons": {
      const u = x / 0.8;
      const v = y / 0.8;
      // class 0: upper half of the unit circle centred at (-0.5, -0.25); class 1: lower half at (0.5, 0.25)
      const [cx, cy, side] = label === 0 ? [-0.5, -0.25, 1] : [0.5, 0.25, -1];
      return Math.abs(Math.hypot(u - cx, v - cy) - 1) + Math.max(0, -side * (v - cy));
    }
    case "spiral": {
      // r = 0.1 + 0.9 t and angle 3.5 π t + label·π, scaled by 1.2
      const t = (Math.hypot(x, y) / 1.2 - 0.1) / 0.9;
      const a = 3.5 * Math.PI * t + label * Math.PI;
      return Math.hypot(x - 1.2 * (0.1 + 0.9 * t) * Math.cos(a), y - 1.2 * (0.1 + 0.9 * t) * Math.sin(a));
    }
  }
}

// Seeds are integers in [0, 2^32 − 1] (tsgrad refuses others: they would alias one of these).
const arbSeed = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe("makeDataset", () => {
  test.prop([arbKind, fc.integer({ min: 2, max: 400 }), fc.double({ min: 0, max: 0.5, noNaN: true }), arbSeed], { numRuns: 60 })(
    "n finite points with alternating labels 0, 1, 0, 1, …",
    (kind, n, noise, seed) => {
      const d = makeDataset(kind, { n, noise, seed });
      expect(d.kind).toBe(kind);
      expect(d.n).toBe(n);
      expect(d.x.length).toBe(2 * n);
      expect(d.y.length).toBe(n);
      expect(d.x.every(Number.isFinite)).toBe(true);
      expect(Array.from(d.y)).toEqual(Array.from({ length: n }, (_, i) => i % 2));
    },
  );

  test.prop([arbKind, fc.integer({ min: 2, max: 200 }), arbSeed], { numRuns: 60 })(
    "without noise every point lies on its class's curve, inside [-1.2, 1.2]²",
    (kind, n, seed) => {
      const d = makeDataset(kind, { n, noise: 0, seed });
      for (let i = 0; i < n; i++) {
        const [x, y] = [d.x[2 * i]!, d.x[2 * i + 1]!];
        expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1.2 + 1e-6);
        expect(offCurve(kind, d.y[i]!, x, y)).toBeLessThan(1e-5);
      }
    },
  );

  test.prop([arbKind, fc.integer({ min: 2, max: 100 }), arbSeed, arbSeed], { numRuns: 40 })(
    "the seed decides the points",
    (kind, n, seed, other) => {
      const a = makeDataset(kind, { n, seed });
      expect(makeDataset(kind, { n, seed }).x).toEqual(a.x);
      if (seed !== other) expect(makeDataset(kind, { n, seed: other }).x).not.toEqual(a.x);
    },
  );

  it("adds noise of the requested size", () => {
    const d = makeDataset("circles", { n: 2000, noise: 0.1, seed: 3 });
    const deviations = Array.from({ length: d.n }, (_, i) => Math.hypot(d.x[2 * i]!, d.x[2 * i + 1]!) - (d.y[i] === 0 ? 1.2 : 0.6));
    const rms = Math.sqrt(deviations.reduce((s, v) => s + v * v, 0) / d.n);
    // radial part of 2-D Gaussian noise of σ = 0.1 per axis, times the scale 1.2
    expect(rms).toBeGreaterThan(0.1);
    expect(rms).toBeLessThan(0.14);
  });

  it.each(DATASET_KINDS)("%s defaults to its own noise, 300 points and seed 0", (kind) => {
    expect(makeDataset(kind)).toEqual(makeDataset(kind, { n: 300, noise: DEFAULT_NOISE[kind], seed: 0 }));
    expect(makeDataset(kind)).not.toEqual(makeDataset(kind, { noise: DEFAULT_NOISE[kind] + 0.01 }));
  });

  it("rejects bad options with a ValueError naming the op and the value", () => {
    expect(() => makeDataset("squares" as DatasetKind)).toThrow(tg.ValueError);
    expect(() => makeDataset("squares" as DatasetKind)).toThrow(/makeDataset: unknown dataset "squares"; expected one of moons, spiral, circles/);
    expect(() => makeDataset("moons", { n: 1 })).toThrow(/makeDataset: n must be an integer ≥ 2, got 1/);
    expect(() => makeDataset("moons", { n: 2.5 })).toThrow(tg.ValueError);
    expect(() => makeDataset("spiral", { noise: -0.1 })).toThrow(/makeDataset: noise must be in \[0, 1\], got -0.1/);
    expect(() => makeDataset("spiral", { noise: Number.NaN })).toThrow(tg.ValueError);
    expect(() => makeDataset("circles", { seed: Number.POSITIVE_INFINITY })).toThrow(/seed must be an integer in \[0, 2\^32 - 1\], got Infinity/);
  });
});
