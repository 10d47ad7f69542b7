// Reading and writing the safetensors format in memory (bytes ↔ Tensors), apart from Module so
// files work for any name → Tensor record; the Node-only disk helpers are in fs.ts.
import { Tensor } from "@tsgrad/autograd";
import { MAX_RANK, NDArray } from "@tsgrad/ndarray";
import { allocate, allocateBytes } from "@tsgrad/ndarray/internal";
import { describe, fmtShape, isRecord } from "./checks.js";
import { SafetensorsError } from "./errors.js";

/**
 * The free-form `__metadata__` of a safetensors file: strings to strings.
 * @example
 * ```ts
 * import { type SafetensorsMetadata, loadSafetensorsWithMetadata, saveSafetensors } from "@tsgrad/nn";
 * import { ones } from "@tsgrad/autograd";
 * const metadata: SafetensorsMetadata = { format: "pt", epoch: "12" };
 * loadSafetensorsWithMetadata(saveSafetensors({ w: ones([2]) }, metadata)).metadata; // { format: "pt", epoch: "12" }
 * ```
 * @category Serialization
 */
export type SafetensorsMetadata = Record<string, string>;

/**
 * What {@link loadSafetensorsWithMetadata} returns: the Tensors by name and the metadata.
 * @example
 * ```ts
 * import { type SafetensorsContents, loadSafetensorsWithMetadata, saveSafetensors } from "@tsgrad/nn";
 * import { ones } from "@tsgrad/autograd";
 * const contents: SafetensorsContents = loadSafetensorsWithMetadata(saveSafetensors({ w: ones([2, 2]) }));
 * contents.tensors["w"]!.shape; // [2, 2]
 * contents.metadata;             // {}
 * ```
 * @category Serialization
 */
export interface SafetensorsContents {
  /** The Tensors by name, in the order of the header (`requiresGrad` false). */
  tensors: Record<string, Tensor>;
  /** The file's `__metadata__` (empty when it has none). */
  metadata: SafetensorsMetadata;
}

type FileDType = "F32" | "F64" | "I32" | "I64";

const ELEMENT_BYTES: Readonly<Record<FileDType, number>> = { F32: 4, F64: 8, I32: 4, I64: 8 };

/** The other dtype names of the format, which tsgrad cannot represent. */
const UNSUPPORTED = new Set(["BOOL", "U8", "I8", "U16", "I16", "F16", "BF16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64"]);

/** The reference implementation refuses headers larger than this (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/**
 * Order of the data in the reference writer: by dtype alignment, largest first (its
 * `Dtype` enum order, descending), then by name.
 */
const DTYPE_RANK: Readonly<Record<FileDType, number>> = { I64: 4, F64: 3, F32: 2, I32: 1 };

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The public call a read or write runs for (`loadSafetensors`, `loadSafetensorsFile`, …) and
 * the file's path when there is one: every error names both. @internal
 */
export interface SafetensorsCall {
  /** The public function the user called, the start of every message. */
  op: string;
  /** The file's path, after the name in messages (file helpers only). */
  source?: string;
}

/** A SafetensorsError naming `call.op` (and `call.source`, when reading a file). */
function failure(call: SafetensorsCall, message: string, details: Record<string, unknown> = {}): SafetensorsError {
  if (call.source === undefined) return new SafetensorsError(call.op, message, details);
  return new SafetensorsError(call.op, `${call.source}: ${message}`, { ...details, source: call.source });
}

function fileDType(t: NDArray): FileDType {
  return t.dtype === "float32" ? "F32" : t.dtype === "float64" ? "F64" : "I32";
}

/** Whether a string has no lone surrogate (so it encodes to UTF-8 and back unchanged). */
function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Defines `key` as an own property even when it is `"__proto__"`. */
function setEntry<V>(target: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The little-endian bytes of a tensor's elements in row-major order. */
function tensorBytes(t: NDArray, call: SafetensorsCall): Uint8Array {
  const a = t.toTypedArray();
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = allocateBytes(a.byteLength, call.op);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(4 * i, a[i]!, true);
    else if (a instanceof Float64Array) view.setFloat64(8 * i, a[i]!, true);
    else view.setInt32(4 * i, a[i]!, true);
  }
  return out;
}

