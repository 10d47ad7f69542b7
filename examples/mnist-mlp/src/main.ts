import { runMnistCli } from "./cli.js";
import { Mlp } from "./model.js";

await runMnistCli({ makeModel: (seed) => new Mlp(seed), flatten: true, defaultEpochs: 8 });
