// Numerics of the layers built on autograd's composites: crossEntropy stays finite at
// logits of ±1e4 (forward and backward, float32 and float64), and BatchNorm1d's running
// variance is never negative, even for data far from zero with a tiny spread.
import { expect } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { BatchNorm1d, crossEntropy } from "@tsgrad/nn";
import { arbLogits } from "../../autograd/test/fixtures.js";

test.prop([arbLogits, fc.constantFrom(0, 0.1)], { numRuns: 40 })("crossEntropy at logits of ±1e4 is finite, and so is its gradient", ([values, labels, shape, dtype], labelSmoothing) => {
  const x = tensor(T.ndarray(Float64Array.from(values), { shape, dtype }), { requiresGrad: true });
  const loss = crossEntropy(x, tensor(labels, { dtype: "int32" }), { labelSmoothing });
  expect(Number.isFinite(loss.item())).toBe(true);
  expect(loss.item()).toBeGreaterThanOrEqual(0);
  loss.backward();
  expect(Array.from(x.grad!.toTypedArray()).every(Number.isFinite)).toBe(true);
});

// Large offsets with tiny spread: E[x²] − E[x]² would cancel catastrophically and go negative.
const arbBatch = fc
  .record({ n: fc.integer({ min: 2, max: 8 }), c: fc.integer({ min: 1, max: 4 }), offset: fc.constantFrom(0, 1e3, 1e4, 3e5, -1e6), spread: fc.constantFrom(0, 1e-3, 1, 100) })
  .chain((g) =>
    fc
      .array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: g.n * g.c, maxLength: g.n * g.c })
      .map((xs) => ({ c: g.c, x: tensor(T.ndarray(Float32Array.from(xs, (v) => g.offset + g.spread * v), { shape: [g.n, g.c] })) })),
  );

test.prop([arbBatch, fc.boolean()], { numRuns: 40 })("BatchNorm1d's running variance is never negative and its output is finite", ({ c, x }, fused) => {
  const bn = new BatchNorm1d(c, { fused });
  for (let step = 0; step < 3; step++) {
    const y = bn.forward(x);
    expect(Array.from(y.toTypedArray()).every(Number.isFinite)).toBe(true);
  }
  for (const v of bn.runningVar!.toTypedArray()) expect(v).toBeGreaterThanOrEqual(0);
});