/**
 * Serialises Tensors to the safetensors format (the Hugging Face format PyTorch's
 * `safetensors.torch.load_file` reads): an 8-byte little-endian header length, a JSON
 * header `{"__metadata__": {...}, name: {"dtype", "shape", "data_offsets": [begin,
 * end]}}` padded with spaces to a multiple of 8, then the little-endian data. The
 * layout is the reference writer's, byte for byte: data ordered by dtype (F64, then
 * F32, then I32) and then by name, metadata first in the header. float32, float64
 * and int32 Tensors are written as F32, F64 and I32. Browser-safe (no Node APIs).
 *
 * @param stateDict - name → Tensor, e.g. {@link Module.stateDict} (NDArrays are accepted too)
 * @param metadata - optional string → string metadata, stored as `__metadata__`
 * @returns the file's bytes
 * @throws SafetensorsError for a value that is not a Tensor, the reserved name `__metadata__`, a name that is not well-formed Unicode, or metadata that is not string → string
 * @example
 * ```ts
 * import { saveSafetensors, loadSafetensors } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const bytes = saveSafetensors({ w: tensor([[1, 2], [3, 4]]) }, { format: "pt" });
 * loadSafetensors(bytes).w!.toArray(); // [[1, 2], [3, 4]]
 * ```
 * @category Serialization
 */
export function saveSafetensors(stateDict: Readonly<Record<string, Tensor | NDArray>>, metadata?: SafetensorsMetadata): Uint8Array {
  return writeSafetensors(stateDict, metadata, { op: "saveSafetensors" });
}

