// The training loop of the vision-Transformer example (AdamW, linear warm-up then cosine decay,
// gradient clipping) and its evaluation; separate from the CLI so the test can train on a slice.
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
  /** AdamW's peak learning rate, reached after the warm-up and annealed to 0 along a cosine. */
  lr: number;
  /** AdamW's decoupled weight decay, applied to the weight matrices only (not to biases, norms, tokens or positions). */
  weightDecay: number;
  /** Steps of the linear warm-up from lr/100 to lr (0: none). */
  warmupSteps: number;
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

/** A linear warm-up over `warmupSteps`, then a cosine from the peak to 0 over the remaining steps. */
function schedule(opt: tg.optim.AdamW, totalSteps: number, warmupSteps: number): tg.optim.LRScheduler {
  const warmup = Math.min(warmupSteps, totalSteps - 1);
  const cosine = new tg.optim.CosineAnnealingLR(opt, totalSteps - warmup);
  if (warmup < 1) return cosine;
  return new tg.optim.SequentialLR(opt, [new tg.optim.LinearLR(opt, 0.01, 1, warmup), cosine], [warmup]);
}

/**
 * Trains with AdamW and cross-entropy over shuffled epochs (one seeded DataLoader), clipping the
 * gradient norm; the learning rate warms up linearly, then follows a cosine to 0.
 * @returns each epoch's test accuracy
 */
export function train(model: Classifier, trainSet: LabelledImages, testSet: LabelledImages, o: TrainOptions): number[] {
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(trainSet.images, trainSet.labels), { batchSize: o.batchSize, shuffle: true, seed: o.seed });
  const params = model.parameters();
  // Decay the matrices (patch embedding, attention and feed-forward weights, head); not the
  // biases, LayerNorm scales, class token or position embeddings.
  const named = model.namedParameters();
  const decayed = named.filter(([name, p]) => p.ndim === 2 && !name.endsWith("Embed") && !name.endsWith("Token")).map(([, p]) => p);
  const kept = named.filter(([, p]) => !decayed.includes(p)).map(([, p]) => p);
  const opt = new tg.optim.AdamW(
    [
      { params: decayed, weightDecay: o.weightDecay },
      { params: kept, weightDecay: 0 },
    ],
    { lr: o.lr },
  );
  const lr = schedule(opt, o.epochs * loader.length, o.warmupSteps);
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
      lr.step();
      o.onStep?.(epoch, ++step, loader.length, loss.item());
    }
    const acc = evaluate(model, testSet);
    accuracies.push(acc);
    o.onEpoch?.(epoch, acc, (performance.now() - t0) / 1000);
  }
  return accuracies;
}
