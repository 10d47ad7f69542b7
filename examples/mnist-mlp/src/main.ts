// The command line of the MLP example: the shared Adam-example command of the kit (options checked
// before MNIST is loaded, a progress bar, each epoch's test accuracy, --export-onnx) with the MLP.
import { runAdamExample } from "@tsgrad/example-kit/mnist";
import { Mlp } from "./model.js";

const summary = "A modern MLP, 784-256-256-10 with BatchNorm1d and ReLU.";
// BatchNorm1d cannot train on a batch of one image: batchNorm1d makes the command refuse such runs.
await runAdamExample({ name: "mnist-mlp", summary, epochs: 8, flatten: true, makeModel: (seed) => new Mlp(seed), batchNorm1d: true });
