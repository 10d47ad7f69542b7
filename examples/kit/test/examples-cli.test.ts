// Every example command, run from its source as `node dist/<command>.js` runs it: -h prints the usage
// and exits 0; a bad option or value prints one line to stderr and exits 2 before anything is loaded.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

const EXAMPLES = fileURLToPath(new URL("../..", import.meta.url));

/** The commands: their source, their name in the usage line, and a bad value each refuses. */
const COMMANDS: { main: string; name: string; bad: string[] }[] = [
  { main: "bn-paper-mnist/src/main.ts", name: "bn-paper-mnist", bad: ["--train-size", "0"] },
  { main: "bn-paper-mnist/src/memory-check.ts", name: "memory-check", bad: ["--steps", "99"] },
  { main: "mnist-mlp/src/main.ts", name: "mnist-mlp", bad: ["--epochs", "abc"] },
  { main: "mnist-cnn/src/main.ts", name: "mnist-cnn", bad: ["--lr", "0"] },
  { main: "mnist-lstm/src/main.ts", name: "mnist-lstm", bad: ["--clip-norm", "-1"] },
  { main: "mnist-transformer/src/main.ts", name: "mnist-transformer", bad: ["--heads", "5"] },
  { main: "batchnorm-gamma-beta/src/main.ts", name: "batchnorm-gamma-beta", bad: ["--epochs", "3"] },
];

let runs = 0;

/** Runs a command's module afresh with `args`, catching what it writes and the exit code it sets. */
async function run(main: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((t) => (out.push(String(t)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((t) => (err.push(String(t)), true));
  const argv = process.argv;
  process.argv = [argv[0]!, main, ...args];
  try {
    // A query makes the module new each time, so its top level (the command) runs again.
    await import(/* @vite-ignore */ `${EXAMPLES}${main}?run=${++runs}`);
    return { code: Number(process.exitCode ?? 0), out: out.join(""), err: err.join("") };
  } finally {
    process.argv = argv;
    process.exitCode = undefined;
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe.each(COMMANDS)("$main", ({ main, name, bad }) => {
  it("-h and --help: the usage on stdout, exit code 0", async () => {
    for (const flag of ["-h", "--help"]) {
      const r = await run(main, [flag]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: ${name} \\[options\\]\\n`));
      expect(r.out).toMatch(/\n {2}-h, --help +this text\n$/);
      expect(r.err).toBe("");
    }
  });

  for (const args of [["--bogus"], bad, ["extra"]]) {
    it(`${args.join(" ")}: one line on stderr, exit code 2, nothing loaded`, async () => {
      const r = await run(main, args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(new RegExp(`^${name}: [^\\n]+\\. Run with --help for the options\\.\\n$`));
      expect(r.err).not.toMatch(/\bat .*:\d+/);
    });
  }
});

it("bn-paper-mnist: an --out that cannot be written stops the run before MNIST is loaded", async () => {
  const r = await run("bn-paper-mnist/src/main.ts", ["--out", "/dev/null/report"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^bn-paper-mnist: --out \/dev\/null\/report: cannot write there \([^\n]+\)\. Run with --help for the options\.\n$/);
  expect(r.err).not.toContain("loading MNIST");
});

it("mnist-mlp: an --export-onnx that cannot be written stops the run before MNIST is loaded", async () => {
  const r = await run("mnist-mlp/src/main.ts", ["--export-onnx", "/dev/null/mlp.onnx"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^mnist-mlp: --export-onnx \/dev\/null\/mlp\.onnx: cannot write there/);
  expect(r.err).not.toContain("loading MNIST");
});
