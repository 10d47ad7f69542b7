// The walkthrough's command: no options but -h/--help (an unknown one is refused with one line and
// exit code 2, by the kit's parser), then the walkthrough printed line by line.
import { defineCli, runCli } from "@tsgrad/example-kit/cli";
import { walkthrough } from "./walkthrough.js";

const cli = defineCli({
  name: "batchnorm-gamma-beta",
  summary:
    "The post's BatchNormalization walked through: normalisation, what gamma and beta do, their gradients " +
    "(the closed form next to autograd's), and a training run in which they learn a scale and a shift.",
  options: {},
});

process.exitCode = await runCli(cli, () => void walkthrough((line) => process.stdout.write(`${line}\n`)));
