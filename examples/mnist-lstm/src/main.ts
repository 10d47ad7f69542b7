// The command line of the LSTM example: its options (the kit's MNIST options and --clip-norm), checked
// before anything is loaded, then the kit's MNIST run with Adam, a cosine schedule and clipping.
import { defineCli, runCli } from "@tsgrad/example-kit/cli";
import { CLIP_NORM_OPTION, mnistOptions, runMnistExample } from "@tsgrad/example-kit/mnist";
import { adamCosine, fit } from "@tsgrad/example-kit/train";
import { LstmClassifier } from "./model.js";

const cli = defineCli({
  name: "mnist-lstm",
  summary:
    "MNIST read row by row: an LSTM (28 steps of 28 pixels, hidden 128), then Linear(128, 10) on the last step's output; " +
    "cross-entropy, Adam with a cosine-annealed learning rate, the gradient norm clipped.",
  options: { ...mnistOptions({ epochs: 5, lr: 0.003, lrHelp: "Adam's peak learning rate, annealed to 0 along a cosine" }), clipNorm: CLIP_NORM_OPTION },
});

process.exitCode = await runCli(cli, (o) =>
  runMnistExample({
    ...o,
    flatten: false,
    makeModel: () => new LstmClassifier(o.seed),
    plan: `of batch ${o.batchSize}, lr ${o.lr} (cosine to 0), clip norm ${o.clipNorm}, seed ${o.seed}`,
    train: (model, trainSet, testSet, callbacks) => fit(model, trainSet, testSet, { ...o, ...callbacks, optimization: adamCosine(o.lr) }),
  }),
);
