// The kit's command-line parser: typed values and defaults, the usage text, unknown options (with a
// hint to --help), bad values, cross-option checks, output paths checked before the run, exit codes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HELP_HINT, checkOutputs, defineCli, describeSpec, flagOf, runCli } from "../src/cli.js";

const cli = defineCli({
  name: "demo",
  summary: "Trains something small, to test the parser; the summary is long enough that the usage text has to wrap it onto a second line.",
  options: {
    epochs: { type: "integer", min: 1, default: 5, help: "passes over the data" },
    batchSize: { type: "integer", min: 1, max: 100, default: 10, help: "images per step" },
    lr: { type: "number", min: 0, exclusiveMin: true, default: 0.5, help: "learning rate" },
    decay: { type: "number", min: 0, default: 0, help: "weight decay" },
    name: { type: "string", help: "a label for the run" },
    out: { type: "outDir", default: "out/demo", help: "where the report goes" },
    model: { type: "outFile", placeholder: "F", help: "write the model to F, a file name long enough for the usage text to wrap it" },
  },
  check: (v) => (v.batchSize > v.epochs * 10 ? `--batch-size (${v.batchSize}) must be at most 10 × --epochs (${v.epochs})` : undefined),
});

/** The one-line error of `argv`, checked to be one line ending with the hint. */
function errorOf(argv: string[]): string {
  const r = cli.parse(argv);
  expect(r.kind).toBe("error");
  const message = r.kind === "error" ? r.message : "";
  expect(message).not.toContain("\n");
  expect(message.endsWith(`. ${HELP_HINT}`)).toBe(true);
  return message;
}

describe("parse", () => {
  it("gives the defaults, typed; options without a default are undefined", () => {
    const r = cli.parse([]);
    expect(r).toEqual({ kind: "run", values: { epochs: 5, batchSize: 10, lr: 0.5, decay: 0, out: "out/demo" } });
    if (r.kind === "run") {
      const epochs: number = r.values.epochs;
      const name: string | undefined = r.values.name;
      expect([epochs, name]).toEqual([5, undefined]);
    }
  });

  it("reads --name value and --name=value, the last one given winning", () => {
    const r = cli.parse(["--epochs", "7", "--batch-size=64", "--lr", "1e-3", "--name", "-x-", "--model=m.onnx", "--epochs", "8"]);
    expect(r).toEqual({ kind: "run", values: { epochs: 8, batchSize: 64, lr: 0.001, decay: 0, name: "-x-", out: "out/demo", model: "m.onnx" } });
    // A value may start with one dash: it is checked as a value, not taken for an option.
    expect(errorOf(["--epochs", "-3"])).toMatch(/^--epochs must be a positive integer, got "-3"/);
  });

  it("-h and --help anywhere give the usage", () => {
    for (const argv of [["-h"], ["--help"], ["--epochs", "2", "-h"], ["--bogus", "--help"]]) {
      const r = cli.parse(argv);
      expect(r.kind).toBe("help");
      expect(r.kind === "help" && r.text).toBe(cli.usage());
    }
  });

  it("an unknown option: its name, a close one when there is one, and the hint", () => {
    expect(errorOf(["--frobnicate"])).toBe(`Unknown option '--frobnicate'. ${HELP_HINT}`);
    expect(errorOf(["--epoch", "3"])).toBe(`Unknown option '--epoch' (did you mean --epochs?). ${HELP_HINT}`);
    expect(errorOf(["--batch", "3"])).toMatch(/did you mean --batch-size\?/);
    expect(errorOf(["-x"])).toMatch(/^Unknown option '-x'/);
    expect(errorOf(["--batchSize=3"])).toMatch(/^Unknown option '--batchSize' \(did you mean --batch-size\?\)/);
  });

  it("a missing value or a positional argument", () => {
    expect(errorOf(["--epochs"])).toMatch(/^--epochs needs a value/);
    expect(errorOf(["--epochs", "--lr", "1"])).toMatch(/^--epochs needs a value/);
    expect(errorOf(["extra"])).toMatch(/^Unexpected argument 'extra': demo takes no positional arguments/);
    expect(errorOf(["--", "extra"])).toMatch(/positional/);
    expect(cli.parse(["--"]).kind).toBe("run");
  });

  const bad: [string[], string][] = [
    [["--epochs", "abc"], `--epochs must be a positive integer, got "abc"`],
    [["--epochs", "0"], `--epochs must be a positive integer, got "0"`],
    [["--epochs", "1.5"], `--epochs must be a positive integer, got "1.5"`],
    [["--epochs", ""], `--epochs must be a positive integer, got ""`],
    [["--epochs", " "], `--epochs must be a positive integer, got " "`],
    [["--epochs", "1e400"], `--epochs must be a positive integer, got "1e400"`],
    [["--epochs", "9007199254740993"], `--epochs must be a positive integer, got "9007199254740993"`],
    [["--batch-size", "101"], `--batch-size must be an integer in [1, 100], got "101"`],
    [["--lr", "0"], `--lr must be a positive number, got "0"`],
    [["--lr", "NaN"], `--lr must be a positive number, got "NaN"`],
    [["--lr", "Infinity"], `--lr must be a positive number, got "Infinity"`],
    [["--decay", "-0.1"], `--decay must be a non-negative number, got "-0.1"`],
    [["--name", ""], "--name needs a value"],
    [["--out", ""], "--out needs a folder name"],
    [["--model", ""], "--model needs a file name"],
  ];
  for (const [argv, problem] of bad) {
    it(`${JSON.stringify(argv)}: ${problem}`, () => {
      expect(errorOf(argv)).toBe(`${problem}. ${HELP_HINT}`);
    });
  }

  it("every bad value is named, on one line; the cross-option check runs once each is valid", () => {
    expect(errorOf(["--epochs", "x", "--lr", "-1"])).toBe(`--epochs must be a positive integer, got "x"; --lr must be a positive number, got "-1". ${HELP_HINT}`);
    expect(errorOf(["--epochs", "2", "--batch-size", "30"])).toBe(`--batch-size (30) must be at most 10 × --epochs (2). ${HELP_HINT}`);
    expect(errorOf(["--epochs", "x", "--batch-size", "30"])).not.toMatch(/at most/);
    expect(cli.parse(["--epochs", "3", "--batch-size", "30"]).kind).toBe("run");
  });
});

