// The training loop of the LSTM example (Adam, cosine-annealed learning rate, gradient clipping)
// and its evaluation; separate from the CLI so the test can train on a slice of MNIST.
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
  /** Adam's peak learning rate, annealed to 0 along a cosine over all steps. */
  lr: number;
  /** Seed of the batch order. */
  seed: number;
  /** Largest global gradient norm; larger gradients are scaled down to it (default 1). */
  clipNorm?: number;
  /** Called at the start of each epoch with the number of steps it will take. */
  onEpochStart?: (epoch: number, stepsPerEpoch: number) => void;
  /** Called after every step with the epoch, the step within it, the steps per epoch and the step's loss. */
  onStep?: (epoch: number, step: number, stepsPerEpoch: number, loss: number) => void;
  /** Called after each epoch with its test accuracy and its duration (training and evaluation). */
  onEpoch?: (epoch: number, testAccuracy: number, seconds: number) => void;
}

/** Accuracy on a labelled set, in eval mode, without gradients, in chunks. */
export function evaluate(model: Classifier, data: LabelledImages, chunk = 1000): number {
  const was = model.training;
  model.eval();
  let correct = 0;
  const n = data.images.shape[0]!;
  tg.noGrad(() => {
    for (let s = 0; s < n; s += chunk) {
      const rows = [[s, s + chunk]] as const; // the last chunk stops at the end: slices clip like Python's
      correct += model.forward(data.images.slice(rows)).argmax(1).eq(data.labels.slice(rows)).sum().item();
    }
  });
  model.train(was);
  return correct / n;
}

/**
 * Trains with Adam and cross-entropy over shuffled epochs (one seeded DataLoader), clipping the
 * gradient norm, the learning rate annealed to 0 along a cosine over all steps.
 * @returns each epoch's test accuracy
 */
export function train(model: Classifier, trainSet: LabelledImages, testSet: LabelledImages, o: TrainOptions): number[] {
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(trainSet.images, trainSet.labels), { batchSize: o.batchSize, shuffle: true, seed: o.seed });
  const params = model.parameters();
  const opt = new tg.optim.Adam(params, { lr: o.lr });
  const schedule = new tg.optim.CosineAnnealingLR(opt, o.epochs * loader.length);
  const accuracies: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let step = 0;
    model.train();
    o.onEpochStart?.(epoch, loader.length);
    for (const [x, y] of loader) {
      const loss = tg.nn.crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      tg.optim.clipGradNorm(params, o.clipNorm ?? 1);
      opt.step();
      schedule.step();
      o.onStep?.(epoch, ++step, loader.length, loss.item());
    }
    const acc = evaluate(model, testSet);
    accuracies.push(acc);
    o.onEpoch?.(epoch, acc, (performance.now() - t0) / 1000);
  }
  return accuracies;
}
