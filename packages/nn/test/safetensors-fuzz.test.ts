// Fuzz of the safetensors reader with corrupted files: 10,500 cases in all. Every
// case must either throw a SafetensorsError or return a whole result consistent with
// the file's header — never another error, never a partial result.
import { describe, expect } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import type { Tensor } from "@tsgrad/autograd";
import { SafetensorsError, loadSafetensorsWithMetadata, saveSafetensors } from "@tsgrad/nn";
import { arbMetadata, arbStateDict, assemble, bitsOf, splitFile } from "./safetensors-arbitraries.js";

const ELEMENT_BYTES: Record<string, number> = { F32: 4, F64: 8, I32: 4, I64: 8 };

/** Loads `bytes` and checks the outcome: a SafetensorsError, or a complete and consistent result. */
function checkOutcome(bytes: Uint8Array): "error" | "loaded" {
  let result: ReturnType<typeof loadSafetensorsWithMetadata>;
  try {
    result = loadSafetensorsWithMetadata(bytes);
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw new Error(`expected a SafetensorsError, got ${String(e)}`, { cause: e });
    return "error";
  }
  // A result was returned: it must be the whole file, as its header describes it.
  const { header, data } = splitFile(bytes);
  const parsed = JSON.parse(header) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const names = Object.keys(parsed).filter((k) => k !== "__metadata__");
  expect(Object.keys(result.tensors).sort()).toEqual(names.sort());
  let covered = 0;
  for (const name of names) {
    const entry = parsed[name]!;
    const t = Object.getOwnPropertyDescriptor(result.tensors, name)!.value as Tensor;
    expect([...t.shape]).toEqual(entry.shape);
    expect(t.size).toBe(entry.shape.reduce((a, b) => a * b, 1));
    expect(t.size * ELEMENT_BYTES[entry.dtype]!).toBe(entry.data_offsets[1] - entry.data_offsets[0]);
    covered += entry.data_offsets[1] - entry.data_offsets[0];
  }
  expect(covered).toBe(data.length);
  // What was loaded can be written and read back unchanged.
  const again = loadSafetensorsWithMetadata(saveSafetensors(result.tensors, result.metadata));
  for (const name of names) {
    const a = Object.getOwnPropertyDescriptor(result.tensors, name)!.value as Tensor;
    const b = Object.getOwnPropertyDescriptor(again.tensors, name)!.value as Tensor;
    expect(bitsOf(b)).toEqual(bitsOf(a));
  }
  return "loaded";
}

const arbValidFile = fc.tuple(arbStateDict, arbMetadata).map(([sd, md]) => saveSafetensors(sd, md));

/** Little-endian u64 prefix followed by anything: random bytes with a plausible or wild header length. */
const arbPrefixed = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 96 }), fc.nat(), fc.constantFrom(2 ** 32, 2 ** 53 - 1, 100_000_001)), fc.uint8Array({ maxLength: 96 }))
  .map(([n, rest]) => {
    const out = new Uint8Array(8 + rest.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
    out.set(rest, 8);
    return out;
  });

/** Wild JSON values for header fields: numbers of every kind, strings, arrays, objects. */
const arbWild = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0.5, 2 ** 53, 1e300, "F32", "F16", "I64", "", [0], [0, -4], [4, 0], [1, 2, 3], [2 ** 31, 2 ** 31], null),
);

type Header = Record<string, unknown>;

const MUTATIONS = ["dtype", "shape", "data_offsets", "dropField", "dropEntry", "addEntry", "metadata", "shiftOffsets", "whole", "swapOffsets"] as const;

/** Applies one edit to a parsed header. */
function mutate(header: Header, kind: (typeof MUTATIONS)[number], wild: unknown, pick: number, delta: number): unknown {
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  const name = names.length > 0 ? names[pick % names.length]! : undefined;
  const entry = name !== undefined ? (header[name] as Record<string, unknown>) : undefined;
  switch (kind) {
    case "dtype":
    case "shape":
    case "data_offsets":
      if (entry) entry[kind] = wild;
      return header;
    case "dropField":
      if (entry) delete entry[["dtype", "shape", "data_offsets"][pick % 3]!];
      return header;
    case "dropEntry":
      if (name !== undefined) delete header[name];
      return header;
    case "addEntry":
      header[`extra${pick}`] = typeof wild === "object" && wild !== null && !Array.isArray(wild) ? wild : { dtype: "F32", shape: [1], data_offsets: [0, 4] };
      return header;
    case "metadata":
      header.__metadata__ = wild;
      return header;
    case "shiftOffsets":
      if (entry && Array.isArray(entry.data_offsets)) entry.data_offsets = (entry.data_offsets as number[]).map((o) => o + delta);
      return header;
    case "swapOffsets": {
      const other = names.length > 1 ? (header[names[(pick + 1) % names.length]!] as Record<string, unknown>) : undefined;
      if (entry && other) [entry.data_offsets, other.data_offsets] = [other.data_offsets, entry.data_offsets];
      return header;
    }
    case "whole":
      return wild;
  }
}

describe("safetensors fuzz: corrupted files never crash, hang or half-load", () => {
  test.prop([fc.uint8Array({ maxLength: 128 })], { numRuns: 1500 })("random bytes", (bytes) => {
    expect(checkOutcome(bytes)).toBe("error");
  });

  test.prop([arbPrefixed], { numRuns: 1500 })("random bytes after a header length", (bytes) => {
    checkOutcome(bytes);
  });

  test.prop([arbValidFile, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 })], { numRuns: 3000 })(
    "valid files with flipped bytes",
    (file, flips) => {
      const bytes = file.slice();
      for (const [pos, mask] of flips) bytes[pos % bytes.length]! ^= mask;
      checkOutcome(bytes);
    },
  );

  test.prop([arbValidFile, fc.nat(), fc.uint8Array({ maxLength: 16 }), fc.boolean()], { numRuns: 2000 })(
    "truncated and extended valid files",
    (file, cut, tail, extend) => {
      if (extend) {
        const bytes = new Uint8Array(file.length + tail.length + 1);
        bytes.set(file);
        bytes.set(tail, file.length + 1);
        expect(checkOutcome(bytes)).toBe("error");
      } else {
        expect(checkOutcome(file.subarray(0, cut % file.length))).toBe("error");
      }
    },
  );

  test.prop(
    [
      arbValidFile,
      fc.constantFrom(...MUTATIONS),
      arbWild,
      fc.nat(100),
      fc.integer({ min: -9, max: 9 }),
      fc.oneof(fc.constant(0), fc.integer({ min: -16, max: 16 })),
    ],
    { numRuns: 2500 },
  )("valid files with edited headers", (file, kind, wild, pick, delta, lengthError) => {
    const { header, data } = splitFile(file);
    const edited = JSON.stringify(mutate(JSON.parse(header) as Header, kind, wild, pick, delta));
    const length = Math.max(0, new TextEncoder().encode(edited).length + lengthError);
    checkOutcome(assemble(edited, data, length));
  });
});