describe("the usage text", () => {
  const text = cli.usage();
  it("has the usage line, the summary and every option with its kind of value and default", () => {
    expect(text).toMatch(/^Usage: demo \[options\]\n\nTrains something small/);
    expect(text).toMatch(/\n {2}--epochs N +passes over the data \(a positive integer, default 5\)\n/);
    expect(text).toMatch(/\n {2}--batch-size N +images per step \(an integer in \[1, 100\], default 10\)\n/);
    expect(text).toMatch(/\n {2}--lr X +learning rate \(a positive number, default 0.5\)\n/);
    expect(text).toMatch(/\n {2}--name S +a label for the run\n/);
    expect(text).toMatch(/\n {2}--out DIR +where the report goes \(default out\/demo\)\n/);
    expect(text).toMatch(/\n {2}--model F +write the model to F/);
    expect(text).toMatch(/\n {2}-h, --help +this text\n$/);
  });
  it("fits 80 columns, continuation lines under the help column", () => {
    const lines = text.split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\[[^\]\n]*\n/); // a range such as [1, 100] is never split
    const column = lines.find((l) => l.startsWith("  --epochs"))!.indexOf("passes");
    const wrapped = lines.filter((l, i) => i > 0 && /^ +\S/.test(l) && !/^ {2}-/.test(l));
    expect(wrapped.length).toBeGreaterThan(0);
    for (const l of wrapped) expect(l.search(/\S/)).toBe(column);
  });
  it("shows defaultText in place of the default", () => {
    const c = defineCli({ name: "x", summary: "s", options: { every: { type: "integer", min: 1, defaultText: "steps/30", help: "evaluations" } } });
    expect(c.usage()).toContain("evaluations (a positive integer, default steps/30)");
  });
});

