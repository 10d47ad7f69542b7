// The command line of the CNN example: the shared Adam-example command of the kit (options checked
// before MNIST is loaded, a progress bar, each epoch's test accuracy, --export-onnx) with the CNN.
import { runAdamExample } from "@tsgrad/example-kit/mnist";
import { Cnn } from "./model.js";

const summary = "A small CNN: two Conv2d + BatchNorm2d + ReLU + MaxPool2d blocks, then a classifier.";
// Images as (N, 1, 28, 28): flatten false.
await runAdamExample({ name: "mnist-cnn", summary, epochs: 3, flatten: false, makeModel: (seed) => new Cnn(seed) });
