// The MNIST examples' training loop: shuffled epochs from one seeded DataLoader, an optimizer and
// its schedule stepped per batch, optional gradient clipping, test accuracy after each epoch.
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

/** The first `n` images of a set and their labels (all of them when there are fewer). */
export function firstImages(set: LabelledImages, n: number): LabelledImages {
  return { images: set.images.slice([[0, n]]), labels: set.labels.slice([[0, n]]) };
}

/** Accuracy on a labelled set, in eval mode, without gradients, `chunk` images at a time. */
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

/** An optimizer and the learning-rate schedule stepped after it, once per batch. */
export interface Optimization {
  optimizer: { zeroGrad(): void; step(): void };
  schedule?: { step(): void };
}

/** What the loop reports, for a progress bar and the epoch lines. */
export interface FitCallbacks {
  /** Called at the start of each epoch with the number of steps it will take. */
  onEpochStart?: (epoch: number, stepsPerEpoch: number) => void;
  /** Called after every step with the epoch, the step within it, the steps per epoch and the step's loss. */
  onStep?: (epoch: number, step: number, stepsPerEpoch: number, loss: number) => void;
  /** Called after each epoch with its test accuracy and its duration (training and evaluation). */
  onEpoch?: (epoch: number, testAccuracy: number, seconds: number) => void;
}

/** Options of {@link fit}. */
export interface FitOptions extends FitCallbacks {
  epochs: number;
  batchSize: number;
  /** Seed of the batch order. */
  seed: number;
  /** Makes the optimizer (and its schedule) for the model, given the number of steps in all. */
  optimization: (model: Classifier, totalSteps: number) => Optimization;
  /** Largest global gradient norm; larger gradients are scaled down to it (default: no clipping). */
  clipNorm?: number;
}

/**
 * Trains with cross-entropy over shuffled epochs (one seeded DataLoader), stepping the optimizer
 * and then its schedule after every batch, the gradient norm clipped first when `clipNorm` is set.
 * @returns each epoch's test accuracy
 */
export function fit(model: Classifier, trainSet: LabelledImages, testSet: LabelledImages, o: FitOptions): number[] {
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(trainSet.images, trainSet.labels), { batchSize: o.batchSize, shuffle: true, seed: o.seed });
  const params = model.parameters();
  const { optimizer, schedule } = o.optimization(model, o.epochs * loader.length);
  const accuracies: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let step = 0;
    model.train();
    o.onEpochStart?.(epoch, loader.length);
    for (const [x, y] of loader) {
      const loss = tg.nn.crossEntropy(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      if (o.clipNorm !== undefined) tg.optim.clipGradNorm(params, o.clipNorm);
      optimizer.step();
      schedule?.step();
      o.onStep?.(epoch, ++step, loader.length, loss.item());
    }
    const acc = evaluate(model, testSet);
    accuracies.push(acc);
    o.onEpoch?.(epoch, acc, (performance.now() - t0) / 1000);
  }
  return accuracies;
}

/** Adam at `lr`, annealed to 0 along a cosine over all steps: an {@link FitOptions.optimization}. */
export function adamCosine(lr: number): FitOptions["optimization"] {
  return (model, totalSteps) => {
    const optimizer = new tg.optim.Adam(model.parameters(), { lr });
    return { optimizer, schedule: new tg.optim.CosineAnnealingLR(optimizer, totalSteps) };
  };
}

/** The mean of the first or last `n` of some losses (to check a run's loss fell). */
export function meanOf(losses: readonly number[], n: number, end: "first" | "last"): number {
  const part = end === "first" ? losses.slice(0, n) : losses.slice(-n);
  return part.reduce((s, v) => s + v, 0) / part.length;
}
