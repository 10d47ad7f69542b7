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

/**
 * The path argument of a file helper: a non-empty string, else a ValueError naming `op` (shared by
 * the Node entries that read or write model files).
 * @internal
 */
export function checkPath(op: string, path: unknown): string {
  if (typeof path !== "string" || path === "") throw new ValueError(op, `path must be a non-empty string, got ${describeValue(path)}`, {});
  return path;
}

/** What the file system's error codes mean, for {@link fileSystemError}'s messages. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "it already exists",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
};

/**
 * The file system's error `e` on `path` as a ValueError naming `op` and the user's path (never an
 * internal temporary name), with Node's error as `cause` and its code in `code` and `details.code`.
 * @internal
 */
export function fileSystemError(op: string, verb: "read" | "write", path: string, e: unknown): ValueError {
  const code = (e as { code?: unknown } | null)?.code;
  const reason = typeof code === "string" ? (FS_REASONS[code] ?? code) : e instanceof Error ? e.message : String(e);
  const err = new ValueError(op, `cannot ${verb} ${JSON.stringify(path)}: ${reason}${typeof code === "string" && code in FS_REASONS ? ` (${code})` : ""}`, { path, code });
  // Like Node's own errors: `cause` is the original, `code` its code (for `e.code === "ENOENT"` checks).
  Object.defineProperties(err, { cause: { value: e, writable: true, configurable: true }, code: { value: code, writable: true, configurable: true } });
  return err;
}

/** The bytes of the file at `path`, or {@link fileSystemError} naming `op` and `path`. */
async function readBytes(op: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw fileSystemError(op, "read", path, e);
  }
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
 * @throws SafetensorsError (naming saveSafetensorsFile) for values that cannot be written; ValueError for a path that is not a string or cannot be written (naming the path, the file system's error as `cause`)
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
  await writeFileAtomically(checkPath(op, path), writeSafetensors(stateDict, metadata, { op }), op);
}

/**
 * Writes bytes to a temporary file beside `path` and renames it over `path`, so a failed write
 * leaves no partial file (shared by the Node entries that save model files). A file-system error
 * is a ValueError naming `op` and `path` (see {@link fileSystemError}).
 * @internal
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array, op: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw fileSystemError(op, "write", path, e);
  }
}

/**
 * Reads the Tensors and metadata of a safetensors file (see `loadSafetensorsWithMetadata`).
 *
 * @param path - the file
 * @returns the Tensors by name and the metadata
 * @throws SafetensorsError naming the function and the path for a malformed file; ValueError for a path that is not a string or cannot be read (naming the path, the file system's error as `cause`)
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
  return readSafetensors(await readBytes(op, checkPath(op, path)), { op, source: path });
}

/**
 * Reads the Tensors of a safetensors file (written by tsgrad or by PyTorch's
 * `safetensors.torch.save_file`), e.g. for `model.loadStateDict(...)`.
 *
 * @param path - the file
 * @returns the Tensors by name (`requiresGrad` false)
 * @throws SafetensorsError naming the function and the path for a malformed file; ValueError for a path that is not a string or cannot be read (naming the path, the file system's error as `cause`)
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
  return readSafetensors(await readBytes(op, checkPath(op, path)), { op, source: path }).tensors;
}
