// MNIST decoding from the four IDX files' bytes (images, labels, splits) and its options; on
// bytes only, so browsers can use it; fs.ts finds and reads the files in Node.
import { ShapeError, NDArray, ValueError } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { IdxFormatError } from "./errors.js";
import { decodeIdxData, parseIdxHeader } from "./idx.js";
import { type OptionKeys, allocate, checkBoolean, checkOptions, fmtShape } from "@tsgrad/ndarray/internal";

/**
 * How MNIST images are turned into a Tensor.
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { join } from "node:path";
 * import * as tg from "tsgrad";
 * import { mnistDataDir } from "tsgrad/node";
 * const forConv: tg.data.MnistOptions = { flatten: false, normalize: true, dtype: "float32" };
 * const bytes = new Uint8Array(await readFile(join(mnistDataDir(), "t10k-images-idx3-ubyte")));
 * tg.data.decodeMnistImages(bytes, forConv).shape; // [10000, 1, 28, 28]
 * ```
 * @category MNIST
 */
export interface MnistOptions {
  /**
   * `true` (default): images of shape `(N, rows·cols)`, i.e. `(N, 784)`, for
   * fully connected networks. `false`: `(N, 1, rows, cols)`, i.e.
   * `(N, 1, 28, 28)`, one channel in NCHW layout for `Conv2d`.
   */
  flatten?: boolean;
  /** `true` (default): pixels divided by 255, in [0, 1]. `false`: the raw values 0…255 as floats. */
  normalize?: boolean;
  /** Element type of the images, `"float32"` (default) or `"float64"`. */
  dtype?: "float32" | "float64";
}

/**
 * One split of MNIST: images and their labels, Tensors with the same first-axis size.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // The first n examples of a split, images and labels together.
 * const head = (split: tg.data.MnistSplit, n: number): tg.data.MnistSplit => ({
 *   images: split.images.slice([[0, n]]),
 *   labels: split.labels.slice([[0, n]]),
 * });
 * ```
 * @category MNIST
 */
export interface MnistSplit {
  /** Float images, `(N, 784)` or `(N, 1, 28, 28)` (see {@link MnistOptions}). */
  images: Tensor;
  /** int32 class labels `0…9`, shape `(N)`. */
  labels: Tensor;
}

/**
 * The MNIST training (60,000 images) and test (10,000 images) splits.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // With `loadMnist()` (Node) or `decodeMnist(bytes)`: [60000, 10000].
 * const sizes = (mnist: tg.data.Mnist): number[] => [mnist.train.labels.size, mnist.test.labels.size];
 * ```
 * @category MNIST
 */
export interface Mnist {
  /** The training split. */
  train: MnistSplit;
  /** The test split. */
  test: MnistSplit;
}

/**
 * The four MNIST IDX files, uncompressed, as bytes.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // In a browser: fetch the four files from wherever you serve them.
 * async function fetchMnist(baseUrl: string): Promise<tg.data.Mnist> {
 *   const get = async (name: string) => new Uint8Array(await (await fetch(`${baseUrl}/${name}`)).arrayBuffer());
 *   const files: tg.data.MnistBytes = {
 *     trainImages: await get("train-images-idx3-ubyte"),
 *     trainLabels: await get("train-labels-idx1-ubyte"),
 *     testImages: await get("t10k-images-idx3-ubyte"),
 *     testLabels: await get("t10k-labels-idx1-ubyte"),
 *   };
 *   return tg.data.decodeMnist(files);
 * }
 * ```
 * @category MNIST
 */
export interface MnistBytes {
  /** Contents of `train-images-idx3-ubyte`. */
  trainImages: Uint8Array;
  /** Contents of `train-labels-idx1-ubyte`. */
  trainLabels: Uint8Array;
  /** Contents of `t10k-images-idx3-ubyte`. */
  testImages: Uint8Array;
  /** Contents of `t10k-labels-idx1-ubyte`. */
  testLabels: Uint8Array;
}

