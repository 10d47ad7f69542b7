import { type NDArray, argmax, eq, narrow, sum } from "@tsgrad/ndarray";
import { noGrad } from "@tsgrad/autograd";
import { DataLoader, TensorDataset } from "@tsgrad/data";
import { Adam, CosineAnnealingLR, type Module, crossEntropy } from "@tsgrad/nn";

/** A classifier: a Module whose forward maps a batch of images to logits. */
export interface Classifier extends Module {
  forward(x: NDArray): import("@tsgrad/autograd").Tensor;
}

/** Options of {@link train}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Called after every `logEvery` steps with the epoch, the step and the mean loss since the last call. */
  onLog?: (epoch: number, step: number, loss: number) => void;
  logEvery?: number;
  /** Called after each epoch with its test accuracy. */
  onEpoch?: (epoch: number, testAccuracy: number, seconds: number) => void;
}

/** Accuracy on a labelled set, in eval mode, in chunks. */
export function evaluate(model: Classifier, images: NDArray, labels: NDArray, chunk = 1000): number {
  const was = model.training;
  model.eval();
  let correct = 0;
  noGrad(() => {
    for (let s = 0; s < images.shape[0]!; s += chunk) {
      const n = Math.min(chunk, images.shape[0]! - s);
      correct += sum(eq(argmax(model.forward(narrow(images, 0, s, n)).data, 1), narrow(labels, 0, s, n))).item();
    }
  });
  model.train(was);
  return correct / images.shape[0]!;
}

/**
 * Trains with Adam and cross-entropy over shuffled epochs, the learning rate annealed
 * to 0 along a cosine over all steps; returns each epoch's test accuracy.
 */
export function train(model: Classifier, train: { images: NDArray; labels: NDArray }, test: { images: NDArray; labels: NDArray }, o: TrainOptions): number[] {
  const loader = new DataLoader(new TensorDataset(train.images, train.labels), { batchSize: o.batchSize, shuffle: true, seed: o.seed });
  const opt = new Adam(model.parameters(), { lr: o.lr });
  const schedule = new CosineAnnealingLR(opt, o.epochs * loader.length);
  const accuracies: number[] = [];
  const logEvery = o.logEvery ?? 50;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let step = 0;
    let lossSum = 0;
    let lossCount = 0;
    model.train();
    for (const [x, y] of loader as Iterable<[NDArray, NDArray]>) {
      const loss = crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      schedule.step();
      lossSum += loss.item();
      lossCount++;
      step++;
      if (step % logEvery === 0) {
        o.onLog?.(epoch, step, lossSum / lossCount);
        lossSum = 0;
        lossCount = 0;
      }
    }
    const acc = evaluate(model, test.images, test.labels);
    accuracies.push(acc);
    o.onEpoch?.(epoch, acc, (performance.now() - t0) / 1000);
  }
  return accuracies;
}