describe("flagOf and describeSpec", () => {
  it("turns property names into flags", () => {
    expect(["epochs", "batchSize", "exportOnnx", "initStd"].map(flagOf)).toEqual(["--epochs", "--batch-size", "--export-onnx", "--init-std"]);
  });
  it("says what a valid value is", () => {
    expect(describeSpec({ type: "integer", help: "" })).toBe("an integer");
    expect(describeSpec({ type: "integer", min: 0, help: "" })).toBe("a non-negative integer");
    expect(describeSpec({ type: "integer", min: 2, help: "" })).toBe("an integer ≥ 2");
    expect(describeSpec({ type: "integer", max: 9, help: "" })).toBe("an integer ≤ 9");
    expect(describeSpec({ type: "integer", min: 0, max: 2 ** 31 - 1, help: "" })).toBe("an integer in [0, 2^31 - 1]");
    expect(describeSpec({ type: "integer", min: 0, max: 2 ** 32 - 1, help: "" })).toBe("an integer in [0, 2^32 - 1]");
    expect(describeSpec({ type: "number", help: "" })).toBe("a finite number");
    expect(describeSpec({ type: "number", min: 1, help: "" })).toBe("a number ≥ 1");
    expect(describeSpec({ type: "number", min: 1, exclusiveMin: true, help: "" })).toBe("a number > 1");
    expect(describeSpec({ type: "number", min: 0, exclusiveMin: true, max: 1, help: "" })).toBe("a number in (0, 1]");
    expect(describeSpec({ type: "number", max: 1, help: "" })).toBe("a number ≤ 1");
    expect(describeSpec({ type: "outDir", help: "" })).toBeUndefined();
  });
  it("keeps a range in brackets on one line when wrapping", () => {
    const c = defineCli({ name: "x", summary: "s", options: { seed: { type: "integer", min: 0, max: 2 ** 31 - 1, default: 0, help: "a seed with a help text just long enough" } } });
    expect(c.usage()).toContain("(an integer in\n              [0, 2^31 - 1], default 0)\n");
  });
});

describe("output paths, before the run", () => {
  const root = mkdtempSync(join(tmpdir(), "kit-cli-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const aFile = join(root, "a-file");
  writeFileSync(aFile, "x");
  const values = (over: { out?: string; model?: string }) => ({ epochs: 1, batchSize: 1, lr: 1, decay: 0, out: "out", ...over });

  it("creates the folder of an outDir and of an outFile", () => {
    expect(checkOutputs(cli.options, values({ out: "new/deep", model: "models/m.onnx" }), root)).toBeUndefined();
    for (const dir of ["new/deep", "models"]) expect(() => mkdirSync(join(root, dir))).toThrow(/EEXIST/);
  });

  it("refuses a folder that cannot be made, and a file that is a folder", () => {
    expect(checkOutputs(cli.options, values({ out: "a-file/sub" }), root)).toMatch(new RegExp(`^--out ${aFile}/sub: cannot write there \\(`));
    expect(checkOutputs(cli.options, values({ out: "a-file" }), root)).toMatch(/^--out .*a-file: cannot write there/);
    expect(checkOutputs(cli.options, values({ model: "a-file/m.onnx" }), root)).toMatch(/^--model .*a-file\/m\.onnx: cannot write there/);
    expect(checkOutputs(cli.options, values({ model: "new" }), root)).toMatch(/^--model .*new: cannot write there \(it is a folder, not a file\)/);
    expect(checkOutputs(cli.options, values({ model: "a-file" }), root)).toBeUndefined();
  });
});

describe("runCli", () => {
  const run = async (argv: string[], main: (v: unknown) => unknown = () => undefined) => {
    const out: string[] = [];
    const err: string[] = [];
    const root = mkdtempSync(join(tmpdir(), "kit-run-"));
    try {
      const code = await runCli(cli, main, { argv, out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
      return { code, out: out.join(""), err: err.join("") };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it("-h: the usage on stdout, exit code 0, main not called", async () => {
    let called = false;
    const r = await run(["-h"], () => (called = true));
    expect(r).toEqual({ code: 0, out: cli.usage(), err: "" });
    expect(called).toBe(false);
  });

  it("a bad option: one line on stderr, exit code 2, main not called", async () => {
    let called = false;
    for (const argv of [["--bogus"], ["--epochs", "abc"], ["--out", "/dev/null/report"]]) {
      const r = await run(argv, () => (called = true));
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(/^demo: [^\n]+\. Run with --help for the options\.\n$/);
    }
    expect(called).toBe(false);
  });

  it("an error in main: its message on one line, no stack trace, exit code 1", async () => {
    const r = await run([], () => {
      throw new TypeError("something broke");
    });
    expect(r).toEqual({ code: 1, out: "", err: "demo: something broke\n" });
    const rejected = await run([], () => Promise.reject(new Error("later")));
    expect(rejected.err).toBe("demo: later\n");
  });

  it("a good run: main gets the values, exit code 0", async () => {
    let got: unknown;
    const r = await run(["--epochs", "2"], async (v) => {
      got = v;
    });
    expect(r.code).toBe(0);
    expect(got).toMatchObject({ epochs: 2, out: "out/demo" });
  });
});