/** {@link saveSafetensors} for the public call `call` (errors name it). @internal */
export function writeSafetensors(stateDict: Readonly<Record<string, Tensor | NDArray>>, metadata: SafetensorsMetadata | undefined, call: SafetensorsCall): Uint8Array {
  if (!isRecord(stateDict)) {
    throw failure(call, `expected an object mapping names to Tensors, got ${describe(stateDict)}`, {});
  }
  const encoder = new TextEncoder();
  const entries = Object.keys(stateDict).map((name) => {
    const raw: unknown = stateDict[name];
    const t = raw instanceof Tensor ? raw.data : raw;
    if (!(t instanceof NDArray)) throw failure(call, `value of ${JSON.stringify(name)} is not a Tensor (got ${describe(raw)})`, { name });
    if (name === "__metadata__") throw failure(call, `"__metadata__" is reserved by the format and cannot name a tensor`, { name });
    if (!isWellFormed(name)) throw failure(call, `tensor name ${JSON.stringify(name)} is not well-formed Unicode (it has a lone surrogate)`, { name });
    return { name, tensor: t, dtype: fileDType(t), nameBytes: encoder.encode(name) };
  });
  if (metadata !== undefined) {
    if (!isRecord(metadata)) throw failure(call, `metadata must be an object of strings, got ${describe(metadata)}`, {});
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw failure(call, `metadata value of ${JSON.stringify(k)} must be a string, got ${describe(v)}`, { key: k });
      if (!isWellFormed(k) || !isWellFormed(v)) throw failure(call, `metadata entry ${JSON.stringify(k)} is not well-formed Unicode`, { key: k });
    }
  }
  entries.sort((a, b) => DTYPE_RANK[b.dtype] - DTYPE_RANK[a.dtype] || compareBytes(a.nameBytes, b.nameBytes));

  const parts: string[] = [];
  if (metadata !== undefined) {
    const items = Object.entries(metadata).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    parts.push(`"__metadata__":{${items.join(",")}}`);
  }
  let offset = 0;
  const blobs: Uint8Array[] = [];
  for (const e of entries) {
    const bytes = tensorBytes(e.tensor, call);
    blobs.push(bytes);
    const end = offset + bytes.byteLength;
    parts.push(`${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":[${e.tensor.shape.join(",")}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = encoder.encode(`{${parts.join(",")}}`);
  // NOTE: the reference pads the header with spaces so the data starts 8-byte aligned.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = allocateBytes(8 + headerLength + offset, call.op);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 4294967296, true);
  view.setUint32(4, Math.floor(headerLength / 4294967296), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let pos = 8 + headerLength;
  for (const b of blobs) {
    out.set(b, pos);
    pos += b.byteLength;
  }
  return out;
}

interface HeaderEntry {
  name: string;
  dtype: FileDType;
  shape: number[];
  begin: number;
  end: number;
}

function isNonNegativeInteger(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

/**
 * What JSON.parse hides and the reference implementation (Rust, serde) refuses: a key given
 * twice in one object (JSON.parse keeps the last), and numbers that are not plain
 * non-negative integer literals (`1.0`, `4e0`, `-0` parse to integers). Shapes and offsets
 * are the header's only numbers, so every number literal must be one. `text` is valid JSON.
 */
function checkHeaderTokens(text: string, call: SafetensorsCall): void {
  // The open containers, innermost last: an object's keys so far and whether a key comes next; null for an array.
  const open: ({ keys: Set<string>; expectKey: boolean } | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const top = open[open.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (top?.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) {
          throw failure(call, `the header has the key ${JSON.stringify(key)} twice in one object (a duplicated field)`, { key });
        }
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j + 1;
    } else if (c === "{" || c === "[") {
      open.push(c === "{" ? { keys: new Set(), expectKey: true } : null);
      i++;
    } else if (c === "}" || c === "]") {
      open.pop();
      i++;
    } else if (c === ",") {
      if (top) top.expectKey = true;
      i++;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      let j = i + 1;
      while (j < text.length && /[-+.eE0-9]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      if (!/^(0|[1-9][0-9]*)$/.test(literal)) {
        throw failure(call, `the header has the number ${literal}; shapes and data_offsets must be written as plain non-negative integers`, {
          literal,
        });
      }
      i = j;
    } else i++;
  }
}

/** Validates one tensor entry of the header. */
function parseEntry(name: string, raw: unknown, call: SafetensorsCall): HeaderEntry {
  const q = JSON.stringify(name);
  if (!isRecord(raw)) throw failure(call, `header entry ${q} must be an object with dtype, shape and data_offsets, got ${describe(raw)}`, { name });
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== "string") throw failure(call, `tensor ${q}: dtype must be a string, got ${describe(dtype)}`, { name });
  if (UNSUPPORTED.has(dtype)) {
    throw failure(call, `tensor ${q} has dtype ${dtype}, which tsgrad does not support (it reads F32, F64, I32 and I64)`, { name, dtype });
  }
  if (!Object.prototype.hasOwnProperty.call(ELEMENT_BYTES, dtype)) throw failure(call, `tensor ${q}: unknown dtype ${JSON.stringify(dtype)}`, { name, dtype });
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw failure(call, `tensor ${q}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`, { name });
  }
  if (shape.length > MAX_RANK) {
    throw failure(call, `tensor ${q}: shape has ${shape.length} axes, more than the maximum rank ${MAX_RANK}`, { name });
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger) || offsets[0]! > offsets[1]!) {
    throw failure(call, `tensor ${q}: data_offsets must be two integers 0 ≤ begin ≤ end, got ${JSON.stringify(offsets)}`, { name });
  }
  const d = dtype as FileDType;
  let count = 1;
  for (const s of shape as number[]) {
    count *= s;
    if (count > Number.MAX_SAFE_INTEGER) throw failure(call, `tensor ${q}: shape ${JSON.stringify(shape)} has too many elements`, { name });
  }
  const [begin, end] = offsets as [number, number];
  if (end - begin !== count * ELEMENT_BYTES[d]) {
    throw failure(
      call,
      `tensor ${q}: shape ${fmtShape(shape as number[])} of ${d} needs ${count * ELEMENT_BYTES[d]} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`,
      { name },
    );
  }
  return { name, dtype: d, shape: shape as number[], begin, end };
}

/** Decodes one validated entry from the data section. */
function decodeEntry(data: Uint8Array, e: HeaderEntry, call: SafetensorsCall): NDArray {
  const bytes = allocateBytes(e.end - e.begin, call.op);
  bytes.set(data.subarray(e.begin, e.end));
  const n = bytes.length / ELEMENT_BYTES[e.dtype];
  const view = new DataView(bytes.buffer);
  if (e.dtype === "I64") {
    const out = allocate("int32", n, call.op);
    for (let i = 0; i < n; i++) {
      const lo = view.getInt32(8 * i, true);
      const hi = view.getInt32(8 * i + 4, true);
      // NOTE: an int64 fits int32 exactly when its high word is the sign extension of its low word.
      if (hi !== lo >> 31) {
        const value = view.getBigInt64(8 * i, true);
        throw failure(
          call,
          `tensor ${JSON.stringify(e.name)} (I64) holds ${value} at flat index ${i}, outside the int32 range; tsgrad has no int64 dtype`,
          { name: e.name, index: i },
        );
      }
      out[i] = lo;
    }
    return new NDArray(out, e.shape);
  }
  if (LITTLE_ENDIAN_HOST) {
    const arr = e.dtype === "F32" ? new Float32Array(bytes.buffer) : e.dtype === "F64" ? new Float64Array(bytes.buffer) : new Int32Array(bytes.buffer);
    return new NDArray(arr, e.shape);
  }
  const arr = allocate(e.dtype === "F32" ? "float32" : e.dtype === "F64" ? "float64" : "int32", n, call.op);
  for (let i = 0; i < n; i++) {
    arr[i] = e.dtype === "F32" ? view.getFloat32(4 * i, true) : e.dtype === "F64" ? view.getFloat64(8 * i, true) : view.getInt32(4 * i, true);
  }
  return new NDArray(arr, e.shape);
}

/**
 * Reads a safetensors file (see {@link saveSafetensors}) with its metadata. Everything
 * is validated before any Tensor is built — the header length (within the file and
 * at most 100 MB), UTF-8 and JSON of the header, well-formed Unicode in names and
 * metadata, every entry's dtype, shape and offsets, the data regions (contiguous, in order, non-overlapping and covering the
 * data section exactly) and shape × dtype size = byte length — and any violation
 * throws a {@link SafetensorsError}; a result is returned whole or not at all. F32,
 * F64 and I32 load as float32, float64 and int32 Tensors; I64 (PyTorch's default
 * integer type) loads as int32 when every value fits, else it is an error.
 *
 * @param bytes - the file's bytes
 * @returns the Tensors by name (`requiresGrad` false) and the metadata
 * @throws SafetensorsError for a malformed file or an unsupported dtype
 * @example
 * ```ts
 * import { saveSafetensors, loadSafetensorsWithMetadata } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const { tensors, metadata } = loadSafetensorsWithMetadata(saveSafetensors({ b: zeros([2]) }, { step: "10" }));
 * metadata.step; // "10"
 * ```
 * @category Serialization
 */
export function loadSafetensorsWithMetadata(bytes: Uint8Array | ArrayBuffer): SafetensorsContents {
  return readSafetensors(bytes, { op: "loadSafetensorsWithMetadata" });
}

/** {@link loadSafetensorsWithMetadata} for the public call `call` (errors name it and the file). @internal */
export function readSafetensors(bytes: Uint8Array | ArrayBuffer, call: SafetensorsCall): SafetensorsContents {
  const file = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(file instanceof Uint8Array)) throw failure(call, `expected the file's bytes as a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`, {});
  if (file.length < 8) {
    throw failure(call, `the file has ${file.length} bytes; a safetensors file starts with an 8-byte header length`, { length: file.length });
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 4294967296 + low;
  if (high !== 0 || headerLength > MAX_HEADER_BYTES) {
    throw failure(call, `the header length ${headerLength} is absurd (at most ${MAX_HEADER_BYTES} bytes); this is not a safetensors file`, {
      headerLength,
    });
  }
  if (8 + headerLength > file.length) {
    throw failure(call, `the header length ${headerLength} exceeds the ${file.length - 8} bytes that follow it; the file is truncated or not safetensors`, {
      headerLength,
      length: file.length,
    });
  }
  if (headerLength === 0 || file[8] !== 0x7b) throw failure(call, `the header must be a JSON object starting with "{"`, {});
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(file.subarray(8, 8 + headerLength));
  } catch {
    throw failure(call, "the header is not valid UTF-8", {});
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw failure(call, `the header is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, {});
  }
  if (!isRecord(header)) throw failure(call, `the header must be a JSON object, got ${describe(header)}`, {});

  const metadata: SafetensorsMetadata = {};
  const entries: HeaderEntry[] = [];
  for (const name of Object.keys(header)) {
    const raw = header[name];
    if (!isWellFormed(name)) throw failure(call, `header key ${JSON.stringify(name)} is not well-formed Unicode (a lone surrogate escape)`, {});
    if (name === "__metadata__") {
      if (!isRecord(raw)) throw failure(call, `__metadata__ must be an object of strings, got ${describe(raw)}`, {});
      for (const k of Object.keys(raw)) {
        const v = raw[k];
        if (typeof v !== "string") throw failure(call, `__metadata__ value of ${JSON.stringify(k)} must be a string, got ${describe(v)}`, { key: k });
        if (!isWellFormed(k) || !isWellFormed(v)) throw failure(call, `__metadata__ entry ${JSON.stringify(k)} is not well-formed Unicode`, { key: k });
        setEntry(metadata, k, v);
      }
    } else {
      entries.push(parseEntry(name, raw, call));
    }
  }
  checkHeaderTokens(text, call);
  const dataLength = file.length - 8 - headerLength;
  for (const e of entries) {
    if (e.end > dataLength) {
      throw failure(call, `tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] lie outside the data section of ${dataLength} bytes`, {
        name: e.name,
      });
    }
  }
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of byOffset) {
    if (e.begin !== expected) {
      const what = e.begin < expected ? "overlaps the previous tensor's data" : `leaves a gap of ${e.begin - expected} bytes before it`;
      throw failure(call, `tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] ${what}; the regions must be contiguous`, { name: e.name });
    }
    expected = e.end;
  }
  if (expected !== dataLength) {
    throw failure(call, `the tensors' data ends at byte ${expected} but the data section has ${dataLength} bytes`, { expected, dataLength });
  }
  const data = file.subarray(8 + headerLength);
  const decoded = entries.map((e) => decodeEntry(data, e, call));
  const tensors: Record<string, Tensor> = {};
  entries.forEach((e, i) => setEntry(tensors, e.name, new Tensor(decoded[i]!)));
  return { tensors, metadata };
}

/**
 * Reads the Tensors of a safetensors file, e.g. to give to {@link Module.loadStateDict};
 * see {@link loadSafetensorsWithMetadata} for the checks and the metadata.
 *
 * @param bytes - the file's bytes
 * @returns the Tensors by name (`requiresGrad` false)
 * @throws SafetensorsError for a malformed file or an unsupported dtype
 * @example
 * ```ts
 * import { Linear, saveSafetensors, loadSafetensors } from "@tsgrad/nn";
 * const a = new Linear(3, 2, { seed: 0 });
 * const b = new Linear(3, 2, { seed: 1 });
 * b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())));
 * ```
 * @category Serialization
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  return readSafetensors(bytes, { op: "loadSafetensors" }).tensors;
}
