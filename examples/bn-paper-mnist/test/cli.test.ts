// bn-paper-mnist's command line: usage on -h, every option validated before any work starts
// (an error message with a hint, no stack trace), and a progress line that fits the terminal.
import { describe, expect, it } from "vitest";
import { MNIST_TRAIN_SIZE, parseBnArgs } from "../src/cli-args.js";
import { fitLine } from "../src/progress.js";

describe("parseBnArgs", () => {
  it("-h and --help give the usage", () => {
    for (const a of [["-h"], ["--help"]]) {
      const r = parseBnArgs(a);
      expect(r.kind === "help" && r.text).toMatch(/^Usage: bn-paper-mnist/);
    }
  });
  it("defaults and given values", () => {
    expect(parseBnArgs([])).toEqual({ kind: "run", settings: { steps: 3000, lr: 0.1, initStd: 0.1, seed: 0, evalEvery: 100, out: "out/bn-paper-mnist" } });
    const r = parseBnArgs(["--steps", "60", "--train-size", String(MNIST_TRAIN_SIZE), "--out", "x", "--eval-every", "5"]);
    expect(r.kind === "run" && r.settings).toMatchObject({ steps: 60, trainSize: 60000, out: "x", evalEvery: 5 });
  });
  const bad: [string[], RegExp][] = [
    [["--train-size", "0"], /--train-size must be an integer in \[1, 60000\], got "0"/],
    [["--train-size", "60001"], /--train-size/],
    [["--train-size", "abc"], /--train-size/],
    [["--steps", "0"], /--steps must be an integer ≥ 1/],
    [["--steps", "1e400"], /--steps/],
    [["--lr", "x"], /--lr must be a number/],
    [["--eval-every", "0"], /--eval-every/],
    [["--seed", "1.5"], /--seed/],
    [["--out", ""], /--out needs a folder name/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--steps"], /--steps/],
  ];
  for (const [argv, message] of bad) {
    it(`${JSON.stringify(argv)}: an error message with a hint to --help`, () => {
      const r = parseBnArgs(argv);
      expect(r.kind).toBe("error");
      if (r.kind !== "error") return;
      expect(r.message).toMatch(message);
      expect(r.message).toMatch(/Run with --help for the options\.$/);
    });
  }
});

describe("fitLine", () => {
  const line = "1200/3000  85.3 steps/s  loss(noBN) 0.123  loss(BN) 0.045  ETA 21s";
  for (const columns of [undefined, 200, 80, 60, 40, 20, 10, 1]) {
    it(`fits ${String(columns)} columns`, () => {
      const out = fitLine(0.4, line, columns);
      expect(out.length).toBeLessThanOrEqual(Math.max(10, (columns ?? 80) - 1));
    });
  }
  it("keeps the full bar when there is room, and drops it before cutting the text", () => {
    expect(fitLine(0.5, "abc", 200)).toBe(`[${"#".repeat(12)}${"-".repeat(12)}] abc`);
    expect(fitLine(0.5, line, line.length + 1)).toBe(line);
    expect(fitLine(0.5, line, 30)).toMatch(/…$/);
  });
});
