// The command line of the BatchNorm-paper experiment: parsed and validated in full before any
// work starts (a pure function, so its messages are tested without running an experiment).
import { parseArgs } from "node:util";

export const HELP = `Usage: bn-paper-mnist [options]

The BatchNorm paper's MNIST experiment (Ioffe & Szegedy 2015, Figure 1) with tsgrad.

Options:
  --steps N        training steps of each net (default 3000; the paper: 50000)
  --lr X           SGD learning rate (default 0.1)
  --init-std X     std of the Gaussian initial weights (default 0.1)
  --seed N         seed of the weights and the batch order (default 0)
  --eval-every N   steps between evaluations (default steps/30)
  --train-size N   use only the first N training images (1 to 60000; default: all 60000)
  --out DIR        output folder for report.html and results.json (default out/bn-paper-mnist)
  --export-onnx F  after training, write the BatchNorm net to F as ONNX and print its test
                   accuracy in ONNX Runtime next to tsgrad's (needs onnxruntime-node)
  -h, --help       this text
`;

/** MNIST's training set size: the largest --train-size. */
export const MNIST_TRAIN_SIZE = 60000;

/** The validated settings of one run. */
export interface BnCliSettings {
  steps: number;
  lr: number;
  initStd: number;
  seed: number;
  evalEvery: number;
  trainSize?: number;
  out: string;
  exportOnnx?: string;
}

/** What the command line asks for: the usage text, a run, or an error message (no stack trace). */
export type BnCliRequest = { kind: "help"; text: string } | { kind: "run"; settings: BnCliSettings } | { kind: "error"; message: string };

const HINT = "Run with --help for the options.";

/** Parses and validates every option; nothing is loaded or trained here. */
export function parseBnArgs(argv: readonly string[]): BnCliRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        steps: { type: "string", default: "3000" },
        lr: { type: "string", default: "0.1" },
        "init-std": { type: "string", default: "0.1" },
        seed: { type: "string", default: "0" },
        "eval-every": { type: "string" },
        "train-size": { type: "string" },
        out: { type: "string", default: "out/bn-paper-mnist" },
        "export-onnx": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    return { kind: "error", message: `${e instanceof Error ? e.message : String(e)}\n${HINT}` };
  }
  if (values["help"] === true) return { kind: "help", text: HELP };
  const problems: string[] = [];
  const num = (name: string, integer: boolean, min: number, max = Infinity): number => {
    const raw = String(values[name]);
    const n = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
      problems.push(`--${name} must be ${integer ? "an integer" : "a number"} ${range}, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const steps = num("steps", true, 1);
  const settings: BnCliSettings = {
    steps,
    lr: num("lr", false, 0),
    initStd: num("init-std", false, 0),
    seed: num("seed", true, 0, 4294967295),
    evalEvery: values["eval-every"] === undefined ? Math.max(1, Math.round(steps / 30)) : num("eval-every", true, 1),
    out: String(values["out"]),
  };
  if (values["train-size"] !== undefined) settings.trainSize = num("train-size", true, 1, MNIST_TRAIN_SIZE);
  if (settings.out === "") problems.push("--out needs a folder name");
  const onnx = values["export-onnx"];
  if (typeof onnx === "string") {
    if (onnx === "") problems.push("--export-onnx needs a file name");
    settings.exportOnnx = onnx;
  }
  if (problems.length > 0) return { kind: "error", message: `${problems.join("\n")}\n${HINT}` };
  return { kind: "run", settings };
}
