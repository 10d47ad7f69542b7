import { runMnistCli } from "@tsgrad/example-mnist-mlp/cli";
import { Cnn } from "./model.js";

await runMnistCli({ makeModel: (seed) => new Cnn(seed), flatten: false, defaultEpochs: 3, name: "mnist-cnn" }).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
