// Random layer configurations, exported and run in ONNX Runtime on random inputs of other batch
// sizes: the outputs match tsgrad's eval forward to a relative 1e-5.
import * as fc from "fast-check";
import * as tg from "./tg.js";
import { describe, expect, it } from "vitest";
import { type LayerCase, layerCase } from "./layer-configs.js";
import { checkAgainstOrt } from "./ort.js";

/** An input for a case: floats, or int32 indices for an Embedding. */
function input(c: LayerCase, batch: number | null, seed: number): tg.Tensor {
  const axis = c.batchAxis ?? 0;
  const shape = batch === null ? [...c.shape] : [...c.shape.slice(0, axis), batch, ...c.shape.slice(axis)];
  if (c.indices !== undefined) return tg.randint(0, c.indices, shape, { seed });
  return tg.randn(shape, { seed }).mul(2);
}

describe("random layer configurations in ONNX Runtime", () => {
  it("match tsgrad's eval forward (relative 1e-5), at other batch sizes too", async () => {
    const seen = new Set<string>();
    let worst = 0;
    await fc.assert(
      fc.asyncProperty(layerCase, int(1, 3), int(0, 1_000_000), fc.constantFrom(17, 18, 20, 22), async (c, batch, seed, opset) => {
        const model = c.build();
        seen.add(model.constructor.name);
        const least = c.minBatch ?? 1;
        const example = [input(c, c.batched ? Math.max(batch, least) : null, seed)];
        const runs = c.batched ? [[input(c, batch + 2, seed + 1)], [input(c, least, seed + 2)]] : [[input(c, null, seed + 1)]];
        try {
          worst = Math.max(worst, await checkAgainstOrt(model, example, runs, { opset, dynamicBatch: c.batched, batchAxes: [c.batched ? (c.batchAxis ?? 0) : null] }));
        } catch (e) {
          throw new Error(`${c.label} (opset ${opset}, batch ${batch}): ${(e as Error).message}`, { cause: e });
        }
      }),
      { numRuns: 400 },
    );
    console.log(`layer kinds exported: ${[...seen].sort().join(", ")}; worst relative error ${worst.toExponential(2)}`);
    expect(seen.size).toBeGreaterThanOrEqual(30); // the draws spread over the kinds (every-layer.test.ts covers each)
  });
});

function int(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}
