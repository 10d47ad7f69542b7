// The command line of the BatchNorm-paper experiment: its option specs for the kit's parser, which
// checks every value before any work starts (a pure function, so its messages are tested apart).
import { type CliRequest, type Values, defineCli } from "@tsgrad/example-kit/cli";
import { MNIST_TRAIN_SIZE, SEED_OPTION } from "@tsgrad/example-kit/mnist";

/** The mini-batch size (the paper's 60): the smallest --train-size, as the loader drops a partial last batch. */
export const BATCH_SIZE = 60;

/** The command line: options, usage text and parser. */
export const BN_CLI = defineCli({
  name: "bn-paper-mnist",
  summary: "The BatchNorm paper's MNIST experiment (Ioffe & Szegedy 2015, Figure 1) with tsgrad.",
  options: {
    steps: { type: "integer", min: 1, default: 3000, defaultText: "3000; the paper: 50000", help: "training steps of each net" },
    lr: { type: "number", min: 0, default: 0.1, help: "SGD learning rate" },
    initStd: { type: "number", min: 0, default: 0.1, help: "std of the Gaussian initial weights" },
    seed: { ...SEED_OPTION, help: "seed of the weights and the batch order" },
    evalEvery: { type: "integer", min: 1, defaultText: "steps/30", help: "steps between evaluations" },
    trainSize: { type: "integer", min: BATCH_SIZE, max: MNIST_TRAIN_SIZE, defaultText: "all 60000", help: "use only the first N training images" },
    out: { type: "outDir", default: "out/bn-paper-mnist", help: "output folder for report.html and results.json, created and checked writable before training" },
    exportOnnx: {
      type: "outFile",
      placeholder: "F",
      help: "after training, write the BatchNorm net to F as ONNX and print its test accuracy in ONNX Runtime next to tsgrad's (needs onnxruntime-node)",
    },
  },
});

/** The settings of one run: the parsed values, `evalEvery` filled in. */
export type BnSettings = Values<typeof BN_CLI.options> & { evalEvery: number };

/** The values with the default `--eval-every`: 30 evaluations over the run. */
export function bnSettings(values: Values<typeof BN_CLI.options>): BnSettings {
  return { ...values, evalEvery: values.evalEvery ?? Math.max(1, Math.round(values.steps / 30)) };
}

/** Parses and checks every option ({@link BN_CLI}), the settings completed; nothing is loaded or trained here. */
export function parseBnArgs(argv: readonly string[]): CliRequest<BnSettings> {
  const r = BN_CLI.parse(argv);
  return r.kind === "run" ? { kind: "run", values: bnSettings(r.values) } : r;
}
