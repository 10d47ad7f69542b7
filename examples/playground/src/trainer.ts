import * as tg from "tsgrad";
import { type Dataset, VIEW_EXTENT } from "./datasets.js";
import type { Classifier } from "./model.js";

/** Options of a {@link Trainer}. */
export interface TrainerOptions {
  /** Learning rate of SGD. */
  lr: number;
  /** SGD momentum (default 0.9). */
  momentum?: number;
  /** Points per minibatch (default 32). */
  batchSize?: number;
  /** Seed of the minibatch order (default 0). */
  seed?: number;
}

/** One BatchNorm layer's learnable scale (γ) and shift (β), one value per feature. */
export interface GammaBeta {
  readonly gamma: number[];
  readonly beta: number[];
}

/**
 * Copies the rows `order[start … start + count)` of a dataset into a batch: a `(count, 2)`
 * float32 tensor of points and an int32 tensor of labels.
 */
export function gatherBatch(data: Dataset, order: Int32Array, start: number, count: number): { x: tg.Tensor; y: tg.Tensor } {
  const xs = new Float32Array(2 * count);
  const ys = new Int32Array(count);
  for (let j = 0; j < count; j++) {
    const i = order[start + j]!;
    xs[2 * j] = data.x[2 * i]!;
    xs[2 * j + 1] = data.x[2 * i + 1]!;
    ys[j] = data.y[i]!;
  }
  return { x: tg.tensor(xs).reshape([count, 2]), y: tg.tensor(ys) };
}

/** Shuffles `order` in place (Fisher–Yates) with the generator. */
function shuffle(order: Int32Array, gen: tg.Generator): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(gen.random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/**
 * The `res × res` grid of points the decision boundary is drawn on, row-major from the
 * top-left corner `(-VIEW_EXTENT, +VIEW_EXTENT)`, each point the centre of its cell.
 */
export function gridPoints(res: number): tg.Tensor {
  const xs = new Float32Array(2 * res * res);
  const cell = (2 * VIEW_EXTENT) / res;
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      xs[2 * (r * res + c)] = -VIEW_EXTENT + (c + 0.5) * cell;
      xs[2 * (r * res + c) + 1] = VIEW_EXTENT - (r + 0.5) * cell;
    }
  }
  return tg.tensor(xs).reshape([res * res, 2]);
}

/**
 * Trains one classifier with SGD and cross-entropy on minibatches drawn without
 * replacement (a fresh shuffle each epoch), one step at a time so the page can
 * interleave training with drawing.
 */
export class Trainer {
  /** The network being trained. */
  readonly classifier: Classifier;
  /** The training set. */
  readonly data: Dataset;
  /** The minibatch loss of every step so far. */
  readonly losses: number[] = [];
  private readonly optimizer: tg.optim.SGD;
  private readonly batchSize: number;
  private readonly gen: tg.Generator;
  private readonly order: Int32Array;
  private cursor: number;

  /**
   * @param classifier - the network (trained in place)
   * @param data - the training set
   * @param opts - learning rate, momentum, batch size and seed
   */
  constructor(classifier: Classifier, data: Dataset, opts: TrainerOptions) {
    this.batchSize = opts.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 2 || this.batchSize > data.n) {
      // BatchNorm needs two points per batch to have a variance.
      throw new tg.ValueError("Trainer", `batchSize must be an integer in [2, ${data.n}], got ${this.batchSize}`, { batchSize: this.batchSize });
    }
    this.classifier = classifier;
    this.data = data;
    this.optimizer = new tg.optim.SGD(classifier.model.parameters(), { lr: opts.lr, momentum: opts.momentum ?? 0.9 });
    this.gen = new tg.Generator(opts.seed ?? 0);
    this.order = Int32Array.from({ length: data.n }, (_, i) => i);
    this.cursor = data.n; // shuffle before the first batch
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.losses.length;
  }

  /** The learning rate used by the next step. */
  get lr(): number {
    return this.optimizer.paramGroups[0]!.lr;
  }

  set lr(value: number) {
    if (!(value > 0 && Number.isFinite(value))) throw new tg.ValueError("Trainer", `lr must be a positive number, got ${value}`, { lr: value });
    for (const group of this.optimizer.paramGroups) group.lr = value;
  }

  /**
   * Takes one SGD step on the next minibatch.
   * @returns that minibatch's loss before the step
   */
  step(): number {
    if (this.cursor + this.batchSize > this.data.n) {
      shuffle(this.order, this.gen);
      this.cursor = 0;
    }
    const { x, y } = gatherBatch(this.data, this.order, this.cursor, this.batchSize);
    this.cursor += this.batchSize;
    const model = this.classifier.model;
    model.train();
    const loss = tg.nn.crossEntropy(model.forward(x), y);
    this.optimizer.zeroGrad();
    loss.backward();
    this.optimizer.step();
    const value = loss.item();
    this.losses.push(value);
    return value;
  }

  /**
   * The probability of class 1 at each point of `points`, in eval mode (BatchNorm
   * uses its running statistics, as at inference).
   * @param points - `(m, 2)` coordinates
   * @returns m probabilities
   */
  predict(points: tg.Tensor): Float32Array {
    const model = this.classifier.model;
    model.eval();
    const logits = tg.noGrad(() => model.forward(points)).toTypedArray();
    model.train();
    const m = points.shape[0]!;
    const p = new Float32Array(m);
    // softmax over two logits is a sigmoid of their difference
    for (let i = 0; i < m; i++) p[i] = 1 / (1 + Math.exp(logits[2 * i]! - logits[2 * i + 1]!));
    return p;
  }

  /** Fraction of the training set classified correctly, in eval mode. */
  accuracy(): number {
    const p = this.predict(tg.tensor(this.data.x).reshape([this.data.n, 2]));
    let correct = 0;
    for (let i = 0; i < this.data.n; i++) if ((p[i]! > 0.5 ? 1 : 0) === this.data.y[i]) correct++;
    return correct / this.data.n;
  }

  /** The current γ and β of each BatchNorm layer, in layer order (empty for a plain network). */
  gammaBeta(): GammaBeta[] {
    return this.classifier.batchNorms.map((bn) => ({
      gamma: Array.from(bn.weight!.toTypedArray()),
      beta: Array.from(bn.bias!.toTypedArray()),
    }));
  }
}
