import { runMnistCli } from "./cli.js";
import { Mlp } from "./model.js";

await runMnistCli({ makeModel: (seed) => new Mlp(seed), flatten: true, defaultEpochs: 8, name: "mnist-mlp" }).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
