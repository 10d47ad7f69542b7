import { describe, expect, expectTypeOf } from "vitest";
import { fc, it } from "@tsgrad/testing/vitest";
import { Generator, ShapeError, ValueError, manualSeed, permutation, ndarray, arange as ndArange } from "@tsgrad/ndarray";
import { Tensor, arange, tensor, transpose, zeros } from "@tsgrad/autograd";
import { DataLoader, type Dataset, TensorDataset } from "@tsgrad/data";
import { catchError } from "./catch-error.js";

/** A dataset of `n` items: x row i is [i, 10 i, 100 i] (float32), y is i (int32). */
function numbered(n: number): TensorDataset<[Tensor, Tensor]> {
  return new TensorDataset(tensor(Array.from({ length: n }, (_, i) => [i, 10 * i, 100 * i])), arange(0, n, 1, { dtype: "int32" }));
}

/** The labels of each batch of one epoch. */
function epochLabels(loader: DataLoader<[Tensor, Tensor]>): number[][] {
  return Array.from(loader, (batch) => batch[1].toArray() as number[]);
}

describe("TensorDataset", () => {
  it("indexes every tensor along the first axis, handing out Tensors", () => {
    const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([7, 8, 9], { dtype: "int32" }));
    expect(ds.length).toBe(3);
    const [x, y] = ds.get(1);
    expectTypeOf(ds.get(1)).toEqualTypeOf<[Tensor, Tensor]>();
    expect(x).toBeInstanceOf(Tensor);
    expect(y).toBeInstanceOf(Tensor);
    expect(x.shape).toEqual([2]);
    expect(x.toArray()).toEqual([3, 4]);
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(8);
    expect(y.dtype).toBe("int32");
  });

  it("accepts NDArrays beside Tensors and still hands out Tensors", () => {
    const ds = new TensorDataset(ndarray([[1, 2], [3, 4]]), tensor([5, 6], { dtype: "int32" }));
    expectTypeOf(ds.get(0)).toEqualTypeOf<[Tensor, Tensor]>();
    const [x, y] = ds.get(1);
    expect(x).toBeInstanceOf(Tensor);
    expect(x.toArray()).toEqual([3, 4]);
    expect(y.item()).toBe(6);
    for (const t of ds.tensors) expect(t).toBeInstanceOf(Tensor);
    for (const t of ds.getBatch(Int32Array.of(1, 0))) expect(t).toBeInstanceOf(Tensor);
    for (const t of ds.getBatch(Int32Array.of(0, 1))) expect(t).toBeInstanceOf(Tensor);
  });

  it("holds values, not gradients: items and batches do not require grad", () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const ds = new TensorDataset(w);
    expect(ds.tensors[0].requiresGrad).toBe(false);
    expect(ds.get(0)[0].requiresGrad).toBe(false);
    expect(ds.getBatch(Int32Array.of(1, 0))[0].requiresGrad).toBe(false);
    expect(Array.from(new DataLoader(ds, { batchSize: 2 }))[0]![0].requiresGrad).toBe(false);
    expect(w.requiresGrad).toBe(true);
    expect(w.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("reads non-contiguous inputs by their logical rows", () => {
    for (const t of [transpose(arange(6).reshape([2, 3])), ndArange(6).reshape([2, 3]).transpose()]) {
      const ds = new TensorDataset(t);
      expect(ds.get(2)[0].toArray()).toEqual([2, 5]);
      expect(ds.getBatch(Int32Array.of(2, 0))[0].toArray()).toEqual([
        [2, 5],
        [0, 3],
      ]);
    }
  });

  it("refuses tensors whose first axes differ, naming the shapes", () => {
    const e = catchError(() => new TensorDataset(zeros([4, 2]), zeros([4]), zeros([3, 2])));
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as ShapeError).message).toMatch(/TensorDataset: .*tensor 0 has 4 \(shape \[4, 2\]\) but tensor 2 has 3 \(shape \[3, 2\]\)/);
  });

  it("refuses no tensors, scalars, non-tensors and out-of-range indices", () => {
    expect(catchError(() => new TensorDataset())).toBeInstanceOf(ValueError);
    expect(catchError(() => new TensorDataset(ndarray(3)))).toBeInstanceOf(ShapeError);
    expect(catchError(() => new TensorDataset(tensor(3)))).toBeInstanceOf(ShapeError);
    const notATensor = catchError(() => new TensorDataset([1, 2] as unknown as Tensor));
    expect(notATensor).toBeInstanceOf(ValueError);
    expect((notATensor as Error).message).toMatch(/argument 0 is not a Tensor or an NDArray/);
    const ds = numbered(3);
    for (const i of [-1, 3, 1.5, Number.NaN]) expect(catchError(() => ds.get(i)), String(i)).toBeInstanceOf(ValueError);
    for (const i of [-1, 3]) expect(catchError(() => ds.getBatch(Int32Array.of(0, i))), String(i)).toBeInstanceOf(ValueError);
  });

  it("gives views for consecutive indices and copies otherwise, with the right rows", () => {
    const ds = numbered(6);
    const [xv, yv] = ds.getBatch(Int32Array.of(2, 3, 4));
    expect(xv.data.storage).toBe(ds.tensors[0].data.storage);
    expect(yv.toArray()).toEqual([2, 3, 4]);
    expect(xv.toArray()).toEqual([
      [2, 20, 200],
      [3, 30, 300],
      [4, 40, 400],
    ]);
    const [xc, yc] = ds.getBatch(Int32Array.of(5, 0, 5));
    expect(xc.data.storage).not.toBe(ds.tensors[0].data.storage);
    expect(yc.dtype).toBe("int32");
    expect(yc.toArray()).toEqual([5, 0, 5]);
    expect(xc.toArray()).toEqual([
      [5, 50, 500],
      [0, 0, 0],
      [5, 50, 500],
    ]);
  });

  it("gathers wide rows (block copies) exactly", () => {
    const x = arange(0, 5 * 40, 1, { dtype: "float64" }).reshape([5, 2, 20]);
    const [b] = new TensorDataset(x).getBatch(Int32Array.of(4, 1));
    expect(b.shape).toEqual([2, 2, 20]);
    expect(b.dtype).toBe("float64");
    expect(Array.from(b.toTypedArray())).toEqual([
      ...Array.from({ length: 40 }, (_, k) => 160 + k),
      ...Array.from({ length: 40 }, (_, k) => 40 + k),
    ]);
  });
});

