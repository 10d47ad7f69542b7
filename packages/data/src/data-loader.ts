// DataLoader: batches (optionally shuffled with a seeded Generator) over any Dataset; apart from
// the datasets, which it only reads through get() and length.
import { Generator, ShapeError, ValueError, permutation, stack } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import type { Dataset } from "./tensor-dataset.js";
import { type OptionKeys, allocate, checkBoolean, checkInteger, checkNumber, checkOptions, describeValue, fmtShape, underName } from "@tsgrad/ndarray/internal";

/**
 * Options of a {@link DataLoader}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.data.DataLoaderOptions = { batchSize: 4, shuffle: true, seed: 0, dropLast: true };
 * new tg.data.DataLoader(new tg.data.TensorDataset(tg.arange(10)), opts).length; // 2
 * ```
 * @category Datasets
 */
export interface DataLoaderOptions {
  /** Items per batch, a positive integer (default 1). */
  batchSize?: number;
  /** Visit the items in a new random order every epoch (default `false`: in index order). */
  shuffle?: boolean;
  /**
   * Seed of the loader's own {@link Generator}: a seeded loader gives the same
   * sequence of epochs on every run. Only used when `shuffle` is true.
   */
  seed?: number;
  /**
   * Generator to draw the shuffles from (it advances), a `Generator` from
   * `@tsgrad/ndarray`. Give `seed` or `generator`, not both; with neither, shuffles
   * draw from the global generator of `manualSeed`.
   */
  generator?: Generator;
  /** Drop the last batch when it has fewer than `batchSize` items (default `false`). */
  dropLast?: boolean;
}

/** The option names of {@link DataLoaderOptions}. */
const OPTION_KEYS: OptionKeys<DataLoaderOptions> = { batchSize: true, shuffle: true, seed: true, generator: true, dropLast: true };

/**
 * Iterates over a dataset in batches, like PyTorch's `DataLoader`. Each batch is
 * a tuple with one Tensor per field of an item (e.g. `[images, labels]`), the
 * items stacked along a new first axis; its type is the dataset's item type, so
 * `for (const [x, y] of loader)` gives two Tensors. Batches are leaves that do not
 * require grad.
 *
 * Every `for … of` (every call of `[Symbol.iterator]()`) is one epoch. With
 * `shuffle`, the epoch's order is a permutation drawn from the loader's
 * generator when the epoch starts, so epochs differ from each other and the
 * `k`-th epoch of a loader made with a `seed` is the same on every run. Without
 * `shuffle`, items come in index order, and a {@link TensorDataset} hands out
 * views instead of copies.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const x = tg.arange(10).reshape([5, 2]);
 * const y = tg.arange(0, 5, 1, { dtype: "int32" });
 * const loader = new tg.data.DataLoader(new tg.data.TensorDataset(x, y), { batchSize: 2, shuffle: true, seed: 0 });
 * loader.length; // 3 (the last batch has one item)
 * for (const [xb, yb] of loader) {
 *   console.log(xb.shape, yb.toArray()); // [2, 2] and two shuffled labels, …
 * }
 * ```
 * @typeParam Item - the tuple of Tensors of an item and of a batch, inferred from the
 *   dataset (`| []` in the constraint makes an inline `get` infer a tuple, not `Tensor[]`)
 * @category Datasets
 */
