// The MNIST example CLIs (mnist-mlp, mnist-cnn share cli.ts): usage on -h, and every option
// validated before any work starts, with a message and a hint to --help instead of a stack trace.
import { describe, expect, it } from "vitest";
import { parseMnistArgs } from "../src/cli.js";

const o = { defaultEpochs: 8, name: "mnist-mlp" };

describe("parseMnistArgs", () => {
  it("-h and --help give the usage", () => {
    for (const a of [["-h"], ["--help"], ["--epochs", "2", "-h"]]) {
      const r = parseMnistArgs(a, o);
      expect(r.kind).toBe("help");
      expect(r.kind === "help" && r.text).toMatch(/^Usage: mnist-mlp/);
    }
  });
  it("defaults, and given values", () => {
    expect(parseMnistArgs([], o)).toEqual({ kind: "run", settings: { epochs: 8, batchSize: 128, lr: 0.001, seed: 0 } });
    expect(parseMnistArgs(["--epochs", "2", "--batch-size=64", "--lr", "0.01", "--seed", "7", "--export-onnx", "m.onnx"], o)).toEqual({
      kind: "run",
      settings: { epochs: 2, batchSize: 64, lr: 0.01, seed: 7, exportOnnx: "m.onnx" },
    });
  });
  const bad: [string[], RegExp][] = [
    [["--epochs", "abc"], /--epochs must be a positive integer, got "abc"/],
    [["--epochs", "0"], /--epochs must be a positive integer/],
    [["--epochs", "1.5"], /--epochs/],
    [["--epochs", ""], /--epochs/],
    [["--batch-size=-3"], /--batch-size must be a positive integer/],
    [["--lr", "NaN"], /--lr must be a positive number/],
    [["--lr", "0"], /--lr must be a positive number/],
    [["--seed", "1.5"], /--seed must be an integer in \[0, 2\^32 - 1\]/],
    [["--seed=-1"], /--seed must be an integer/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["--epochs"], /--epochs/],
    [["extra"], /positional/i],
    [["--export-onnx", ""], /--export-onnx needs a file name/],
  ];
  for (const [argv, message] of bad) {
    it(`${JSON.stringify(argv)}: an error message with a hint to --help`, () => {
      const r = parseMnistArgs(argv, o);
      expect(r.kind).toBe("error");
      if (r.kind !== "error") return;
      expect(r.message).toMatch(message);
      expect(r.message).toMatch(/Run with --help for the options\.$/);
      expect(r.message).not.toMatch(/\n\s+at /);
    });
  }
});
