// The protobuf wire encoding of the ONNX messages the exporter writes (field numbers of onnx.proto,
// IR 8–10): a small hand-written writer, apart from the tracing so it reads against the schema.
import { allocateBytes } from "@tsgrad/ndarray/internal";

/** ONNX TensorProto.DataType values the exporter writes. @internal */
export const DataType = {
  FLOAT: 1,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;

/** An ONNX element type code. @internal */
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/** A growable byte buffer with the protobuf wire primitives. */
class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    // The checked allocator: a model too large for memory is a typed error naming the export.
    const next = allocateBytes(size, "exportOnnx");
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  /** An unsigned varint; negative int64 values go through {@link Writer.varint64}. */
  varint(value: number): void {
    if (value < 0 || !Number.isSafeInteger(value)) {
      this.varint64(BigInt(value));
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  /** A varint of a 64-bit value; negatives are written in two's complement (ten bytes). */
  varint64(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  tag(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint(field * 8 + wireType);
  }

  bytes(data: Uint8Array): void {
    this.varint(data.length);
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  float32(value: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, value, true);
    this.len += 4;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const utf8 = new TextEncoder();

/** Builds one message: each call appends a field. */
class Message {
  readonly w = new Writer();

  int(field: number, value: number | bigint): this {
    this.w.tag(field, 0);
    if (typeof value === "bigint") this.w.varint64(value);
    else this.w.varint(value);
    return this;
  }

  /** A packed repeated int64 field (omitted when `values` is empty). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    return this.#packed(field, values, (w, v) => (typeof v === "bigint" ? w.varint64(v) : w.varint(v)));
  }

  /** A packed repeated float field (omitted when `values` is empty). */
  packedFloats(field: number, values: readonly number[]): this {
    return this.#packed(field, values, (w, v) => w.float32(v));
  }

  /** A packed repeated field: every value written by `write` into one length-delimited record. */
  #packed<V>(field: number, values: readonly V[], write: (w: Writer, v: V) => void): this {
    if (values.length === 0) return this;
    const inner = new Writer();
    for (const v of values) write(inner, v);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.w.tag(field, 5);
    this.w.float32(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.w.tag(field, 2);
    this.w.bytes(value);
    return this;
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.w.finish());
  }

  finish(): Uint8Array {
    return this.w.finish();
  }
}

/** A tensor value: initializer or attribute. @internal */
export interface TensorSpec {
  /** Value name (initializers) or "" (attributes). */
  name: string;
  /** Element type. */
  dataType: DataTypeCode;
  /** Shape. */
  dims: readonly number[];
  /** Little-endian element bytes (raw_data). */
  raw: Uint8Array;
}

/** An attribute value, tagged with its ONNX type. @internal */
export type AttributeValue =
  | { kind: "int"; value: number | bigint }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string }
  | { kind: "ints"; value: readonly (number | bigint)[] }
  | { kind: "floats"; value: readonly number[] }
  | { kind: "tensor"; value: TensorSpec };

/** One graph node. @internal */
export interface NodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes: Readonly<Record<string, AttributeValue>>;
}

/** A graph input or output: name, element type and shape (a string is a symbolic dimension, null an unknown one). @internal */
export interface ValueInfoSpec {
  name: string;
  dataType: DataTypeCode;
  shape: readonly (number | string | null)[];
}

/** A whole model. @internal */
export interface ModelSpec {
  irVersion: number;
  opset: number;
  producerName: string;
  graphName: string;
  docString: string;
  nodes: readonly NodeSpec[];
  initializers: readonly TensorSpec[];
  inputs: readonly ValueInfoSpec[];
  outputs: readonly ValueInfoSpec[];
}

function tensorProto(t: TensorSpec): Message {
  const m = new Message().packedInts(1, t.dims).int(2, t.dataType);
  if (t.name !== "") m.string(8, t.name);
  return m.bytes(9, t.raw);
}

function attributeProto(name: string, a: AttributeValue): Message {
  const m = new Message().string(1, name);
  switch (a.kind) {
    case "float":
      return m.float(2, a.value).int(20, AttributeType.FLOAT);
    case "int":
      return m.int(3, a.value).int(20, AttributeType.INT);
    case "string":
      return m.string(4, a.value).int(20, AttributeType.STRING);
    case "tensor":
      return m.message(5, tensorProto(a.value)).int(20, AttributeType.TENSOR);
    case "floats":
      return m.packedFloats(7, a.value).int(20, AttributeType.FLOATS);
    case "ints":
      return m.packedInts(8, a.value).int(20, AttributeType.INTS);
  }
}

function nodeProto(n: NodeSpec): Message {
  const m = new Message();
  for (const i of n.inputs) m.string(1, i);
  for (const o of n.outputs) m.string(2, o);
  if (n.name !== "") m.string(3, n.name);
  m.string(4, n.opType);
  for (const [k, a] of Object.entries(n.attributes)) m.message(5, attributeProto(k, a));
  return m;
}

function valueInfoProto(v: ValueInfoSpec): Message {
  const shape = new Message();
  for (const d of v.shape) {
    const dim = new Message();
    if (typeof d === "number") dim.int(1, d);
    else if (typeof d === "string") dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new Message().int(1, v.dataType).message(2, shape);
  const type = new Message().message(1, tensorType);
  return new Message().string(1, v.name).message(2, type);
}

/**
 * Encodes a model as the bytes of an ONNX ModelProto.
 * @internal
 */
export function encodeModel(model: ModelSpec): Uint8Array {
  const graph = new Message();
  for (const n of model.nodes) graph.message(1, nodeProto(n));
  graph.string(2, model.graphName);
  for (const t of model.initializers) graph.message(5, tensorProto(t));
  if (model.docString !== "") graph.string(10, model.docString);
  for (const v of model.inputs) graph.message(11, valueInfoProto(v));
  for (const v of model.outputs) graph.message(12, valueInfoProto(v));
  const opsetId = new Message().string(1, "").int(2, model.opset);
  return new Message()
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .message(7, graph)
    .message(8, opsetId)
    .finish();
}
