// The CNN example on a 1,200-image slice of MNIST, trained with the kit's loop as the command does
// (Adam, cosine to 0): far beyond chance, and the loss falls.
import { adamCosine, evaluate, firstImages, fit, meanOf } from "@tsgrad/example-kit/train";
import { expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { Cnn } from "../src/model.js";

it("the CNN learns a 1,200-image slice of MNIST far beyond chance", async () => {
  const mnist = await loadMnist({ flatten: false });
  const model = new Cnn(0);
  const test = firstImages(mnist.test, 500);
  expect(evaluate(model, test)).toBeLessThan(0.3);
  const losses: number[] = [];
  const acc = fit(model, firstImages(mnist.train, 1200), test, { epochs: 1, batchSize: 50, seed: 0, optimization: adamCosine(2e-3), onStep: (_, __, ___, l) => losses.push(l) });
  expect(acc[0]!).toBeGreaterThan(0.7);
  // The mean loss of the first and the last 6 steps (the old loop logged every 6 steps' mean).
  expect(meanOf(losses, 6, "last")).toBeLessThan(meanOf(losses, 6, "first"));
}, 300_000);
