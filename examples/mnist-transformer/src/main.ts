// The command line of the vision-Transformer example: its options, checked before anything is
// loaded (--heads must divide --dim), then the kit's MNIST run with AdamW, warm-up and cosine decay.
import { defineCli, runCli } from "@tsgrad/example-kit/cli";
import { CLIP_NORM_OPTION, mnistOptions, runMnistExample } from "@tsgrad/example-kit/mnist";
import { VisionTransformer } from "./model.js";
import { train } from "./train.js";

const cli = defineCli({
  name: "mnist-transformer",
  summary:
    "A small vision Transformer on MNIST: 16 patches of 7×7 pixels linearly embedded, a class token, learned position " +
    "embeddings, pre-norm GELU TransformerEncoderLayers, a final LayerNorm and Linear(dim, 10) on the class token; " +
    "cross-entropy, AdamW with a linear warm-up and a cosine decay.",
  options: {
    ...mnistOptions({ epochs: 6, lr: 0.003, lrHelp: "AdamW's peak learning rate" }),
    weightDecay: { type: "number", min: 0, default: 0.05, help: "AdamW's decoupled weight decay of the weight matrices" },
    warmup: { type: "integer", min: 0, default: 300, help: "steps of linear warm-up from lr/100" },
    clipNorm: CLIP_NORM_OPTION,
    dim: { type: "integer", min: 1, default: 64, help: "token width" },
    depth: { type: "integer", min: 2, default: 2, help: "encoder layers" },
    heads: { type: "integer", min: 1, default: 4, help: "attention heads, dividing --dim" },
  },
  check: (o) => (o.dim % o.heads === 0 ? undefined : `--heads (${o.heads}) must divide --dim (${o.dim})`),
});

process.exitCode = await runCli(cli, (o) =>
  runMnistExample({
    ...o,
    flatten: false,
    makeModel: () => new VisionTransformer(o.seed, { dim: o.dim, depth: o.depth, heads: o.heads }),
    plan:
      `of batch ${o.batchSize}, AdamW lr ${o.lr} (warm-up ${o.warmup} steps, cosine to 0), ` +
      `weight decay ${o.weightDecay}, clip norm ${o.clipNorm}, seed ${o.seed}`,
    train: (model, trainSet, testSet, callbacks) => train(model, trainSet, testSet, { ...o, ...callbacks, warmupSteps: o.warmup }),
  }),
);
