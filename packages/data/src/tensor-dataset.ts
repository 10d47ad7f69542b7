import { ShapeError, NDArray, ValueError, contiguous, narrow, squeeze, slice } from "@tsgrad/ndarray";

/**
 * What a {@link DataLoader} draws from: a length and an indexed item, each item
 * a list of tensors (e.g. `[image, label]`). A dataset may also offer
 * `getBatch` to build a whole batch at once; otherwise the loader stacks the
 * items along a new first axis.
 *
 * @example
 * ```ts
 * import { type Dataset, DataLoader } from "@tsgrad/data";
 * import { ndarray } from "@tsgrad/ndarray";
 * const squares: Dataset = {
 *   length: 4,
 *   get: (i) => [ndarray([i]), ndarray(i * i)],
 * };
 * for (const [x, y] of new DataLoader(squares, { batchSize: 2 })) {
 *   console.log(x!.shape, y!.shape); // [2, 1] [2]
 * }
 * ```
 * @category Datasets
 */
export interface Dataset {
  /** Number of items. */
  readonly length: number;
  /**
   * The item at `index`, a list of tensors.
   * @param index - an integer in `[0, length)`
   * @returns the item's tensors
   */
  get(index: number): readonly NDArray[];
  /**
   * Optional fast path: the items at `indices` already batched along a new first axis.
   * @param indices - item indices, each in `[0, length)`
   * @returns one tensor per field of an item, with first axis `indices.length`
   */
  getBatch?(indices: Int32Array): NDArray[];
}

/**
 * A dataset over tensors that share their first axis: item `i` is
 * `[t0[i], t1[i], …]` (each with the first axis dropped), like PyTorch's
 * `TensorDataset`. Batches are gathered row by row in one tight copy, or are
 * views (no copy) when the indices are consecutive, as in an unshuffled loader.
 *
 * @example
 * ```ts
 * import { TensorDataset } from "@tsgrad/data";
 * import { ndarray } from "@tsgrad/ndarray";
 * const ds = new TensorDataset(ndarray([[1, 2], [3, 4], [5, 6]]), ndarray([0, 1, 0], { dtype: "int32" }));
 * ds.length;                        // 3
 * const [x, y] = ds.get(1);
 * x!.toArray(); y!.item();          // [3, 4] 1
 * ```
 * @category Datasets
 */
export class TensorDataset implements Dataset {
  /** The tensors, contiguous copies where the given ones were not contiguous. */
  readonly tensors: readonly NDArray[];
  /** Number of items: the common size of the first axes. */
  readonly length: number;

  /**
   * @param tensors - one or more tensors of at least one axis, all with the same first-axis size
   * @throws ValueError when no tensor is given or an argument is not a tensor
   * @throws ShapeError when a tensor is 0-D or the first axes differ in size
   */
  constructor(...tensors: NDArray[]) {
    if (tensors.length === 0) throw new ValueError("TensorDataset", "needs at least one tensor", {});
    tensors.forEach((t, i) => {
      if (!(t instanceof NDArray)) throw new ValueError("TensorDataset", `argument ${i} is not an NDArray`, { index: i });
      if (t.ndim === 0) throw new ShapeError("TensorDataset", `tensor ${i} is a scalar; every tensor needs a first axis to index`, { index: i });
    });
    const n = tensors[0]!.shape[0]!;
    const bad = tensors.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      throw new ShapeError(
        "TensorDataset",
        `all tensors need the same size along axis 0; tensor 0 has ${n} (shape [${tensors[0]!.shape.join(", ")}]) but tensor ${bad} has ${tensors[bad]!.shape[0]} (shape [${tensors[bad]!.shape.join(", ")}])`,
        { shapes: tensors.map((t) => t.shape) },
      );
    }
    this.tensors = Object.freeze(tensors.map((t) => contiguous(t)));
    this.length = n;
  }

  /**
   * Item `index`: slice `index` of every tensor along the first axis (views, no copy).
   * @param index - an integer in `[0, length)`
   * @returns one tensor per dataset tensor, each with the first axis dropped
   * @throws ValueError when `index` is not an integer in range
   * @example
   * ```ts
   * import { TensorDataset } from "@tsgrad/data";
   * import { arange } from "@tsgrad/ndarray";
   * new TensorDataset(arange(6).reshape([3, 2])).get(2)[0]!.toArray(); // [4, 5]
   * ```
   */
  get(index: number): NDArray[] {
    this.checkIndex("TensorDataset.get", index);
    return this.tensors.map((t) => squeeze(slice(t, [index]), 0));
  }

  /**
   * The items at `indices` stacked along the first axis. Consecutive increasing
   * indices give views of the dataset's tensors; others give new tensors.
   * @param indices - item indices, each in `[0, length)`
   * @returns one tensor per dataset tensor, with first axis `indices.length`
   * @throws ValueError when an index is out of range
   * @example
   * ```ts
   * import { TensorDataset } from "@tsgrad/data";
   * import { arange } from "@tsgrad/ndarray";
   * const ds = new TensorDataset(arange(6).reshape([3, 2]));
   * ds.getBatch(Int32Array.of(2, 0))[0]!.toArray(); // [[4, 5], [0, 1]]
   * ```
   */
  getBatch(indices: Int32Array): NDArray[] {
    const count = indices.length;
    let consecutive = true;
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      this.checkIndex("TensorDataset.getBatch", i);
      if (k > 0 && i !== indices[k - 1]! + 1) consecutive = false;
    }
    if (consecutive && count > 0) return this.tensors.map((t) => narrow(t, 0, indices[0]!, count));
    return this.tensors.map((t) => gatherRows(t, indices));
  }

  private checkIndex(op: string, index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new ValueError(op, `index ${index} is out of range for a dataset of length ${this.length}`, { index, length: this.length });
    }
  }
}

/** Rows `indices` of a contiguous tensor along axis 0, copied into a new tensor. */
function gatherRows(t: NDArray, indices: Int32Array): NDArray {
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
