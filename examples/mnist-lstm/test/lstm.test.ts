// The LSTM example on a slice of MNIST, trained with the kit's loop as the command does (Adam, cosine
// to 0, the gradient norm clipped to 1): 800 training images, 3 epochs, far beyond chance; and the
// same seed gives the same losses.
import { adamCosine, evaluate, firstImages, fit, meanOf } from "@tsgrad/example-kit/train";
import { expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { LstmClassifier } from "../src/model.js";

/** The command's optimization at lr 0.01, batches of `batchSize`. */
const options = (batchSize: number, epochs: number, seed: number, losses: number[]) => ({
  epochs,
  batchSize,
  seed,
  clipNorm: 1,
  optimization: adamCosine(0.01),
  onStep: (_: number, __: number, ___: number, loss: number) => losses.push(loss),
});

it("the LSTM learns an 800-image slice of MNIST far beyond chance", async () => {
  const mnist = await loadMnist({ flatten: false });
  const testSet = firstImages(mnist.test, 300);
  const model = new LstmClassifier(0);
  expect(evaluate(model, testSet)).toBeLessThan(0.25);
  const losses: number[] = [];
  const acc = fit(model, firstImages(mnist.train, 800), testSet, options(40, 3, 0, losses));
  // Measured: 51.0%, 57.7%, 61.7% after the three epochs (chance: 10%).
  expect(acc[2]!).toBeGreaterThan(0.45);
  expect(meanOf(losses, 10, "last")).toBeLessThan(meanOf(losses, 10, "first") / 2);
}, 120_000);

it("is deterministic: the same seed gives the same losses to the last bit", async () => {
  const mnist = await loadMnist({ flatten: false });
  const run = (): number[] => {
    const losses: number[] = [];
    fit(new LstmClassifier(3), firstImages(mnist.train, 60), firstImages(mnist.test, 20), options(20, 1, 5, losses));
    return losses;
  };
  const first = run();
  expect(first).toHaveLength(3);
  expect(run()).toEqual(first);
}, 120_000);
