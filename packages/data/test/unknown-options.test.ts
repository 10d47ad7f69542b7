// Unknown options are refused, not ignored: DataLoader, the MNIST decoders and loadMnist throw a
// ValueError naming the call and the key (`batch_size` is not `batchSize`) and change nothing.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tensor } from "@tsgrad/autograd";
import * as data from "@tsgrad/data";
import * as dataNode from "@tsgrad/data/node";
import { type OptionsCall, expectUnknownRefused, testOptionsCalls } from "../../nn/test/unknown-options-helpers.js";
import { optionsCallables } from "../../ndarray/test/option-params.js";
import { writeIdx } from "./idx-writer.js";
import { useTempDir } from "./temp-dir.js";

const MNIST = ["flatten", "normalize", "dtype"];
const images = (): Uint8Array => writeIdx("ubyte", [2, 2, 3], [0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 1]);
const labels = (): Uint8Array => writeIdx("ubyte", [2], [3, 8]);
const tmp = useTempDir("tsgrad-data-options-");

beforeAll(async () => {
  for (const [name, bytes] of [
    ["train-images-idx3-ubyte", images()],
    ["train-labels-idx1-ubyte", labels()],
    ["t10k-images-idx3-ubyte", images()],
    ["t10k-labels-idx1-ubyte", labels()],
  ] as const) {
    await writeFile(join(tmp(), name), bytes);
  }
});

const ENTRIES: OptionsCall[] = [
  {
    id: "DataLoader",
    name: "DataLoader",
    known: ["batchSize", "shuffle", "seed", "generator", "dropLast"],
    misspelt: "batch_size",
    valid: { batchSize: 2 },
    setup: () => {
      const ds = new data.TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([0, 1, 0], { dtype: "int32" }));
      return { call: (o) => new data.DataLoader(ds, o), observe: () => ds };
    },
  },
  {
    id: "decodeMnistImages",
    name: "decodeMnistImages",
    known: MNIST,
    misspelt: "normalise",
    setup: () => {
      const bytes = images();
      return { call: (o) => data.decodeMnistImages(bytes, o), observe: () => bytes };
    },
  },
  {
    id: "decodeMnist",
    name: "decodeMnist",
    known: MNIST,
    misspelt: "flat",
    setup: () => {
      const files = { trainImages: images(), trainLabels: labels(), testImages: images(), testLabels: labels() };
      return { call: (o) => data.decodeMnist(files, o), observe: () => files };
    },
  },
  {
    id: "node.loadMnist",
    name: "loadMnist",
    known: [...MNIST, "dir"],
    misspelt: "data_dir",
    setup: () => ({ call: (o) => dataNode.loadMnist({ dir: tmp(), ...o }), observe: () => null }),
  },
];

describe("every public call of @tsgrad/data that takes options refuses an unknown one", () => {
  it("the table lists every exported function, constructor and method whose parameters include an options object", () => {
    const found = [...optionsCallables(data as unknown as Record<string, unknown>), ...optionsCallables(dataNode as unknown as Record<string, unknown>, "node.")];
    expect(found).toEqual(ENTRIES.map((e) => e.id).sort());
  });

  testOptionsCalls(ENTRIES, 30);

  it("DataLoader suggests batchSize for batch_size", async () => {
    const e = await expectUnknownRefused(ENTRIES[0]!, "batch_size");
    expect(e.message).toMatch(/^DataLoader: options: unknown option "batch_size"; expected one of batchSize, .*\(did you mean "batchSize"\?\)$/);
  });
});
