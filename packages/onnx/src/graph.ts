// The ONNX graph under construction: unique value names, nodes, initializers and the opset-dependent
// spellings of a few ops (reductions, Gelu). Apart from tracing so the op mappings read as ONNX.
import type { DType, NDArray } from "@tsgrad/ndarray";
import { type AttributeValue, DataType, type DataTypeCode, type NodeSpec, type TensorSpec } from "./proto.js";

/** Attribute constructors: ONNX attributes are typed, so an integer 1 and a float 1.0 differ. @internal */
export const attr = {
  i: (value: number | bigint): AttributeValue => ({ kind: "int", value }),
  f: (value: number): AttributeValue => ({ kind: "float", value }),
  s: (value: string): AttributeValue => ({ kind: "string", value }),
  ints: (value: readonly (number | bigint)[]): AttributeValue => ({ kind: "ints", value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: "floats", value }),
};

/** The ONNX element type of a tsgrad dtype. @internal */
export function onnxType(dtype: DType): DataTypeCode {
  return dtype === "float32" ? DataType.FLOAT : dtype === "float64" ? DataType.DOUBLE : DataType.INT32;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian bytes of a typed array. */
function rawBytes(a: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array): Uint8Array {
  if (littleEndian || a instanceof Uint8Array) return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  const size = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(i * size, a[i]!, true);
    else if (a instanceof Float64Array) view.setFloat64(i * size, a[i]!, true);
    else if (a instanceof Int32Array) view.setInt32(i * size, a[i]!, true);
    else view.setBigInt64(i * size, a[i]!, true);
  }
  return out;
}

/** A TensorProto for an NDArray's values. @internal */
export function tensorSpec(name: string, data: NDArray): TensorSpec {
  return { name, dataType: onnxType(data.dtype), dims: [...data.shape], raw: rawBytes(data.toTypedArray()) };
}

/** Options of {@link GraphBuilder.node}. */
interface NodeOptions {
  /** How many outputs (default 1). */
  outputs?: number;
  /** Hint for the output names. */
  hint?: string;
}

/**
 * Nodes and initializers of the graph being exported, with fresh value names, cached constants
 * and the module path the current nodes come from (their node names start with it).
 * @internal
 */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  /** The module path the next nodes belong to, e.g. "model.features.0". */
  scope = "model";
  private readonly names = new Set<string>();
  private readonly constants = new Map<string, string>();
  private nodeCount = 0;

  constructor(readonly opset: number) {}

  /** A value name not used yet, from a hint. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_.:/-]/g, "_") || "v";
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Marks a name as taken (graph inputs, outputs named by the user). */
  claim(name: string): void {
    this.names.add(name);
  }

  /** Appends a node and returns its output names. */
  node(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, opts: NodeOptions = {}): string[] {
    const n = opts.outputs ?? 1;
    const hint = opts.hint ?? `${this.scope}/${opType}`;
    const outputs = Array.from({ length: n }, (_, i) => this.fresh(n === 1 ? hint : `${hint}:${i}`));
    this.nodes.push({ opType, inputs, outputs, name: `${this.scope}/${opType}_${this.nodeCount++}`, attributes });
    return outputs;
  }

  /** Appends a one-output node and returns its output name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, hint?: string): string {
    return this.node(opType, inputs, attributes, hint === undefined ? {} : { hint })[0]!;
  }

  /** Adds an initializer holding an NDArray's values; returns its (possibly uniquified) name. */
  initializer(hint: string, data: NDArray): string {
    const name = this.fresh(hint);
    this.initializers.push(tensorSpec(name, data));
    return name;
  }

  /** A cached constant from raw values. */
  private constant(key: string, make: (name: string) => TensorSpec): string {
    const hit = this.constants.get(key);
    if (hit !== undefined) return hit;
    const name = this.fresh(`const_${this.constants.size}`);
    this.initializers.push(make(name));
    this.constants.set(key, name);
    return name;
  }

  /** An int64 constant (1-D unless `dims` says otherwise): shapes, axes, pads, slice bounds. */
  int64s(values: readonly (number | bigint)[], dims: readonly number[] = [values.length]): string {
    return this.constant(`i64:${dims.join("x")}:${values.join(",")}`, (name) => ({
      name,
      dataType: DataType.INT64,
      dims,
      raw: rawBytes(BigInt64Array.from(values, (v) => BigInt(v))),
    }));
  }

  /** A scalar (rank 0) constant of a dtype. */
  scalar(value: number, dtype: DType): string {
    return this.constant(`s:${dtype}:${Object.is(value, -0) ? "-0" : String(value)}`, (name) => {
      const a = dtype === "float32" ? Float32Array.of(value) : dtype === "float64" ? Float64Array.of(value) : Int32Array.of(value);
      return { name, dataType: onnxType(dtype), dims: [], raw: rawBytes(a) };
    });
  }

  /** A constant of a dtype from values in row-major order (not cached). */
  tensorConstant(values: ArrayLike<number>, dims: readonly number[], dtype: DType): string {
    const name = this.fresh(`const_${this.constants.size}_${this.initializers.length}`);
    const a = dtype === "float32" ? Float32Array.from(values) : dtype === "float64" ? Float64Array.from(values) : Int32Array.from(values);
    this.initializers.push({ name, dataType: onnxType(dtype), dims, raw: rawBytes(a) });
    return name;
  }

  /** A bool constant: true where an NDArray is nonzero (a where condition). */
  boolConstant(data: NDArray): string {
    const name = this.fresh(`cond_${this.initializers.length}`);
    const values = data.toTypedArray();
    this.initializers.push({ name, dataType: DataType.BOOL, dims: [...data.shape], raw: Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)) });
    return name;
  }

  /** A reduction: the axes are an attribute before opset 18 (but ReduceSum's an input since 13). */
  reduce(op: "ReduceSum" | "ReduceMean" | "ReduceMax" | "ReduceMin", x: string, axes: readonly number[], keepdims: boolean): string {
    if (axes.length === 0) return this.op("Identity", [x]);
    const keep = { keepdims: attr.i(keepdims ? 1 : 0) };
    if (op === "ReduceSum" || this.opset >= 18) return this.op(op, [x, this.int64s(axes)], keep);
    return this.op(op, [x], { ...keep, axes: attr.ints(axes) });
  }
}