describe("DataLoader", () => {
  it("batches in index order without shuffling", () => {
    const loader = new DataLoader(numbered(7), { batchSize: 3 });
    expect(loader.length).toBe(3);
    const batches = Array.from(loader);
    for (const b of batches) for (const t of b) expect(t).toBeInstanceOf(Tensor);
    expect(batches.map((b) => b[0].shape)).toEqual([
      [3, 3],
      [3, 3],
      [1, 3],
    ]);
    expect(batches.map((b) => b[1].toArray())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(batches[2]![0].toArray()).toEqual([[6, 60, 600]]);
  });

  it("drops a last short batch with dropLast, and keeps a full one", () => {
    expect(epochLabels(new DataLoader(numbered(7), { batchSize: 3, dropLast: true }))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(new DataLoader(numbered(7), { batchSize: 3, dropLast: true }).length).toBe(2);
    expect(epochLabels(new DataLoader(numbered(6), { batchSize: 3, dropLast: true }))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(new DataLoader(numbered(2), { batchSize: 3, dropLast: true }).length).toBe(0);
    expect(Array.from(new DataLoader(numbered(2), { batchSize: 3, dropLast: true }))).toEqual([]);
  });

  it("defaults to batches of one and handles an empty dataset", () => {
    expect(epochLabels(new DataLoader(numbered(3)))).toEqual([[0], [1], [2]]);
    const empty = new DataLoader(new TensorDataset(zeros([0, 4])), { batchSize: 2, shuffle: true, seed: 1 });
    expect(empty.length).toBe(0);
    expect(Array.from(empty)).toEqual([]);
  });

  it("shuffles each epoch into a permutation, different from epoch to epoch", () => {
    const loader = new DataLoader(numbered(50), { batchSize: 8, shuffle: true, seed: 3 });
    const epochs = [0, 1, 2].map(() => epochLabels(loader).flat());
    for (const order of epochs) expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochs[0]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochs[1]).not.toEqual(epochs[0]);
    expect(epochs[2]).not.toEqual(epochs[1]);
  });

  it("keeps the fields of an item together when shuffling", () => {
    for (const [x, y] of new DataLoader(numbered(20), { batchSize: 6, shuffle: true, seed: 9 })) {
      expectTypeOf(x).toEqualTypeOf<Tensor>();
      expectTypeOf(y).toEqualTypeOf<Tensor>();
      const labels = y.toArray() as number[];
      expect(x.toArray()).toEqual(labels.map((i) => [i, 10 * i, 100 * i]));
    }
  });

  it("epoch k of a seeded loader is the k-th permutation drawn from Generator(seed)", () => {
    const loader = new DataLoader(numbered(17), { batchSize: 5, shuffle: true, seed: 42 });
    const g = new Generator(42);
    for (let k = 0; k < 3; k++) {
      expect(epochLabels(loader).flat()).toEqual(permutation(17, { generator: g }).toArray());
    }
  });

  it("is reproducible: two loaders with the same seed give the same batches, epoch after epoch", () => {
    const a = new DataLoader(numbered(30), { batchSize: 4, shuffle: true, seed: 7 });
    const b = new DataLoader(numbered(30), { batchSize: 4, shuffle: true, seed: 7 });
    for (let epoch = 0; epoch < 3; epoch++) {
      const ba = Array.from(a, (batch) => batch.map((t) => t.toArray()));
      const bb = Array.from(b, (batch) => batch.map((t) => t.toArray()));
      expect(ba).toEqual(bb);
    }
  });

  it("different seeds give different orders", () => {
    const a = epochLabels(new DataLoader(numbered(30), { batchSize: 30, shuffle: true, seed: 1 }));
    const b = epochLabels(new DataLoader(numbered(30), { batchSize: 30, shuffle: true, seed: 2 }));
    expect(a).not.toEqual(b);
  });

  it("draws from a given generator, and from the global one (manualSeed) by default", () => {
    const withSeed = epochLabels(new DataLoader(numbered(12), { batchSize: 5, shuffle: true, seed: 5 }));
    const withGenerator = epochLabels(new DataLoader(numbered(12), { batchSize: 5, shuffle: true, generator: new Generator(5) }));
    expect(withGenerator).toEqual(withSeed);
    manualSeed(5);
    const withGlobal = epochLabels(new DataLoader(numbered(12), { batchSize: 5, shuffle: true }));
    expect(withGlobal).toEqual(withSeed);
  });

  it("fixes an epoch's order when the iteration starts", () => {
    const loader = new DataLoader(numbered(10), { batchSize: 10, shuffle: true, seed: 11 });
    const first = loader[Symbol.iterator]();
    const second = loader[Symbol.iterator]();
    const g = new Generator(11);
    const p1 = permutation(10, { generator: g }).toArray();
    const p2 = permutation(10, { generator: g }).toArray();
    expect(second.next().value![1].toArray()).toEqual(p2);
    expect(first.next().value![1].toArray()).toEqual(p1);
  });

  it("stacks the items of a dataset without getBatch into Tensors", () => {
    const ds: Dataset<[Tensor, Tensor]> = { length: 5, get: (i) => [tensor([i, -i]), tensor(i * i)] };
    const loader = new DataLoader(ds, { batchSize: 2 });
    expectTypeOf(loader).toEqualTypeOf<DataLoader<[Tensor, Tensor]>>();
    const batches = Array.from(loader);
    for (const b of batches) for (const t of b) expect(t).toBeInstanceOf(Tensor);
    expect(batches.map((b) => b.map((t) => t.toArray()))).toEqual([
      [
        [
          [0, -0],
          [1, -1],
        ],
        [0, 1],
      ],
      [
        [
          [2, -2],
          [3, -3],
        ],
        [4, 9],
      ],
      [[[4, -4]], [16]],
    ]);
    // An inline dataset: the batch type is inferred as a tuple of Tensors.
    const inline = new DataLoader({ length: 3, get: (i) => [tensor([i, -i]), tensor(i * i)] }, { batchSize: 3 });
    expectTypeOf(inline).toEqualTypeOf<DataLoader<[Tensor, Tensor]>>();
    for (const [x, y] of inline) {
      expect(x.toArray()).toEqual([
        [0, -0],
        [1, -1],
        [2, -2],
      ]);
      expect(y.toArray()).toEqual([0, 1, 4]);
    }
    const ragged: Dataset = { length: 2, get: (i) => (i === 0 ? [tensor(1)] : [tensor(1), tensor(2)]) };
    expect(catchError(() => Array.from(new DataLoader(ragged, { batchSize: 2 })))).toBeInstanceOf(ValueError);
    // Items must be Tensors: NDArrays (or plain arrays) are refused with a hint.
    const raw = { length: 2, get: (i: number) => [ndarray([i])] } as unknown as Dataset;
    const e = catchError(() => Array.from(new DataLoader(raw, { batchSize: 2 })));
    expect(e).toBeInstanceOf(ValueError);
    expect((e as Error).message).toMatch(/DataLoader: dataset item 0 must be an array of Tensors \(wrap values with tensor\(\.\.\.\)\)/);
    const notArray = { length: 1, get: () => tensor([1]) } as unknown as Dataset;
    expect(catchError(() => Array.from(new DataLoader(notArray)))).toBeInstanceOf(ValueError);
  });

  it("validates its options", () => {
    const ds = numbered(4);
    const bad: unknown[] = [
      { batchSize: 0 },
      { batchSize: -2 },
      { batchSize: 1.5 },
      { batchSize: "2" },
      { shuffle: "yes" },
      { dropLast: 1 },
      { seed: Number.NaN },
      { seed: "1" },
      { seed: 1, generator: new Generator(1) },
      { generator: { nextUint32: () => 0 } },
      { batch_size: 2 },
      null,
    ];
    for (const options of bad) {
      const e = catchError(() => new DataLoader(ds, options as never));
      expect(e, JSON.stringify(options)).toBeInstanceOf(ValueError);
      expect((e as ValueError).op).toBe("DataLoader");
    }
    expect((catchError(() => new DataLoader(ds, { batch_size: 2 } as never)) as Error).message).toMatch(/unknown option "batch_size"/);
    expect(catchError(() => new DataLoader({} as never))).toBeInstanceOf(ValueError);
  });

  it.prop(
    [fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2 ** 32 - 1 })],
    { numRuns: 150 },
  )("batches cover the dataset once per epoch, with the advertised count and sizes", (n, batchSize, shuffle, dropLast, seed) => {
    const loader = new DataLoader(numbered(n), { batchSize, shuffle, dropLast, seed });
    for (let epoch = 0; epoch < 2; epoch++) {
      const batches = Array.from(loader);
      expect(batches.length).toBe(loader.length);
      const expectedBatches = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
      expect(batches.length).toBe(expectedBatches);
      batches.forEach(([x, y], k) => {
        const size = k < batches.length - 1 || dropLast || n % batchSize === 0 ? batchSize : n % batchSize;
        expect(x.shape).toEqual([size, 3]);
        const labels = y.toArray() as number[];
        expect(x.toArray()).toEqual(labels.map((i) => [i, 10 * i, 100 * i]));
      });
      const seen = batches.flatMap((b) => b[1].toArray() as number[]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(dropLast ? expectedBatches * batchSize : n);
      if (!shuffle) expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    }
  });
});

describe("wrong kinds name the call (BigInt and Symbol values included)", () => {
  const WRONG = fc.constantFrom<unknown>(null, undefined, 3n, Symbol("i"), "1", 1.5, -1, 99, {}, [0], NaN);

  it.prop([WRONG], { numRuns: 30 })("TensorDataset.get and getBatch refuse them with a ValueError", (bad) => {
    const ds = new TensorDataset(zeros([4, 2]));
    const g = catchError(() => ds.get(bad as never));
    expect(g).toBeInstanceOf(ValueError);
    expect((g as Error).message).toMatch(/^TensorDataset\.get: /);
    if (!Array.isArray(bad)) {
      const b = catchError(() => ds.getBatch(bad as never));
      expect(b).toBeInstanceOf(ValueError);
      expect((b as Error).message).toMatch(/^TensorDataset\.getBatch: /);
    }
    const inArray = catchError(() => ds.getBatch([0, bad] as never));
    expect(inArray).toBeInstanceOf(ValueError);
    expect((inArray as Error).message).toMatch(/^TensorDataset\.getBatch: index .* is out of range/);
  });

  it("getBatch takes an Int32Array or a plain array of indices", () => {
    const ds = new TensorDataset(arange(8).reshape([4, 2]));
    expect(ds.getBatch([2, 0])[0].toArray()).toEqual(ds.getBatch(Int32Array.of(2, 0))[0].toArray());
    expect((catchError(() => ds.getBatch(null as never)) as Error).message).toBe("TensorDataset.getBatch: expected an Int32Array (or an array) of indices, got null");
  });

  it.prop([fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 })], { numRuns: 20 })(
    "a DataLoader over items of different shapes is a ShapeError naming DataLoader, not stack",
    (sizes) => {
      fc.pre(new Set(sizes).size > 1);
      const ds: Dataset<[Tensor]> = { length: sizes.length, get: (i) => [zeros([sizes[i]!])] };
      const e = catchError(() => [...new DataLoader(ds, { batchSize: sizes.length })]);
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as Error).message).toMatch(/^DataLoader: dataset items must have tensors of one shape to stack into a batch; tensor 0 of item 0 has shape \[\d\] but that of item \d has \[\d\]$/);
    },
  );
});