export class DataLoader<Item extends readonly Tensor[] | [] = Tensor[]> implements Iterable<Item> {
  /** The dataset the batches come from. */
  readonly dataset: Dataset<Item>;
  /** Items per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the items in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  private readonly generator: Generator | undefined;

  /**
   * @param dataset - the items: a {@link TensorDataset}, or any object with `length` and `get(index)`
   * @param options - batch size, shuffling, seed or generator, dropLast
   * @throws ValueError for an invalid dataset or option (unknown key, batch size
   *   that is not a positive integer, non-boolean flag, both `seed` and `generator`)
   */
  constructor(dataset: Dataset<Item>, options: DataLoaderOptions = {}) {
    const op = "DataLoader";
    if (
      dataset === null ||
      typeof dataset !== "object" ||
      typeof dataset.get !== "function" ||
      !Number.isInteger(dataset.length) ||
      dataset.length < 0
    ) {
      throw new ValueError(op, "dataset must have an integer length ≥ 0 and a get(index) method", {});
    }
    const { batchSize = 1, shuffle = false, seed, generator, dropLast = false } = checkOptions(op, options, OPTION_KEYS);
    checkInteger(op, "options", "batchSize", batchSize, 1);
    checkBoolean(op, "options", "shuffle", shuffle);
    checkBoolean(op, "options", "dropLast", dropLast);
    if (seed !== undefined && generator !== undefined) {
      throw new ValueError(op, "give seed or generator, not both", { seed });
    }
    if (seed !== undefined) checkNumber(op, "options", "seed", seed);
    if (generator !== undefined && !(generator instanceof Generator)) {
      throw new ValueError(op, "generator must be a Generator from @tsgrad/ndarray", {});
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    // The Generator checks the seed (an integer in [0, 2^32 - 1]); its error is named after the loader.
    this.generator = generator ?? (seed !== undefined ? underName(op, () => new Generator(seed)) : undefined);
  }

  /**
   * Number of batches in one epoch: `ceil(n / batchSize)`, or `floor(n / batchSize)` with `dropLast`.
   * @example
   * ```ts
   * import * as tg from "tsgrad";
   * new tg.data.DataLoader(new tg.data.TensorDataset(tg.zeros([10, 3])), { batchSize: 4, dropLast: true }).length; // 2
   * ```
   */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * Starts an epoch. The order of the items (a fresh permutation when shuffling)
   * is fixed when this is called, before the first batch is taken.
   * @returns an iterator over the epoch's batches
   * @example
   * ```ts
   * import * as tg from "tsgrad";
   * const it = new tg.data.DataLoader(new tg.data.TensorDataset(tg.arange(3)), { batchSize: 2 })[Symbol.iterator]();
   * it.next().value![0].toArray(); // [0, 1]
   * ```
   */
  [Symbol.iterator](): IterableIterator<Item> {
    const op = "DataLoader";
    // The length is read again each epoch (a dataset may grow); the order is sized from it.
    const n: unknown = this.dataset.length;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new ValueError(op, `dataset.length must be an integer ≥ 0, got ${describeValue(n)}`, {});
    }
    let order: Int32Array;
    if (this.shuffle) {
      const generator = this.generator;
      order = underName(op, () => permutation(n, generator ? { generator } : undefined).storage as Int32Array);
    } else {
      order = allocate("int32", n, op);
      for (let i = 0; i < n; i++) order[i] = i;
    }
    return this.batches(order);
  }

  private *batches(order: Int32Array): Generator_<Item> {
    const n = order.length;
    const count = this.length;
    for (let b = 0; b < count; b++) {
      const start = b * this.batchSize;
      yield this.collate(order.subarray(start, Math.min(start + this.batchSize, n)));
    }
  }

  private collate(indices: Int32Array): Item {
    const ds = this.dataset;
    if (typeof ds.getBatch === "function") return ds.getBatch(indices);
    const items = Array.from(indices, (i) => {
      const item: unknown = ds.get(i);
      if (!Array.isArray(item) || !item.every((t) => t instanceof Tensor)) {
        throw new ValueError("DataLoader", `dataset item ${i} must be an array of Tensors (wrap values with tensor(...))`, { index: i });
      }
      return item as readonly Tensor[];
    });
    const fields = items[0]!.length;
    items.forEach((item, k) => {
      if (item.length !== fields) {
        throw new ValueError(
          "DataLoader",
          `dataset items must all have the same number of tensors; item ${indices[0]} has ${fields} but item ${indices[k]} has ${item.length}`,
          { fields, index: indices[k] },
        );
      }
    });
    for (let f = 0; f < fields; f++) {
      const shape = items[0]![f]!.shape;
      const k = items.findIndex((item) => item[f]!.shape.length !== shape.length || item[f]!.shape.some((d, a) => d !== shape[a]));
      if (k >= 0) {
        throw new ShapeError(
          "DataLoader",
          `dataset items must have tensors of one shape to stack into a batch; tensor ${f} of item ${indices[0]} has shape ${fmtShape(shape)} but that of item ${indices[k]} has ${fmtShape(items[k]![f]!.shape)}`,
          { field: f, index: indices[k] },
        );
      }
    }
    const out: Tensor[] = [];
    for (let f = 0; f < fields; f++) out.push(new Tensor(underName("DataLoader", () => stack(items.map((item) => item[f]!.data), 0))));
    return out as unknown as Item;
  }
}

/** The built-in generator-object type (renamed: `Generator` here is the RNG). */
type Generator_<T> = globalThis.Generator<T, void, undefined>;
