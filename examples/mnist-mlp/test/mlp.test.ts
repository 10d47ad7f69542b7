import { expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { Mlp } from "../src/model.js";
import { type LabelledImages, evaluate, train } from "../src/train.js";

it("the MLP learns a 3,000-image slice of MNIST far beyond chance", async () => {
  const mnist = await loadMnist();
  const slice = (s: LabelledImages, n: number): LabelledImages => ({ images: s.images.slice([[0, n]]), labels: s.labels.slice([[0, n]]) });
  const model = new Mlp(0);
  const test = slice(mnist.test, 1000);
  const before = evaluate(model, test.images, test.labels);
  const losses: number[] = [];
  const acc = train(model, slice(mnist.train, 3000), test, { epochs: 2, batchSize: 100, lr: 1e-3, seed: 0, logEvery: 10, onLog: (_, __, l) => losses.push(l) });
  expect(before).toBeLessThan(0.3);
  expect(acc[1]!).toBeGreaterThan(0.85);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 3);
}, 300_000);
