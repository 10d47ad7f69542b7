import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as tg from "tsgrad";
import { MAX_DEPTH, MIN_DEPTH, buildClassifier } from "../src/model.js";

describe("buildClassifier", () => {
  test.prop([fc.integer({ min: MIN_DEPTH, max: MAX_DEPTH }), fc.integer({ min: 1, max: 24 }), fc.boolean(), fc.integer({ min: 0, max: 1000 })], { numRuns: 30 })(
    "depth × (Linear [BatchNorm1d] ReLU) then Linear → 2 logits",
    (depth, width, batchNorm, seed) => {
      const { model, batchNorms } = buildClassifier({ depth, width, batchNorm, seed });
      const perLayer = batchNorm ? 3 : 2;
      expect(model.length).toBe(depth * perLayer + 1);
      for (let i = 0; i < depth; i++) {
        const linear = model.at(i * perLayer) as tg.nn.Linear;
        expect(linear).toBeInstanceOf(tg.nn.Linear);
        expect(linear.inFeatures).toBe(i === 0 ? 2 : width);
        expect(linear.outFeatures).toBe(width);
        // beta replaces the bias under BatchNorm
        expect(linear.bias === null).toBe(batchNorm);
        if (batchNorm) expect(model.at(i * perLayer + 1)).toBe(batchNorms[i]);
        expect(model.at(i * perLayer + perLayer - 1)).toBeInstanceOf(tg.nn.ReLU);
      }
      expect(batchNorms.length).toBe(batchNorm ? depth : 0);
      batchNorms.forEach((bn) => expect(bn).toBeInstanceOf(tg.nn.BatchNorm1d));
      expect(model.forward(tg.randn([5, 2], { seed })).shape).toEqual([5, 2]);
    },
  );

  test.prop([fc.integer({ min: MIN_DEPTH, max: MAX_DEPTH }), fc.integer({ min: 0, max: 1000 })], { numRuns: 20 })(
    "the networks with and without BatchNorm start from the same Linear weights",
    (depth, seed) => {
      const withBn = buildClassifier({ depth, batchNorm: true, seed }).model;
      const plain = buildClassifier({ depth, batchNorm: false, seed }).model;
      const weights = (m: typeof plain) =>
        m.namedParameters().filter(([name]) => name.endsWith("weight") && m.at(Number(name.split(".")[0])) instanceof tg.nn.Linear).map(([, p]) => Array.from(p.toTypedArray()));
      expect(weights(withBn)).toEqual(weights(plain));
      expect(weights(plain).length).toBe(depth + 1);
    },
  );

  it("rejects a depth or width out of range with a ValueError", () => {
    expect(() => buildClassifier({ depth: 0, batchNorm: true })).toThrow(/buildClassifier: depth must be an integer in \[1, 8\], got 0/);
    expect(() => buildClassifier({ depth: MAX_DEPTH + 1, batchNorm: false })).toThrow(tg.ValueError);
    expect(() => buildClassifier({ depth: 2.5, batchNorm: false })).toThrow(tg.ValueError);
    expect(() => buildClassifier({ depth: 2, width: 0, batchNorm: false })).toThrow(/buildClassifier: width must be a positive integer, got 0/);
  });
});
