import * as tg from "tsgrad";

/** A classifier: a Module whose forward maps a batch of images to logits. */
export interface Classifier extends tg.nn.Module {
  forward(x: tg.Tensor): tg.Tensor;
}

/** Images and their int32 class labels, sharing the first axis (a split of `loadMnist`, or a slice of one). */
export interface LabelledImages {
  images: tg.Tensor;
  labels: tg.Tensor;
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
export function evaluate(model: Classifier, images: tg.Tensor, labels: tg.Tensor, chunk = 1000): number {
  const was = model.training;
  model.eval();
  let correct = 0;
  tg.noGrad(() => {
    for (let s = 0; s < images.shape[0]!; s += chunk) {
      const rows = [[s, s + chunk]] as const; // the last chunk stops at the end: slices clip like Python's
      correct += model.forward(images.slice(rows)).argmax(1).eq(labels.slice(rows)).sum().item();
    }
  });
  model.train(was);
  return correct / images.shape[0]!;
}

/**
 * Trains with Adam and cross-entropy over shuffled epochs, the learning rate annealed
 * to 0 along a cosine over all steps; returns each epoch's test accuracy.
 */
export function train(model: Classifier, train: LabelledImages, test: LabelledImages, o: TrainOptions): number[] {
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(train.images, train.labels), { batchSize: o.batchSize, shuffle: true, seed: o.seed });
  const opt = new tg.optim.Adam(model.parameters(), { lr: o.lr });
  const schedule = new tg.optim.CosineAnnealingLR(opt, o.epochs * loader.length);
  const accuracies: number[] = [];
  const logEvery = o.logEvery ?? 50;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let step = 0;
    let lossSum = 0;
    let lossCount = 0;
    model.train();
    for (const [x, y] of loader) {
      const loss = tg.nn.crossEntropy(model.forward(x), y);
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
