import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as tg from "tsgrad";
import { History } from "../src/history.js";

describe("History", () => {
  test.prop([fc.integer({ min: 1, max: 32 }).map((h) => 2 * h), fc.integer({ min: 0, max: 3000 })], { numRuns: 80 })(
    "keeps fewer than capacity entries, evenly spaced by the stride, from step 0 to within a stride of the last",
    (capacity, offered) => {
      const h = new History<number>(capacity);
      for (let step = 0; step < offered; step++) h.offer(step, step * 10);
      expect(h.length).toBeLessThan(capacity);
      if (offered === 0) {
        expect(h.length).toBe(0);
        return;
      }
      const steps = h.items.map((e) => e.step);
      expect(steps[0]).toBe(0);
      steps.forEach((s, i) => {
        expect(s).toBe(i * h.sampleStride);
        expect(h.items[i]!.value).toBe(s * 10);
      });
      expect(offered - 1 - steps[steps.length - 1]!).toBeLessThan(h.sampleStride);
      // the stride grows only when needed: half of it would not have fit
      if (h.sampleStride > 1) expect(Math.floor((offered - 1) / (h.sampleStride / 2)) + 1).toBeGreaterThanOrEqual(capacity);
    },
  );

  it("rejects a capacity that is not an even integer ≥ 2", () => {
    for (const bad of [0, 1, 3, 2.5, -2, Number.NaN]) {
      expect(() => new History(bad)).toThrow(tg.ValueError);
    }
    expect(() => new History(7)).toThrow(/History: capacity must be an even integer ≥ 2, got 7/);
  });
});
