/**
 * `@tsgrad/data`: getting data into tsgrad as Tensors. An IDX file reader (the format of
 * MNIST), {@link TensorDataset}, a seeded, reproducible {@link DataLoader} whose
 * batches are typed tuples of Tensors, and MNIST decoding. Also `tg.data` in the
 * `tsgrad` package. Browser-safe: no Node APIs here; reading files from disk and
 * `loadMnist` live in `@tsgrad/data/node`.
 *
 * @packageDocumentation
 */
export { IdxFormatError } from "./errors.js";
export { readIdx } from "./idx.js";
export { type Dataset, type TensorsOf, TensorDataset } from "./tensor-dataset.js";
export { type DataLoaderOptions, DataLoader } from "./data-loader.js";
export {
  type MnistOptions,
  type MnistSplit,
  type Mnist,
  type MnistBytes,
  decodeMnistImages,
  decodeMnistLabels,
  decodeMnist,
} from "./mnist.js";
