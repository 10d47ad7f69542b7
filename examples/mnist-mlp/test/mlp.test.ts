// The MLP example on a 3,000-image slice of MNIST, trained with the kit's loop as the command does
// (Adam, cosine to 0): far beyond chance, and the loss falls.
import { adamCosine, evaluate, firstImages, fit, meanOf } from "@tsgrad/example-kit/train";
import { expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { Mlp } from "../src/model.js";

it("the MLP learns a 3,000-image slice of MNIST far beyond chance", async () => {
  const mnist = await loadMnist();
  const model = new Mlp(0);
  const test = firstImages(mnist.test, 1000);
  const before = evaluate(model, test);
  const losses: number[] = [];
  const acc = fit(model, firstImages(mnist.train, 3000), test, { epochs: 2, batchSize: 100, seed: 0, optimization: adamCosine(1e-3), onStep: (_, __, ___, l) => losses.push(l) });
  expect(before).toBeLessThan(0.3);
  expect(acc[1]!).toBeGreaterThan(0.85);
  // The mean loss of the first and the last 10 steps (the old loop logged every 10 steps' mean).
  expect(meanOf(losses, 10, "last")).toBeLessThan(meanOf(losses, 10, "first") / 3);
}, 300_000);
