// The Adam examples' command line (mnist-mlp, mnist-cnn: adamCli), as mnist-mlp's test checked it:
// usage on -h, every option validated before any work starts, one line with a hint to --help.
import { describe, expect, it } from "vitest";
import { MNIST_TRAIN_SIZE, adamCli, mnistOptions, singleImageBatch } from "../src/mnist.js";

const cli = adamCli({ name: "mnist-mlp", summary: "An MLP.", epochs: 8, batchNorm1d: true });

describe("adamCli", () => {
  it("-h and --help give the usage", () => {
    for (const a of [["-h"], ["--help"], ["--epochs", "2", "-h"]]) {
      const r = cli.parse(a);
      expect(r.kind).toBe("help");
      expect(r.kind === "help" && r.text).toMatch(/^Usage: mnist-mlp/);
      expect(r.kind === "help" && r.text).toMatch(/--export-onnx F/);
    }
  });
  it("defaults, and given values", () => {
    expect(cli.parse([])).toEqual({ kind: "run", values: { epochs: 8, batchSize: 128, lr: 0.001, seed: 0, trainSize: MNIST_TRAIN_SIZE } });
    expect(cli.parse(["--epochs", "2", "--batch-size=64", "--lr", "0.01", "--seed", "7", "--export-onnx", "m.onnx", "--train-size", "1000"])).toEqual({
      kind: "run",
      values: { epochs: 2, batchSize: 64, lr: 0.01, seed: 7, exportOnnx: "m.onnx", trainSize: 1000 },
    });
  });
  const bad: [string[], RegExp][] = [
    [["--epochs", "abc"], /--epochs must be a positive integer, got "abc"/],
    [["--epochs", "0"], /--epochs must be a positive integer/],
    [["--epochs", "1.5"], /--epochs/],
    [["--epochs", ""], /--epochs/],
    [["--batch-size=-3"], /--batch-size must be an integer in \[1, 60000\]/],
    [["--lr", "NaN"], /--lr must be a positive number/],
    [["--lr", "0"], /--lr must be a positive number/],
    [["--seed", "1.5"], /--seed must be an integer in \[0, 2\^31 - 1\]/],
    [["--seed=-1"], /--seed must be an integer/],
    // The models seed their layers with seed, seed + 1, …: a Generator takes up to 2^32 − 1.
    [["--seed", String(2 ** 32 - 1)], /--seed must be an integer in \[0, 2\^31 - 1\]/],
    [["--train-size", "0"], /--train-size must be an integer in \[1, 60000\], got "0"/],
    [["--train-size", "60001"], /--train-size/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["--epochs"], /--epochs/],
    [["extra"], /positional/i],
    [["--export-onnx", ""], /--export-onnx needs a file name/],
    // BatchNorm1d cannot train on a batch of one image: refused before MNIST is loaded.
    [["--batch-size", "1"], /--batch-size 1 gives batches of one image/],
    [["--train-size", "129"], /--train-size 129 with --batch-size 128 leaves a last batch of one image/],
  ];
  for (const [argv, message] of bad) {
    it(`${JSON.stringify(argv)}: an error message with a hint to --help`, () => {
      const r = cli.parse(argv);
      expect(r.kind).toBe("error");
      if (r.kind !== "error") return;
      expect(r.message).toMatch(message);
      expect(r.message).toMatch(/^[^\n]*Run with --help for the options\.$/);
      expect(r.message).not.toMatch(/\n\s+at /);
    });
  }
  it("without BatchNorm1d, batches of one image are fine", () => {
    const cnn = adamCli({ name: "mnist-cnn", summary: "A CNN.", epochs: 3 });
    expect(cnn.parse(["--batch-size", "1", "--train-size", "3"])).toMatchObject({ kind: "run", values: { batchSize: 1, trainSize: 3, epochs: 3 } });
  });
});

describe("singleImageBatch and mnistOptions", () => {
  it("flags exactly the runs with a batch of one image", () => {
    for (const trainSize of [1, 2, 3, 127, 128, 129, 257, 60000]) {
      for (const batchSize of [1, 2, 128]) {
        const last = trainSize % batchSize;
        const hasSingle = batchSize === 1 || last === 1;
        expect(singleImageBatch({ trainSize, batchSize }) !== undefined).toBe(hasSingle);
      }
    }
  });
  it("the shared options and their defaults", () => {
    const o = mnistOptions({ epochs: 5, lr: 0.003, lrHelp: "peak lr" });
    expect(Object.keys(o)).toEqual(["epochs", "batchSize", "lr", "seed", "trainSize"]);
    expect([o.epochs.default, o.batchSize.default, o.lr.default, o.seed.default, o.trainSize.default]).toEqual([5, 128, 0.003, 0, 60000]);
  });
});
