// fast-check arbitraries and helpers shared by the safetensors tests.
import { fc } from "@tsgrad/testing/vitest";
import { Tensor } from "@tsgrad/autograd";
import { type DType, NDArray } from "@tsgrad/ndarray";

/** Tensor names: printable ASCII, any Unicode, and names that are special in JavaScript. */
export const arbName = fc
  .oneof(
    fc.string({ maxLength: 8 }),
    fc.string({ unit: "grapheme", maxLength: 4 }),
    fc.constantFrom("weight", "layers.0.bias", "__proto__", "constructor", "0", "12", "ü/名前 ✓"),
  )
  .filter((s) => s !== "__metadata__");

/** A Tensor of any supported dtype, rank 0–3, sizes 0–4, with NaN, ±Infinity and −0 among the values. */
export const arbTensor: fc.Arbitrary<Tensor> = fc
  .record({
    dtype: fc.constantFrom<DType>("float32", "float64", "int32"),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  })
  .chain(({ dtype, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const value = dtype === "int32" ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) : fc.double();
    return fc.array(value, { minLength: size, maxLength: size }).map((values) => {
      const storage = dtype === "float32" ? Float32Array.from(values) : dtype === "float64" ? Float64Array.from(values) : Int32Array.from(values);
      return new Tensor(new NDArray(storage, shape));
    });
  });

/** A state dict of 0–5 Tensors with distinct names. */
export const arbStateDict: fc.Arbitrary<Record<string, Tensor>> = fc
  .uniqueArray(fc.tuple(arbName, arbTensor), { maxLength: 5, selector: ([name]) => name })
  .map((pairs) => {
    const out: Record<string, Tensor> = {};
    for (const [name, t] of pairs) Object.defineProperty(out, name, { value: t, enumerable: true, writable: true, configurable: true });
    return out;
  });

/** Metadata: undefined, or a few string → string entries. */
export const arbMetadata = fc.option(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 6 }), { maxKeys: 3 }).map((d) => ({ ...d })),
  { nil: undefined },
);

/** The raw bytes of a Tensor's (or an NDArray's) elements (bit-exact comparison, NaN payloads included). */
export function bitsOf(t: Tensor | NDArray): number[] {
  const a = t.toTypedArray();
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Splits a file into its header length, its header JSON text and its data section. */
export function splitFile(bytes: Uint8Array): { headerLength: number; header: string; data: Uint8Array } {
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  return { headerLength, header: new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)), data: bytes.subarray(8 + headerLength) };
}

/** Assembles a file from a header text (padded as given, not aligned) and a data section. */
export function assemble(header: string, data: Uint8Array, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
