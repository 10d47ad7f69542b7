import { parseArgs } from "node:util";
import { loadMnist } from "tsgrad/node";
import { type Classifier, train } from "./train.js";

/** What the MNIST example CLIs differ in: the model, the image layout and the default epochs. */
export interface MnistCliOptions {
  makeModel: (seed: number) => Classifier;
  /** Flattened (N, 784) images for an MLP, (N, 1, 28, 28) for a CNN. */
  flatten: boolean;
  defaultEpochs: number;
}

/** Parses `--epochs --batch-size --lr --seed`, trains on MNIST and prints each epoch's test accuracy. */
export async function runMnistCli(o: MnistCliOptions): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: "string", default: String(o.defaultEpochs) },
      "batch-size": { type: "string", default: "128" },
      lr: { type: "string", default: "0.001" },
      seed: { type: "string", default: "0" },
    },
  });
  const mnist = await loadMnist({ flatten: o.flatten });
  const model = o.makeModel(Number(values.seed));
  process.stdout.write(`${model.toString()}\n`);
  const t0 = performance.now();
  const acc = train(model, mnist.train, mnist.test, {
    epochs: Number(values.epochs),
    batchSize: Number(values["batch-size"]),
    lr: Number(values.lr),
    seed: Number(values.seed),
    logEvery: 100,
    onLog: (e, s, l) => process.stdout.write(`epoch ${e} step ${s} loss ${l.toFixed(4)}\n`),
    onEpoch: (e, a, sec) => process.stdout.write(`epoch ${e}: test accuracy ${(100 * a).toFixed(2)}% (${sec.toFixed(1)} s)\n`),
  });
  process.stdout.write(`final test accuracy ${(100 * acc[acc.length - 1]!).toFixed(2)}% in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
