// The Dataset interface and TensorDataset, which indexes Tensors along their first axis; apart
// from DataLoader, which works on any Dataset.
import { ShapeError, NDArray, ValueError, contiguous, narrow, squeeze, slice } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { describeValue, fmtShape, showValue } from "@tsgrad/ndarray/internal";

/**
 * What a {@link DataLoader} draws from: a length and an indexed item, each item a
 * tuple of Tensors (e.g. `[image, label]`). Any object with `length` and `get(index)`
 * is a dataset — a {@link TensorDataset}, or your own that builds items on the fly. A
 * dataset may also offer `getBatch` to build a whole batch at once; otherwise the
 * loader stacks the items along a new first axis.
 *
 * The type parameter is the item's tuple type; the loader's batches have the same
 * tuple type, so `for (const [x, y] of loader)` gives two Tensors.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * // Your own dataset: item i is ([i], i²), built when asked for.
 * const squares: tg.data.Dataset<[tg.Tensor, tg.Tensor]> = {
 *   length: 4,
 *   get: (i) => [tg.tensor([i]), tg.tensor(i * i)],
 * };
 * for (const [x, y] of new tg.data.DataLoader(squares, { batchSize: 2 })) {
 *   console.log(x.shape, y.toArray()); // [2, 1] [0, 1], then [2, 1] [4, 9]
 * }
 * ```
 * @typeParam Item - the tuple of Tensors of an item (and of a batch)
 * @category Datasets
 */
export interface Dataset<Item extends readonly Tensor[] = Tensor[]> {
  /** Number of items. */
  readonly length: number;
  /**
   * The item at `index`, a tuple of Tensors.
   * @param index - an integer in `[0, length)`
   * @returns the item's Tensors
   */
  get(index: number): Item;
  /**
   * Optional fast path: the items at `indices` already batched along a new first axis.
   * @param indices - item indices, each in `[0, length)` (an Int32Array or an array)
   * @returns one Tensor per field of an item, with first axis `indices.length`
   */
  getBatch?(indices: Int32Array): Item;
}

/**
 * One Tensor per element of `A`: the item type of a {@link TensorDataset} built from
 * the arguments `A` (Tensors or NDArrays).
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * import type { TensorsOf } from "@tsgrad/data";
 * import type { NDArray } from "@tsgrad/ndarray";
 * type Item = TensorsOf<[tg.Tensor, NDArray]>; // [Tensor, Tensor]
 * const item: Item = [tg.zeros([2]), tg.tensor(1)];
 * ```
 * @category Datasets
 */
export type TensorsOf<A extends readonly unknown[]> = { -readonly [K in keyof A]: Tensor };

/**
 * A dataset over Tensors that share their first axis: item `i` is
 * `[t0[i], t1[i], …]` (each with the first axis dropped), like PyTorch's
 * `TensorDataset`. Batches are gathered row by row in one tight copy, or are
 * views (no copy) when the indices are consecutive, as in an unshuffled loader.
 *
 * The dataset holds values, not gradients: its Tensors and the items and batches it
 * hands out are leaves that do not require grad.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const ds = new tg.data.TensorDataset(tg.tensor([[1, 2], [3, 4], [5, 6]]), tg.tensor([0, 1, 0], { dtype: "int32" }));
 * ds.length;                        // 3
 * const [x, y] = ds.get(1);         // two Tensors
 * x.toArray(); y.item();            // [3, 4] 1
 * ```
 * @typeParam A - the argument types (Tensors or NDArrays); items are {@link TensorsOf}`<A>`
 * @category Datasets
 */
export class TensorDataset<A extends (Tensor | NDArray)[] = (Tensor | NDArray)[]> implements Dataset<TensorsOf<A>> {
  /** The data as Tensors (not requiring grad), contiguous copies where the given ones were not contiguous. */
  readonly tensors: Readonly<TensorsOf<A>>;
  /** Number of items: the common size of the first axes. */
  readonly length: number;
  private readonly arrays: readonly NDArray[];

