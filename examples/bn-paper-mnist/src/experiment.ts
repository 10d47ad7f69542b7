// The BatchNorm paper's Figure 1 experiment: both nets trained on the same batches from the same
// weights, test accuracy and one sigmoid input's percentiles recorded at every evaluation step.
import { evaluate as accuracy } from "@tsgrad/example-kit/train";
import * as tg from "tsgrad";
import { PaperNet } from "./model.js";

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  /** Training steps (mini-batches) for each net. */
  steps: number;
  /** Mini-batch size (the paper: 60). */
  batchSize: number;
  /** SGD learning rate, the same for both nets. */
  lr: number;
  /** Seed of the initial weights and of the mini-batch sequence. */
  seed: number;
  /** Standard deviation of the Gaussian initial weights. */
  initStd: number;
  /** Evaluate test accuracy and the sigmoid-input percentiles every this many steps. */
  evalEvery: number;
  /** Index of the last-hidden-layer unit whose sigmoid input Figure 1(b, c) follows. */
  unit: number;
  /** Number of test images the percentiles are taken over. */
  probeSize: number;
}

/** The data the experiment runs on: flattened images in [0, 1] and int32 labels. */
export interface ExperimentData {
  trainImages: tg.Tensor;
  trainLabels: tg.Tensor;
  testImages: tg.Tensor;
  testLabels: tg.Tensor;
}

/** One net's recorded curves. */
export interface NetRecord {
  /** Test accuracy at each evaluation step. */
  testAccuracy: number[];
  /** Mean training loss over the steps since the previous evaluation. */
  trainLoss: number[];
  /** 15th, 50th and 85th percentiles of the unit's sigmoid input over the probe images. */
  percentiles: { p15: number[]; p50: number[]; p85: number[] };
}

/** Everything behind the report. */
export interface ExperimentResult {
  options: ExperimentOptions;
  /** Training step of each evaluation point (0 = before training). */
  steps: number[];
  withoutBN: NetRecord;
  withBN: NetRecord;
  /** Wall-clock seconds of the training loop (both nets, evaluations included). */
  seconds: number;
  /** Seconds per 1,000 training steps of both nets, evaluations excluded. */
  secondsPer1000Steps: number;
}

/** Progress callback: the step just done and both nets' latest training losses. */
export type ProgressFn = (step: number, lossWithout: number, lossWith: number) => void;

/** Linear-interpolated percentile of sorted values (NumPy's default method). */
export function percentile(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

function recordPercentiles(net: PaperNet, probe: tg.Tensor, unit: number, into: NetRecord["percentiles"]): void {
  const wasTraining = net.training;
  net.eval();
  tg.noGrad(() => net.forward(probe));
  net.train(wasTraining);
  const z = net.lastSigmoidInput!;
  const values = Float64Array.from(z.slice([null, [unit, unit + 1]]).toTypedArray()).sort();
  into.p15.push(percentile(values, 15));
  into.p50.push(percentile(values, 50));
  into.p85.push(percentile(values, 85));
}

function emptyRecord(): NetRecord {
  return { testAccuracy: [], trainLoss: [], percentiles: { p15: [], p50: [], p85: [] } };
}

/**
 * Trains the paper's net with and without BatchNorm from the same initial weights on
 * the same sequence of mini-batches (shuffled epochs from one seeded DataLoader),
 * recording test accuracy and the distribution of one last-layer sigmoid
 * input at every evaluation step. `onTrained` is handed both trained nets at the end
 * (to export one, say); they are not part of the serialisable result.
 */
export function runExperiment(
  data: ExperimentData,
  opts: ExperimentOptions,
  onProgress?: ProgressFn,
  onTrained?: (nets: { withoutBN: PaperNet; withBN: PaperNet }) => void,
): ExperimentResult {
  const nets = {
    withoutBN: new PaperNet({ batchNorm: false, initStd: opts.initStd, generator: new tg.Generator(opts.seed) }),
    withBN: new PaperNet({ batchNorm: true, initStd: opts.initStd, generator: new tg.Generator(opts.seed) }),
  };
  const optimizers = {
    withoutBN: new tg.optim.SGD(nets.withoutBN.parameters(), { lr: opts.lr }),
    withBN: new tg.optim.SGD(nets.withBN.parameters(), { lr: opts.lr }),
  };
  const records = { withoutBN: emptyRecord(), withBN: emptyRecord() };
  const test = { images: data.testImages, labels: data.testLabels };
  const probe = data.testImages.slice([[0, opts.probeSize]]);
  const steps: number[] = [];
  // Shuffled epochs from one seeded loader; both nets see exactly the same batches.
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(data.trainImages, data.trainLabels), {
    batchSize: opts.batchSize,
    shuffle: true,
    dropLast: true,
    seed: opts.seed + 1,
  });
  let epoch = loader[Symbol.iterator]();
  const nextBatch = (): [tg.Tensor, tg.Tensor] => {
    let r = epoch.next();
    if (r.done) {
      epoch = loader[Symbol.iterator]();
      r = epoch.next();
    }
    return r.value;
  };
  const lossSums = { withoutBN: 0, withBN: 0 };
  let lossCount = 0;
  const evaluate = (step: number): void => {
    steps.push(step);
    for (const key of ["withoutBN", "withBN"] as const) {
      records[key].testAccuracy.push(accuracy(nets[key], test, 2000));
      records[key].trainLoss.push(lossCount > 0 ? lossSums[key] / lossCount : Number.NaN);
      recordPercentiles(nets[key], probe, opts.unit, records[key].percentiles);
      lossSums[key] = 0;
    }
    lossCount = 0;
  };
  const started = performance.now();
  let evalMs = 0;
  const timedEvaluate = (step: number): void => {
    const t0 = performance.now();
    evaluate(step);
    evalMs += performance.now() - t0;
  };
  timedEvaluate(0);
  for (let step = 1; step <= opts.steps; step++) {
    const [x, y] = nextBatch();
    const losses = { withoutBN: 0, withBN: 0 };
    for (const key of ["withoutBN", "withBN"] as const) {
      const loss = tg.nn.crossEntropy(nets[key].forward(x), y);
      optimizers[key].zeroGrad();
      loss.backward();
      optimizers[key].step();
      losses[key] = loss.item();
      lossSums[key] += losses[key];
    }
    lossCount++;
    if (step % opts.evalEvery === 0 || step === opts.steps) timedEvaluate(step);
    onProgress?.(step, losses.withoutBN, losses.withBN);
  }
  const seconds = (performance.now() - started) / 1000;
  onTrained?.(nets);
  return {
    options: opts,
    steps,
    withoutBN: records.withoutBN,
    withBN: records.withBN,
    seconds,
    secondsPer1000Steps: ((seconds - evalMs / 1000) / opts.steps) * 1000,
  };
}