/** The option names of {@link MnistOptions}; loadMnist spreads them into its own list. @internal */
export const MNIST_OPTION_KEYS: OptionKeys<MnistOptions> = { flatten: true, normalize: true, dtype: true };

/** Validates {@link MnistOptions} and refuses any key not in `known` (default: the MNIST options' names). @internal */
export function checkMnistOptions<O extends MnistOptions>(op: string, options: O, known: OptionKeys<O> = MNIST_OPTION_KEYS as OptionKeys<O>): Required<MnistOptions> {
  const { flatten = true, normalize = true, dtype = "float32" } = checkOptions(op, options, known);
  checkBoolean(op, "options", "flatten", flatten);
  checkBoolean(op, "options", "normalize", normalize);
  if (dtype !== "float32" && dtype !== "float64") {
    throw new ValueError(op, `dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`, { dtype });
  }
  return { flatten, normalize, dtype };
}

function byteTable(normalize: boolean, dtype: "float32" | "float64"): Float32Array | Float64Array {
  const table = dtype === "float32" ? new Float32Array(256) : new Float64Array(256);
  for (let b = 0; b < 256; b++) table[b] = normalize ? b / 255 : b;
  return table;
}

/** {@link decodeMnistImages} with an op name and a source for messages. @internal */
export function decodeMnistImagesAs(bytes: Uint8Array, options: MnistOptions, op: string, source?: string): Tensor {
  const { flatten, normalize, dtype } = checkMnistOptions(op, options);
  if (!(bytes instanceof Uint8Array)) throw new ValueError(op, "expected the file contents as a Uint8Array", {});
  const header = parseIdxHeader(bytes, op, source);
  if (header.type.code !== 0x08 || header.shape.length !== 3) {
    throw new IdxFormatError(
      op,
      `${source === undefined ? "" : `${source}: `}MNIST images are an IDX file of unsigned bytes with 3 dimensions (count, rows, cols); got ${header.type.name} with shape ${fmtShape(header.shape)}`,
      { type: header.type.name, shape: header.shape, ...(source === undefined ? {} : { source }) },
    );
  }
  const [n, rows, cols] = header.shape as [number, number, number];
  const size = header.size;
  const off = header.dataOffset;
  const table = byteTable(normalize, dtype);
  const out = allocate(dtype, size, op);
  for (let i = 0; i < size; i++) out[i] = table[bytes[off + i]!]!;
  return new Tensor(new NDArray(out, flatten ? [n, rows * cols] : [n, 1, rows, cols]));
}

/** {@link decodeMnistLabels} with an op name and a source for messages. @internal */
export function decodeMnistLabelsAs(bytes: Uint8Array, op: string, source?: string): Tensor {
  if (!(bytes instanceof Uint8Array)) throw new ValueError(op, "expected the file contents as a Uint8Array", {});
  const header = parseIdxHeader(bytes, op, source);
  if (header.type.code !== 0x08 || header.shape.length !== 1) {
    throw new IdxFormatError(
      op,
      `${source === undefined ? "" : `${source}: `}MNIST labels are an IDX file of unsigned bytes with 1 dimension (count); got ${header.type.name} with shape ${fmtShape(header.shape)}`,
      { type: header.type.name, shape: header.shape, ...(source === undefined ? {} : { source }) },
    );
  }
  return new Tensor(new NDArray(decodeIdxData(bytes, header, op), header.shape));
}

/**
 * Decodes an MNIST image file (`*-images-idx3-ubyte`: IDX unsigned bytes,
 * shape `(N, rows, cols)`) into float images, in one tight pass over the bytes.
 *
 * @param bytes - the uncompressed file
 * @param options - `flatten` (default true: `(N, rows·cols)`; false: `(N, 1, rows, cols)`),
 *   `normalize` (default true: pixels / 255 in [0, 1]), `dtype` (default `"float32"`)
 * @returns the images, a float Tensor (not requiring grad)
 * @throws IdxFormatError when the bytes are not an IDX file of unsigned bytes with 3 dimensions
 * @throws ValueError for an invalid option
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // two 1×2 images
 * const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 51, 102]);
 * tg.data.decodeMnistImages(bytes).toArray(); // [[0, 1], [0.2, 0.4]] (as float32)
 * tg.data.decodeMnistImages(bytes, { flatten: false }).shape; // [2, 1, 1, 2]
 * ```
 * @category MNIST
 */
