import { parseArgs } from "node:util";
import { loadMnist, saveOnnx } from "tsgrad/node";
import { type Classifier, train } from "./train.js";

/** What the MNIST example CLIs differ in: the model, the image layout and the default epochs. */
export interface MnistCliOptions {
  makeModel: (seed: number) => Classifier;
  /** Flattened (N, 784) images for an MLP, (N, 1, 28, 28) for a CNN. */
  flatten: boolean;
  defaultEpochs: number;
  /** The command, for the usage text (e.g. "mnist-mlp"). */
  name?: string;
}

/** The validated settings of one run. */
export interface MnistCliSettings {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  exportOnnx?: string;
}

/** What the command line asks for: the usage text, a run, or an error to print (no stack trace). */
export type MnistCliRequest = { kind: "help"; text: string } | { kind: "run"; settings: MnistCliSettings } | { kind: "error"; message: string };

/** The usage text. */
export function mnistUsage(o: Pick<MnistCliOptions, "defaultEpochs" | "name">): string {
  return `Usage: ${o.name ?? "mnist"} [options]

Trains on MNIST with Adam and prints each epoch's test accuracy.

Options:
  --epochs N         epochs (a positive integer, default ${o.defaultEpochs})
  --batch-size N     batch size (a positive integer, default 128)
  --lr X             Adam learning rate (a positive number, default 0.001)
  --seed N           seed of the weights and the batch order (an integer in [0, 2^32 - 1], default 0)
  --export-onnx F    after training, write the model to F as ONNX
  -h, --help         this text
`;
}

/**
 * Parses and validates every option before any work starts: an unknown option, a missing
 * value or a bad number is an error message (with a hint to --help), never a stack trace.
 */
export function parseMnistArgs(argv: readonly string[], o: Pick<MnistCliOptions, "defaultEpochs" | "name">): MnistCliRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        epochs: { type: "string", default: String(o.defaultEpochs) },
        "batch-size": { type: "string", default: "128" },
        lr: { type: "string", default: "0.001" },
        seed: { type: "string", default: "0" },
        "export-onnx": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    return { kind: "error", message: `${e instanceof Error ? e.message : String(e)}\nRun with --help for the options.` };
  }
  if (values["help"] === true) return { kind: "help", text: mnistUsage(o) };
  const problems: string[] = [];
  const number = (name: string, check: (n: number) => boolean, what: string): number => {
    const raw = String(values[name]);
    const n = raw.trim() === "" ? NaN : Number(raw);
    if (!check(n)) problems.push(`--${name} must be ${what}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const positiveInteger = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;
  const settings: MnistCliSettings = {
    epochs: number("epochs", positiveInteger, "a positive integer"),
    batchSize: number("batch-size", positiveInteger, "a positive integer"),
    lr: number("lr", (n) => Number.isFinite(n) && n > 0, "a positive number"),
    seed: number("seed", (n) => Number.isInteger(n) && n >= 0 && n <= 4294967295, "an integer in [0, 2^32 - 1]"),
  };
  const out = values["export-onnx"];
  if (typeof out === "string") {
    if (out === "") problems.push("--export-onnx needs a file name");
    settings.exportOnnx = out;
  }
  if (problems.length > 0) return { kind: "error", message: `${problems.join("\n")}\nRun with --help for the options.` };
  return { kind: "run", settings };
}

/**
 * Parses `--epochs --batch-size --lr --seed --export-onnx --help`, trains on MNIST and prints each epoch's
 * test accuracy; with `--export-onnx <file>` it then writes the trained model as ONNX (batch size free).
 * Bad options print a message and set exit code 2 before anything is loaded.
 */
export async function runMnistCli(o: MnistCliOptions, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const request = parseMnistArgs(argv, o);
  if (request.kind === "help") {
    process.stdout.write(request.text);
    return;
  }
  if (request.kind === "error") {
    process.stderr.write(`${request.message}\n`);
    process.exitCode = 2;
    return;
  }
  const s = request.settings;
  const mnist = await loadMnist({ flatten: o.flatten });
  const model = o.makeModel(s.seed);
  process.stdout.write(`${model.toString()}\n`);
  const t0 = performance.now();
  const acc = train(model, mnist.train, mnist.test, {
    epochs: s.epochs,
    batchSize: s.batchSize,
    lr: s.lr,
    seed: s.seed,
    logEvery: 100,
    onLog: (e, st, l) => process.stdout.write(`epoch ${e} step ${st} loss ${l.toFixed(4)}\n`),
    onEpoch: (e, a, sec) => process.stdout.write(`epoch ${e}: test accuracy ${(100 * a).toFixed(2)}% (${sec.toFixed(1)} s)\n`),
  });
  process.stdout.write(`final test accuracy ${(100 * acc[acc.length - 1]!).toFixed(2)}% in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  if (s.exportOnnx !== undefined) {
    // One test image as the example input; the exported batch axis stays free.
    const bytes = await saveOnnx(s.exportOnnx, model, mnist.test.images.slice([[0, 1]]), { inputNames: ["images"], outputNames: ["logits"] });
    process.stdout.write(`exported ${s.exportOnnx} (${bytes} bytes, ONNX opset 17): input "images" ${o.flatten ? "(N, 784)" : "(N, 1, 28, 28)"}, output "logits" (N, 10)\n`);
  }
}
