import { expect, it } from "vitest";
import { loadMnist } from "tsgrad/node";
import { evaluate, train } from "@tsgrad/example-mnist-mlp/train";
import { Cnn } from "../src/model.js";

it("the CNN learns a 1,200-image slice of MNIST far beyond chance", async () => {
  const mnist = await loadMnist({ flatten: false });
  const model = new Cnn(0);
  const test = { images: mnist.test.images.slice([[0, 500]]), labels: mnist.test.labels.slice([[0, 500]]) };
  expect(evaluate(model, test.images, test.labels)).toBeLessThan(0.3);
  const losses: number[] = [];
  const acc = train(model, { images: mnist.train.images.slice([[0, 1200]]), labels: mnist.train.labels.slice([[0, 1200]]) }, test, {
    epochs: 1,
    batchSize: 50,
    lr: 2e-3,
    seed: 0,
    logEvery: 6,
    onLog: (_, __, l) => losses.push(l),
  });
  expect(acc[0]!).toBeGreaterThan(0.7);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
}, 300_000);
