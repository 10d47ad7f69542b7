import { runMnistCli } from "@tsgrad/example-mnist-mlp/cli";
import { Cnn } from "./model.js";

await runMnistCli({ makeModel: (seed) => new Cnn(seed), flatten: false, defaultEpochs: 3 });
