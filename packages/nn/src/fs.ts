/**
 * `@tsgrad/nn/node`: the Node-only part of `@tsgrad/nn` — reading and writing
 * safetensors files on disk. Everything else in `@tsgrad/nn` runs in browsers too.
 *
 * @module node
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import type { Tensor } from "@tsgrad/autograd";
import { type NDArray, ValueError } from "@tsgrad/ndarray";
import { describeValue } from "@tsgrad/ndarray/internal";
import { type SafetensorsContents, type SafetensorsMetadata, readSafetensors, writeSafetensors } from "./safetensors.js";

/** The path argument of a file helper: a non-empty string, else a ValueError naming `op`. */
function checkPath(op: string, path: unknown): string {
  if (typeof path !== "string" || path === "") throw new ValueError(op, `path must be a non-empty string, got ${describeValue(path)}`, {});
  return path;
}

/**
 * Writes Tensors to a safetensors file (see `saveSafetensors`) that PyTorch's
 * `safetensors.torch.load_file` reads. The file is written to a temporary name
 * beside `path` and renamed into place, so a crash never leaves a half-written file.
 *
 * @param path - where to write
 * @param stateDict - name → Tensor, e.g. `model.stateDict()` (NDArrays are accepted too)
 * @param metadata - optional string → string metadata
 * @returns a promise that resolves when the file is in place
 * @throws SafetensorsError (naming saveSafetensorsFile) for values that cannot be written; ValueError for a path that is not a string; the file system's errors as they are
 * @example
 * ```ts
 * import { Linear } from "@tsgrad/nn";
 * import { saveSafetensorsFile } from "@tsgrad/nn/node";
 * await saveSafetensorsFile("model.safetensors", new Linear(4, 2).stateDict());
 * ```
 * @category Serialization
 */
export async function saveSafetensorsFile(
  path: string,
  stateDict: Readonly<Record<string, Tensor | NDArray>>,
  metadata?: SafetensorsMetadata,
): Promise<void> {
  const op = "saveSafetensorsFile";
  await writeFileAtomically(checkPath(op, path), writeSafetensors(stateDict, metadata, { op }));
}

/**
 * Writes bytes to a temporary file beside `path` and renames it over `path`, so a failed write
 * leaves no partial file (shared by the Node entries that save model files).
 * @internal
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

/**
 * Reads the Tensors and metadata of a safetensors file (see `loadSafetensorsWithMetadata`).
 *
 * @param path - the file
 * @returns the Tensors by name and the metadata
 * @throws SafetensorsError naming the function and the path for a malformed file; ValueError for a path that is not a string; the file system's errors as they are
 * @example
 * ```ts
 * import { ones } from "@tsgrad/autograd";
 * import { loadSafetensorsFileWithMetadata, saveSafetensorsFile } from "@tsgrad/nn/node";
 * await saveSafetensorsFile("model.safetensors", { w: ones([2]) }, { epoch: "3" });
 * const { tensors, metadata } = await loadSafetensorsFileWithMetadata("model.safetensors");
 * metadata; // { epoch: "3" }
 * ```
 * @category Serialization
 */
export async function loadSafetensorsFileWithMetadata(path: string): Promise<SafetensorsContents> {
  const op = "loadSafetensorsFileWithMetadata";
  return readSafetensors(await readFile(checkPath(op, path)), { op, source: path });
}

/**
 * Reads the Tensors of a safetensors file (written by tsgrad or by PyTorch's
 * `safetensors.torch.save_file`), e.g. for `model.loadStateDict(...)`.
 *
 * @param path - the file
 * @returns the Tensors by name (`requiresGrad` false)
 * @throws SafetensorsError naming the function and the path for a malformed file; ValueError for a path that is not a string; the file system's errors as they are
 * @example
 * ```ts
 * import { Linear } from "@tsgrad/nn";
 * import { loadSafetensorsFile, saveSafetensorsFile } from "@tsgrad/nn/node";
 * await saveSafetensorsFile("model.safetensors", new Linear(4, 2, { seed: 0 }).stateDict());
 * const model = new Linear(4, 2);
 * model.loadStateDict(await loadSafetensorsFile("model.safetensors"));
 * ```
 * @category Serialization
 */
export async function loadSafetensorsFile(path: string): Promise<Record<string, Tensor>> {
  const op = "loadSafetensorsFile";
  return readSafetensors(await readFile(checkPath(op, path)), { op, source: path }).tensors;
}
