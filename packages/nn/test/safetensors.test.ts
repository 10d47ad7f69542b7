import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import { Tensor, tensor } from "@tsgrad/autograd";
import { type NDArray, TsgradError, arange, ndarray } from "@tsgrad/ndarray";
import { Linear, SafetensorsError, Sequential, Tanh, loadSafetensors, loadSafetensorsWithMetadata, saveSafetensors } from "@tsgrad/nn";
import { arbMetadata, arbStateDict, assemble, bitsOf, splitFile } from "./safetensors-arbitraries.js";

/** Concatenates byte chunks. */
function bytesOf(...chunks: (ArrayLike<number> | string)[]): Uint8Array {
  const parts = chunks.map((c) => (typeof c === "string" ? new TextEncoder().encode(c) : Uint8Array.from(c)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Little-endian bytes of numbers of one type. */
const le = {
  u64: (n: number) => Array.from(new Uint8Array(new BigUint64Array([BigInt(n)]).buffer)),
  f32: (...v: number[]) => Array.from(new Uint8Array(new Float32Array(v).buffer)),
  f64: (...v: number[]) => Array.from(new Uint8Array(new Float64Array(v).buffer)),
  i32: (...v: number[]) => Array.from(new Uint8Array(new Int32Array(v).buffer)),
  i64: (...v: bigint[]) => Array.from(new Uint8Array(new BigInt64Array(v).buffer)),
};

// A file assembled by hand from the format's specification: u64 header length, the
// JSON header (metadata first, then the tensors in the reference writer's data order:
// F64, then F32, then I32, each by name), spaces up to a multiple of 8, then the data.
// The same bytes come out of the reference implementation (safetensors 0.8.0, the Rust
// core behind `safetensors.torch.save_file`, checked while writing this test).
const FIXTURE_HEADER =
  '{"__metadata__":{"format":"pt"},' +
  '"bias":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},' +
  '"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[16,32]},' +
  '"steps":{"dtype":"I32","shape":[],"data_offsets":[32,36]}}';
const FIXTURE = bytesOf(le.u64(216), FIXTURE_HEADER, "       ", le.f64(0.25, -1), le.f32(1, -2, 0.5, 3), le.i32(7));

// What `safetensors.torch.save_file({"ids": torch.ndarray([[1, -2, 3]]), "x": torch.ndarray([1.5])})`
// writes: PyTorch's default integer dtype is int64 (I64), listed first.
const I64_FIXTURE = bytesOf(
  le.u64(120),
  '{"ids":{"dtype":"I64","shape":[1,3],"data_offsets":[0,24]},"x":{"dtype":"F32","shape":[1],"data_offsets":[24,28]}}',
  "      ",
  le.i64(1n, -2n, 3n),
  le.f32(1.5),
);

function expectLoadError(bytes: Uint8Array, message: RegExp): void {
  let error: unknown;
  try {
    loadSafetensors(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SafetensorsError);
  expect(error).toBeInstanceOf(TsgradError);
  expect((error as SafetensorsError).op).toBe("loadSafetensors");
  expect((error as Error).message).toMatch(message);
}

describe("safetensors byte layout (spec fixture)", () => {
  it("the fixture is what the specification says: 8-byte length, header padded with spaces to a multiple of 8", () => {
    expect(FIXTURE_HEADER.length).toBe(209);
    expect(FIXTURE.length).toBe(8 + 216 + 36);
  });

  it("writes the fixture byte for byte", () => {
    const bytes = saveSafetensors(
      { weight: tensor([[1, -2], [0.5, 3]]), bias: tensor([0.25, -1], { dtype: "float64" }), steps: tensor(7, { dtype: "int32" }) },
      { format: "pt" },
    );
    expect(Array.from(bytes)).toEqual(Array.from(FIXTURE));
    // NDArrays are accepted too, and written the same.
    const raw = saveSafetensors({ weight: ndarray([[1, -2], [0.5, 3]]), bias: ndarray([0.25, -1], { dtype: "float64" }), steps: tensor(7, { dtype: "int32" }).data }, { format: "pt" });
    expect(Array.from(raw)).toEqual(Array.from(FIXTURE));
  });

  it("reads the fixture", () => {
    const { tensors, metadata } = loadSafetensorsWithMetadata(FIXTURE);
    expect(metadata).toEqual({ format: "pt" });
    expect(Object.keys(tensors)).toEqual(["bias", "weight", "steps"]);
    expect(Object.values(tensors).every((t) => t instanceof Tensor && !t.requiresGrad && t.isLeaf)).toBe(true);
    expect(tensors.weight!.dtype).toBe("float32");
    expect(tensors.weight!.toArray()).toEqual([[1, -2], [0.5, 3]]);
    expect(tensors.bias!.dtype).toBe("float64");
    expect(tensors.bias!.toArray()).toEqual([0.25, -1]);
    expect(tensors.steps!.dtype).toBe("int32");
    expect(tensors.steps!.shape).toEqual([]);
    expect(tensors.steps!.item()).toBe(7);
  });

  it("reads PyTorch's int64 as int32 when the values fit, and refuses values that do not", () => {
    const t = loadSafetensors(I64_FIXTURE);
    expect(t.ids!.dtype).toBe("int32");
    expect(t.ids!.toArray()).toEqual([[1, -2, 3]]);
    expect(t.x!.toArray()).toEqual([1.5]);
    const big = I64_FIXTURE.slice();
    big.set(le.i64(2n ** 40n), 8 + 120 + 8);
    expectLoadError(big, /"ids" \(I64\) holds 1099511627776 at flat index 1, outside the int32 range/);
    const low = I64_FIXTURE.slice();
    low.set(le.i64(-(2n ** 31n) - 1n), 8 + 120);
    expectLoadError(low, /holds -2147483649 at flat index 0/);
    const edge = I64_FIXTURE.slice();
    edge.set(le.i64(-(2n ** 31n), 2n ** 31n - 1n), 8 + 120);
    expect(loadSafetensors(edge).ids!.toArray()).toEqual([[-(2 ** 31), 2 ** 31 - 1, 3]]);
  });

  it("writes an empty dict as an aligned empty header", () => {
    expect(Array.from(saveSafetensors({}))).toEqual(Array.from(bytesOf(le.u64(8), "{}      ")));
    expect(loadSafetensors(saveSafetensors({}))).toEqual({});
    expect(loadSafetensorsWithMetadata(saveSafetensors({}, {})).metadata).toEqual({});
  });
});

describe("safetensors round trips", () => {
  test.prop([arbStateDict, arbMetadata], { numRuns: 300 })("save → load gives the same names, shapes, dtypes and bits", (sd, metadata) => {
    const bytes = saveSafetensors(sd, metadata);
    const { headerLength } = splitFile(bytes);
    expect(headerLength % 8).toBe(0);
    const loaded = loadSafetensorsWithMetadata(bytes);
    expect(loaded.metadata).toEqual(metadata ?? {});
    expect(Object.keys(loaded.tensors).sort()).toEqual(Object.keys(sd).sort());
    for (const name of Object.keys(sd)) {
      const a = sd[name]!;
      const b = loaded.tensors[name]!;
      expect(b.dtype).toBe(a.dtype);
      expect(b.shape).toEqual(a.shape);
      expect(bitsOf(b)).toEqual(bitsOf(a));
    }
    expect(Array.from(saveSafetensors(loaded.tensors, metadata))).toEqual(Array.from(bytes));
    // The same state as NDArrays writes the same bytes.
    const raw: Record<string, NDArray> = {};
    for (const name of Object.keys(sd)) Object.defineProperty(raw, name, { value: sd[name]!.data, enumerable: true });
    expect(Array.from(saveSafetensors(raw, metadata))).toEqual(Array.from(bytes));
  });

  it("writes views (transposed, sliced) in row-major order, of NDArrays and of Tensors", () => {
    const m = arange(6).reshape([2, 3]);
    const loaded = loadSafetensors(saveSafetensors({ t: m.transpose(), s: m.slice([null, [1, 3]]), v: tensor([1, 2]), w: tensor(m).transpose() }));
    expect(loaded.w!.toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(loaded.t!.toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(loaded.s!.toArray()).toEqual([[1, 2], [4, 5]]);
    expect(loaded.v!.toArray()).toEqual([1, 2]);
  });

  it("accepts an ArrayBuffer and a Uint8Array view at an offset", () => {
    const bytes = saveSafetensors({ a: tensor([1, 2, 3]) });
    expect(loadSafetensors(bytes.slice().buffer).a!.toArray()).toEqual([1, 2, 3]);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(loadSafetensors(padded.subarray(3)).a!.toArray()).toEqual([1, 2, 3]);
  });

  it("carries a model: state dict → file → loadStateDict reproduces the outputs bit for bit", () => {
    const a = new Sequential(new Linear(3, 5, { seed: 1 }), new Tanh(), new Linear(5, 2, { seed: 2 }));
    const b = new Sequential(new Linear(3, 5, { seed: 3 }), new Tanh(), new Linear(5, 2, { seed: 4 }));
    b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())));
    const x = tensor([[0.1, -0.2, 0.3], [1, 2, 3]]);
    expect(bitsOf(b.forward(x))).toEqual(bitsOf(a.forward(x)));
  });
});

describe("safetensors validation", () => {
  const valid = FIXTURE;
  const header = (text: string, data: ArrayLike<number> = []): Uint8Array => assemble(text, Uint8Array.from(data));

  it("checks the header length", () => {
    expectLoadError(new Uint8Array(5), /has 5 bytes; a safetensors file starts with an 8-byte header length/);
    expectLoadError(bytesOf(le.u64(2 ** 40), "{}"), /header length 1099511627776 is absurd/);
    expectLoadError(bytesOf(le.u64(100_000_001), "{}"), /is absurd/);
    expectLoadError(bytesOf(le.u64(300), "{}"), /header length 300 exceeds the 2 bytes that follow it/);
    expectLoadError(bytesOf(le.u64(0)), /must be a JSON object/);
  });

  it("checks that the header is UTF-8 JSON holding an object", () => {
    expectLoadError(bytesOf(le.u64(4), [0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/);
    expectLoadError(header("{nope}"), /not valid JSON/);
    expectLoadError(header("[1, 2]"), /must be a JSON object starting with "\{"/);
    expectLoadError(bytesOf(le.u64(5), [0xef, 0xbb, 0xbf], "{}"), /starting with "\{"/);
  });

  it("checks every entry's dtype, shape and offsets", () => {
    const entry = (e: string): Uint8Array => header(`{"a":${e}}`, [0, 0, 0, 0]);
    expectLoadError(entry("[]"), /entry "a" must be an object/);
    expectLoadError(entry('{"dtype":"F16","shape":[2],"data_offsets":[0,4]}'), /dtype F16, which tsgrad does not support/);
    expectLoadError(entry('{"dtype":"Q8","shape":[1],"data_offsets":[0,4]}'), /unknown dtype "Q8"/);
    expectLoadError(entry('{"dtype":"toString","shape":[1],"data_offsets":[0,4]}'), /unknown dtype "toString"/);
    expectLoadError(entry('{"dtype":1,"shape":[1],"data_offsets":[0,4]}'), /dtype must be a string/);
    expectLoadError(entry('{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}'), /shape must be a list of non-negative integers/);
    expectLoadError(entry('{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}'), /non-negative integers/);
    expectLoadError(entry('{"dtype":"F32","shape":"1","data_offsets":[0,4]}'), /non-negative integers/);
    expectLoadError(entry('{"dtype":"F32","shape":[1],"data_offsets":[4,0]}'), /data_offsets must be two integers 0 ≤ begin ≤ end/);
    expectLoadError(entry('{"dtype":"F32","shape":[1],"data_offsets":[0]}'), /data_offsets must be/);
    expectLoadError(entry('{"dtype":"F32","shape":[1]}'), /data_offsets must be/);
    expectLoadError(entry('{"dtype":"F32","shape":[2],"data_offsets":[0,4]}'), /shape \[2\] of F32 needs 8 bytes, but data_offsets \[0, 4\] span 4/);
    expectLoadError(entry('{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}'), /too many elements/);
  });

  it("checks that the data regions are contiguous, in range and cover the data section exactly", () => {
    const f32 = (name: string, begin: number, end: number): string => `"${name}":{"dtype":"F32","shape":[${(end - begin) / 4}],"data_offsets":[${begin},${end}]}`;
    expectLoadError(header(`{${f32("a", 0, 4)},${f32("b", 8, 12)}}`, new Array(12).fill(0)), /"b": data_offsets \[8, 12\] leaves a gap of 4 bytes/);
    expectLoadError(header(`{${f32("a", 0, 8)},${f32("b", 4, 12)}}`, new Array(12).fill(0)), /"b": data_offsets \[4, 12\] overlaps/);
    expectLoadError(header(`{${f32("a", 0, 4)}}`, new Array(8).fill(0)), /data ends at byte 4 but the data section has 8 bytes/);
    expectLoadError(header(`{${f32("a", 0, 8)}}`, new Array(4).fill(0)), /lie outside the data section of 4 bytes/);
    expectLoadError(header(`{${f32("a", 4, 8)}}`, new Array(8).fill(0)), /leaves a gap of 4 bytes/);
    // Regions listed out of order in the header are fine, as in the reference reader.
    const shuffled = loadSafetensors(header(`{${f32("b", 4, 8)},${f32("a", 0, 4)}}`, [...le.f32(1), ...le.f32(2)]));
    expect(shuffled.a!.toArray()).toEqual([1]);
    expect(shuffled.b!.toArray()).toEqual([2]);
  });

  it("checks the metadata", () => {
    expectLoadError(header('{"__metadata__":{"a":1}}'), /__metadata__ value of "a" must be a string/);
    expectLoadError(header('{"__metadata__":["a"]}'), /__metadata__ must be an object of strings/);
  });

  it("keeps a tensor named __proto__ as an ordinary entry", () => {
    const loaded = loadSafetensors(header('{"__proto__":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}', le.i32(5)));
    expect(Object.keys(loaded)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    expect((Object.getOwnPropertyDescriptor(loaded, "__proto__")!.value as Tensor).item()).toBe(5);
  });

  it("the valid fixture stays valid through these helpers", () => {
    const { header: text, data } = splitFile(valid);
    expect(Array.from(assemble(text, data))).toEqual(Array.from(valid));
  });
});

describe("saveSafetensors input checks", () => {
  it("refuses what it cannot write, with the offending name", () => {
    const err = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(SafetensorsError);
      expect(f).toThrow(re);
    };
    err(() => saveSafetensors({ a: [1, 2] as unknown as Tensor }), /value of "a" is not a Tensor \(got an array\)/);
    err(() => saveSafetensors({ __metadata__: tensor([1]) }), /reserved/);
    err(() => saveSafetensors({ "\ud800": tensor([1]) }), /lone surrogate/);
    err(() => saveSafetensors({ a: tensor([1]) }, { k: 1 as unknown as string }), /metadata value of "k" must be a string/);
    err(() => saveSafetensors(null as unknown as Record<string, Tensor>), /expected an object mapping names to Tensors, got null/);
    err(() => saveSafetensors(tensor([1]) as unknown as Record<string, Tensor>), /expected an object mapping names to Tensors, got a Tensor/);
    err(() => loadSafetensors("abc" as unknown as Uint8Array), /Uint8Array or an ArrayBuffer/);
  });
});
