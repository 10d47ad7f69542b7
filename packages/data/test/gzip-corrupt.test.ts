// A file that starts like gzip but does not decompress (corrupt, truncated) is an
// IdxFormatError naming the op and the path, never zlib's bare error.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IdxFormatError } from "../src/index.js";
import { readIdxFile } from "../src/fs.js";
import { writeIdx } from "./idx-writer.js";
import { useTempDir } from "./temp-dir.js";

const tmp = useTempDir("tsgrad-gz-");

describe("readIdxFile on a corrupt .gz", () => {
  const good = (): Uint8Array => gzipSync(writeIdx("ubyte", [3], [7, 8, 9]));
  const corruptions: [string, (b: Uint8Array) => Uint8Array][] = [
    ["truncated", (b) => b.subarray(0, b.length - 10)],
    ["only the magic number", (b) => b.subarray(0, 2)],
    ["a flipped byte in the deflate stream", (b) => b.map((v, i) => (i === 12 ? v ^ 0xff : v))],
    ["a wrong checksum", (b) => b.map((v, i) => (i === b.length - 6 ? v ^ 0x01 : v))],
  ];
  for (const [name, corrupt] of corruptions) {
    it(name, async () => {
      const path = join(tmp(), `${name.replace(/ /g, "-")}.gz`);
      await writeFile(path, corrupt(good()));
      const err = await readIdxFile(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IdxFormatError);
      expect((err as Error).message).toMatch(/^readIdxFile: /);
      expect((err as Error).message).toContain(path);
    });
  }
  it("the intact file still loads", async () => {
    const path = join(tmp(), "good.gz");
    await writeFile(path, good());
    expect((await readIdxFile(path)).toArray()).toEqual([7, 8, 9]);
  });
});
