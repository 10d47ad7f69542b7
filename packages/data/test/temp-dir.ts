// A fresh temporary folder for the tests of one file, made before them and removed after them;
// shared by the tests that write files (here and in packages/nn/test, which imports it relatively).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * Registers `beforeAll` / `afterAll` hooks that make a folder under the OS's temporary folder
 * (its name starting with `prefix`) and remove it with everything in it.
 * @param prefix - The start of the folder's name, e.g. `"tsgrad-nn-"`.
 * @returns The folder's path; call it inside tests and hooks (it is empty before `beforeAll`).
 * @internal
 */
export function useTempDir(prefix: string): () => string {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
