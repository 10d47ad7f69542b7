// bn-paper-mnist's command line: usage on -h, every option validated before any work starts (one
// line with a hint, no stack trace), and the default --eval-every. The progress line's fit to the
// terminal is tested with the kit's progress bar (examples/kit/test/progress.test.ts).
import { describe, expect, it } from "vitest";
import { MNIST_TRAIN_SIZE } from "@tsgrad/example-kit/mnist";
import { BATCH_SIZE, parseBnArgs } from "../src/cli-args.js";

describe("parseBnArgs", () => {
  it("-h and --help give the usage", () => {
    for (const a of [["-h"], ["--help"]]) {
      const r = parseBnArgs(a);
      expect(r.kind === "help" && r.text).toMatch(/^Usage: bn-paper-mnist/);
      expect(r.kind === "help" && r.text).toMatch(/--eval-every N +steps between evaluations \(a positive integer,\s+default\s+steps\/30\)/);
    }
  });
  it("defaults and given values", () => {
    expect(parseBnArgs([])).toEqual({ kind: "run", values: { steps: 3000, lr: 0.1, initStd: 0.1, seed: 0, evalEvery: 100, out: "out/bn-paper-mnist" } });
    const r = parseBnArgs(["--steps", "60", "--train-size", String(MNIST_TRAIN_SIZE), "--out", "x", "--eval-every", "5"]);
    expect(r.kind === "run" && r.values).toMatchObject({ steps: 60, trainSize: 60000, out: "x", evalEvery: 5 });
    expect(parseBnArgs(["--steps", "45"])).toMatchObject({ values: { evalEvery: 2 } });
    expect(parseBnArgs(["--train-size", String(BATCH_SIZE)])).toMatchObject({ values: { trainSize: 60 } });
  });
  const bad: [string[], RegExp][] = [
    [["--train-size", "0"], /--train-size must be an integer in \[60, 60000\], got "0"/],
    // Fewer images than one batch of 60 would leave the loader (which drops a partial batch) empty.
    [["--train-size", "59"], /--train-size must be an integer in \[60, 60000\], got "59"/],
    [["--train-size", "60001"], /--train-size/],
    [["--train-size", "abc"], /--train-size/],
    [["--steps", "0"], /--steps must be a positive integer/],
    [["--steps", "1e400"], /--steps/],
    [["--lr", "x"], /--lr must be a non-negative number/],
    [["--eval-every", "0"], /--eval-every/],
    [["--seed", "1.5"], /--seed/],
    // The loader's seed is seed + 1: every seed taken must be one a Generator takes.
    [["--seed", String(2 ** 32 - 1)], /--seed must be an integer in \[0, 2\^31 - 1\]/],
    [["--out", ""], /--out needs a folder name/],
    [["--export-onnx", ""], /--export-onnx needs a file name/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--steps"], /--steps/],
  ];
  for (const [argv, message] of bad) {
    it(`${JSON.stringify(argv)}: an error message with a hint to --help`, () => {
      const r = parseBnArgs(argv);
      expect(r.kind).toBe("error");
      if (r.kind !== "error") return;
      expect(r.message).toMatch(message);
      expect(r.message).toMatch(/^[^\n]*Run with --help for the options\.$/);
    });
  }
});
