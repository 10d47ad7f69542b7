// Numerics beyond the per-primitive cases: log-softmax stays finite at logits of ±1e4;
// variances (and BatchNorm's) are never negative. The float32-vs-float64 bound of every
// primitive is checked in its own test block (primitive.describe in primitive-block.ts,
// declared with `numerics`). The layer-level twins (crossEntropy, BatchNorm1d's running
// variance) are in packages/nn/test/numerics.test.ts.
import { describe, expect } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as A from "@tsgrad/autograd";
import { batchNormWithStats, fusedBatchNormWithStats, tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { arbLogits } from "./fixtures.js";

const side = (max = 4): fc.Arbitrary<number> => fc.integer({ min: 1, max });

describe("extreme logits", () => {
  test.prop([arbLogits], { numRuns: 40 })("logSoftmax at ±1e4 stays finite, forward and backward; softmax stays in [0, 1]", ([values, labels, shape, dtype]) => {
    const x = tensor(T.ndarray(Float64Array.from(values), { shape, dtype }), { requiresGrad: true });
    const logp = A.logSoftmax(x, 1);
    const lp = logp.data.toTypedArray();
    expect(Array.from(lp).every((v) => Number.isFinite(v) && v <= 0)).toBe(true);
    // Probabilities still sum to 1 per row.
    const rowSums = A.sum(A.exp(logp), { axis: 1 }).data.toTypedArray();
    for (const s of rowSums) expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    // The negative log-likelihood of the labels, by hand (crossEntropy is nn's).
    const picked = A.gather(logp, 1, T.ndarray(labels, { dtype: "int32", shape: [labels.length, 1] }));
    const loss = A.neg(A.mean(picked));
    expect(Number.isFinite(loss.item())).toBe(true);
    loss.backward();
    expect(Array.from(x.grad!.data.toTypedArray()).every(Number.isFinite)).toBe(true);
    expect(Array.from(A.softmax(x, 1).data.toTypedArray()).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe("variances are never negative", () => {
  // Large offsets with tiny spread: E[x²] − E[x]² would cancel catastrophically and go negative.
  const arbBatch = fc
    .record({ n: fc.integer({ min: 2, max: 8 }), c: side(4), offset: fc.constantFrom(0, 1, 1e3, 1e4, 3e5, -1e6), spread: fc.constantFrom(0, 1e-3, 1, 100) })
    .chain((g) =>
      fc
        .array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: g.n * g.c, maxLength: g.n * g.c })
        .map((xs) => ({ ...g, x: T.ndarray(Float32Array.from(xs, (v) => g.offset + g.spread * v), { shape: [g.n, g.c] }) })),
    );

  test.prop([arbBatch], { numRuns: 60 })("NDArray variance, autograd variance and BatchNorm's batch variance ≥ 0; BN output finite", ({ x }) => {
    const nonNegative = (t: T.NDArray, what: string): void => {
      for (const v of t.toTypedArray()) expect(v, what).toBeGreaterThanOrEqual(0);
    };
    nonNegative(T.variance(x, { axis: 0 }), "T.variance");
    nonNegative(T.moments(x, { axis: 0 }).variance, "T.moments");
    nonNegative(A.variance(tensor(x), { axis: 0, correction: 0 }).data, "A.variance");
    for (const run of [batchNormWithStats, fusedBatchNormWithStats]) {
      const { output, variance } = run(tensor(x), null, null);
      nonNegative(variance, run.name);
      expect(Array.from(output.data.toTypedArray()).every(Number.isFinite)).toBe(true);
    }
  });
});
