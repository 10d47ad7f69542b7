// The LSTM example on a slice of MNIST: 800 training images, 3 epochs, far beyond chance; and
// the same seed gives the same losses.
import { expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { LstmClassifier } from "../src/model.js";
import { type LabelledImages, evaluate, train } from "../src/train.js";

const slice = (s: LabelledImages, n: number): LabelledImages => ({ images: s.images.slice([[0, n]]), labels: s.labels.slice([[0, n]]) });

it("the LSTM learns an 800-image slice of MNIST far beyond chance", async () => {
  const mnist = await loadMnist({ flatten: false });
  const testSet = slice(mnist.test, 300);
  const model = new LstmClassifier(0);
  expect(evaluate(model, testSet)).toBeLessThan(0.25);
  const losses: number[] = [];
  const acc = train(model, slice(mnist.train, 800), testSet, { epochs: 3, batchSize: 40, lr: 0.01, seed: 0, onStep: (_, __, ___, l) => losses.push(l) });
  // Measured: 51.0%, 57.7%, 61.7% after the three epochs (chance: 10%).
  expect(acc[2]!).toBeGreaterThan(0.45);
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) / 2);
}, 120_000);

it("is deterministic: the same seed gives the same losses to the last bit", async () => {
  const mnist = await loadMnist({ flatten: false });
  const losses = (): number[] => {
    const out: number[] = [];
    train(new LstmClassifier(3), slice(mnist.train, 60), slice(mnist.test, 20), { epochs: 1, batchSize: 20, lr: 0.01, seed: 5, onStep: (_, __, ___, l) => out.push(l) });
    return out;
  };
  const first = losses();
  expect(first).toHaveLength(3);
  expect(losses()).toEqual(first);
}, 120_000);