export function decodeMnistImages(bytes: Uint8Array, options: MnistOptions = {}): Tensor {
  return decodeMnistImagesAs(bytes, options, "decodeMnistImages");
}

/**
 * Decodes an MNIST label file (`*-labels-idx1-ubyte`: IDX unsigned bytes, shape `(N)`).
 *
 * @param bytes - the uncompressed file
 * @returns int32 labels of shape `(N)`, a Tensor
 * @throws IdxFormatError when the bytes are not an IDX file of unsigned bytes with 1 dimension
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * tg.data.decodeMnistLabels(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 5, 0])).toArray(); // [5, 0]
 * ```
 * @category MNIST
 */
export function decodeMnistLabels(bytes: Uint8Array): Tensor {
  return decodeMnistLabelsAs(bytes, "decodeMnistLabels");
}

/** Pairs decoded images and labels into a split, checking their counts agree. @internal */
export function mnistSplit(op: string, images: Tensor, labels: Tensor, name: string): MnistSplit {
  if (images.shape[0] !== labels.shape[0]) {
    throw new ShapeError(op, `the ${name} split has ${images.shape[0]} images but ${labels.shape[0]} labels`, {
      images: images.shape,
      labels: labels.shape,
    });
  }
  return { images, labels };
}

/**
 * Decodes the four MNIST files from bytes, for code that fetched them itself
 * (in a browser, say). In Node, `loadMnist` from `@tsgrad/data/node` reads them
 * from disk.
 *
 * @param files - the contents of the four uncompressed IDX files
 * @param options - image options: `flatten`, `normalize`, `dtype` (see {@link MnistOptions})
 * @returns `{ train: { images, labels }, test: { images, labels } }`, Tensors: images float, labels int32
 * @throws IdxFormatError when a file is malformed or not the expected kind
 * @throws ShapeError when a split has different numbers of images and labels
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { join } from "node:path";
 * import * as tg from "tsgrad";
 * import { mnistDataDir } from "tsgrad/node";
 * // In a browser: new Uint8Array(await (await fetch(`/mnist/${name}`)).arrayBuffer())
 * const get = async (name: string) => new Uint8Array(await readFile(join(mnistDataDir(), name)));
 * const mnist = tg.data.decodeMnist({
 *   trainImages: await get("train-images-idx3-ubyte"),
 *   trainLabels: await get("train-labels-idx1-ubyte"),
 *   testImages: await get("t10k-images-idx3-ubyte"),
 *   testLabels: await get("t10k-labels-idx1-ubyte"),
 * });
 * mnist.train.images.shape; // [60000, 784]
 * ```
 * @category MNIST
 */
export function decodeMnist(files: MnistBytes, options: MnistOptions = {}): Mnist {
  const op = "decodeMnist";
  checkMnistOptions(op, options);
  if (files === null || typeof files !== "object") throw new ValueError(op, "files must be an object with the four files' bytes", {});
  const field = (key: keyof MnistBytes): Uint8Array => {
    const b = files[key];
    if (!(b instanceof Uint8Array)) throw new ValueError(op, `files.${key} must be a Uint8Array`, { field: key });
    return b;
  };
  return {
    train: mnistSplit(
      op,
      decodeMnistImagesAs(field("trainImages"), options, op, "trainImages"),
      decodeMnistLabelsAs(field("trainLabels"), op, "trainLabels"),
      "train",
    ),
    test: mnistSplit(
      op,
      decodeMnistImagesAs(field("testImages"), options, op, "testImages"),
      decodeMnistLabelsAs(field("testLabels"), op, "testLabels"),
      "test",
    ),
  };
}