  /**
   * @param tensors - one or more Tensors (or NDArrays) of at least one axis, all with the same first-axis size
   * @throws ValueError when no Tensor is given or an argument is neither a Tensor nor an NDArray
   * @throws ShapeError when a Tensor is 0-D or the first axes differ in size
   */
  constructor(...tensors: A) {
    if (tensors.length === 0) throw new ValueError("TensorDataset", "needs at least one Tensor", {});
    const arrays = tensors.map((t, i) => {
      const a = t instanceof Tensor ? t.data : t;
      if (!(a instanceof NDArray)) throw new ValueError("TensorDataset", `argument ${i} is not a Tensor or an NDArray`, { index: i });
      if (a.ndim === 0) throw new ShapeError("TensorDataset", `tensor ${i} is a scalar; every tensor needs a first axis to index`, { index: i });
      return a;
    });
    const n = arrays[0]!.shape[0]!;
    const bad = arrays.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      throw new ShapeError(
        "TensorDataset",
        `all tensors need the same size along axis 0; tensor 0 has ${n} (shape ${fmtShape(arrays[0]!.shape)}) but tensor ${bad} has ${arrays[bad]!.shape[0]} (shape ${fmtShape(arrays[bad]!.shape)})`,
        { shapes: arrays.map((t) => t.shape) },
      );
    }
    this.arrays = Object.freeze(arrays.map((t) => contiguous(t)));
    this.tensors = Object.freeze(this.arrays.map((t) => new Tensor(t))) as unknown as Readonly<TensorsOf<A>>;
    this.length = n;
  }

  /**
   * Item `index`: slice `index` of every Tensor along the first axis (views, no copy).
   * @param index - an integer in `[0, length)`
   * @returns one Tensor per dataset Tensor, each with the first axis dropped
   * @throws ValueError when `index` is not an integer in range
   * @example
   * ```ts
   * import * as tg from "tsgrad";
   * new tg.data.TensorDataset(tg.arange(6).reshape([3, 2])).get(2)[0].toArray(); // [4, 5]
   * ```
   */
  get(index: number): TensorsOf<A> {
    this.checkIndex("TensorDataset.get", index);
    return this.arrays.map((t) => new Tensor(squeeze(slice(t, [index]), 0))) as TensorsOf<A>;
  }

  /**
   * The items at `indices` stacked along the first axis. Consecutive increasing
   * indices give views of the dataset's Tensors; others give new Tensors.
   * @param indices - item indices, each in `[0, length)`
   * @returns one Tensor per dataset Tensor, with first axis `indices.length`
   * @throws ValueError when an index is out of range
   * @example
   * ```ts
   * import * as tg from "tsgrad";
   * const ds = new tg.data.TensorDataset(tg.arange(6).reshape([3, 2]));
   * ds.getBatch(Int32Array.of(2, 0))[0].toArray(); // [[4, 5], [0, 1]]
   * ```
   */
  getBatch(indices: Int32Array | readonly number[]): TensorsOf<A> {
    if (!(indices instanceof Int32Array) && !Array.isArray(indices)) {
      throw new ValueError("TensorDataset.getBatch", `expected an Int32Array (or an array) of indices, got ${describeValue(indices)}`, {});
    }
    const count = indices.length;
    let consecutive = true;
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      this.checkIndex("TensorDataset.getBatch", i);
      if (k > 0 && i !== indices[k - 1]! + 1) consecutive = false;
    }
    const batch =
      consecutive && count > 0 ? this.arrays.map((t) => narrow(t, 0, indices[0]!, count)) : this.arrays.map((t) => gatherRows(t, indices));
    return batch.map((t) => new Tensor(t)) as TensorsOf<A>;
  }

  private checkIndex(op: string, index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new ValueError(op, `index ${showValue(index)} is out of range for a dataset of length ${this.length}`, { index, length: this.length });
    }
  }
}

/** Rows `indices` of a contiguous NDArray along axis 0, copied into a new NDArray. */
function gatherRows(t: NDArray, indices: Int32Array | readonly number[]): NDArray {
  const n = t.shape[0]!;
  const row = n === 0 ? 0 : t.size / n;
  const count = indices.length;
  const src = t.storage;
  const base = t.offset;
  const out = new (src.constructor as new (length: number) => typeof src)(count * row);
  if (row >= 16) {
    for (let k = 0; k < count; k++) {
      const s = base + indices[k]! * row;
      out.set(src.subarray(s, s + row), k * row);
    }
  } else {
    for (let k = 0, o = 0; k < count; k++) {
      const s = base + indices[k]! * row;
      for (let j = 0; j < row; j++) out[o++] = src[s + j]!;
    }
  }
  return new NDArray(out, [count, ...t.shape.slice(1)]);
}
