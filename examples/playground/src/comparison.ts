import { type Dataset, type DatasetKind, makeDataset } from "./datasets.js";
import { History } from "./history.js";
import { buildClassifier } from "./model.js";
import { type GammaBeta, Trainer } from "./trainer.js";

/** What the page's controls choose. */
export interface RunConfig {
  dataset: DatasetKind;
  /** Learning rate of both networks. */
  lr: number;
  /** Hidden layers of both networks. */
  depth: number;
  /** Seed of the data, the weights and the minibatch order (default 0). */
  seed?: number;
  /** Units per hidden layer (default 16). */
  width?: number;
  /** Points in the dataset (default 300). */
  points?: number;
  /** Points per minibatch (default 32). */
  batchSize?: number;
}

/** Both networks' smoothed loss at one step. */
export interface LossPair {
  readonly bn: number;
  readonly plain: number;
}

/** Weight of the newest minibatch loss in the smoothed curve. */
const SMOOTHING = 0.1;

/**
 * Two classifiers of the same shape trained side by side on the same data, from the
 * same initial Linear weights and with the same minibatches: one with BatchNorm1d
 * after each hidden Linear, one without. Keeps what the page charts: the smoothed
 * losses and the BatchNorm layers' γ and β over the run.
 */
export class Comparison {
  /** The settings this run started with (the learning rate may change later). */
  readonly config: Readonly<RunConfig>;
  /** The shared training set. */
  readonly data: Dataset;
  /** The network with BatchNorm1d. */
  readonly bn: Trainer;
  /** The network without. */
  readonly plain: Trainer;
  /** Exponentially smoothed minibatch losses over the run. */
  readonly lossHistory = new History<LossPair>(600);
  /** γ and β of every BatchNorm layer over the run, from step 0. */
  readonly gammaBetaHistory = new History<GammaBeta[]>(300);
  private smoothed: LossPair | null = null;

  /**
   * @param config - dataset, learning rate, depth and the optional sizes and seed
   */
  constructor(config: RunConfig) {
    this.config = { ...config };
    const seed = config.seed ?? 0;
    this.data = makeDataset(config.dataset, { n: config.points ?? 300, seed });
    const shape = { depth: config.depth, seed, ...(config.width === undefined ? {} : { width: config.width }) };
    const opts = { lr: config.lr, seed, ...(config.batchSize === undefined ? {} : { batchSize: config.batchSize }) };
    this.bn = new Trainer(buildClassifier({ ...shape, batchNorm: true }), this.data, opts);
    this.plain = new Trainer(buildClassifier({ ...shape, batchNorm: false }), this.data, opts);
    this.gammaBetaHistory.offer(0, this.bn.gammaBeta());
  }

  /** Steps taken by each network. */
  get steps(): number {
    return this.bn.steps;
  }

  /** The learning rate of both networks. */
  get lr(): number {
    return this.bn.lr;
  }

  set lr(value: number) {
    this.bn.lr = value;
    this.plain.lr = value;
  }

  /** The latest smoothed losses, or null before the first step. */
  get smoothedLoss(): LossPair | null {
    return this.smoothed;
  }

  /**
   * Takes one step in each network and records the histories.
   * @returns the two minibatch losses of this step
   */
  step(): LossPair {
    const now = { bn: this.bn.step(), plain: this.plain.step() };
    const prev = this.smoothed ?? now;
    this.smoothed = {
      bn: prev.bn + SMOOTHING * (now.bn - prev.bn),
      plain: prev.plain + SMOOTHING * (now.plain - prev.plain),
    };
    this.lossHistory.offer(this.steps, this.smoothed);
    this.gammaBetaHistory.offer(this.steps, this.bn.gammaBeta());
    return now;
  }
}
