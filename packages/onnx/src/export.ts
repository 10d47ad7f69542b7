// exportOnnx: traces a Module twice (the example; another batch size and values), pairs the two
// graphs, finds what follows the batch and what depends on the data, and writes the ONNX graph.
import { type Node, type Tensor, TensorBase } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type OptionKeys, checkBoolean, checkOptions, showValue } from "@tsgrad/ndarray/internal";
import { Module } from "@tsgrad/nn";
import { OnnxExportError } from "./errors.js";
import { GraphBuilder, attr, onnxType } from "./graph.js";
import type { LayerContext, Value } from "./layers.js";
import { LOWERINGS, type NodeContext, UNMAPPED_HINTS } from "./lower.js";
import { type Alias, pairRuns, sameArray } from "./pair.js";
import { DataType, type ValueInfoSpec, encodeModel } from "./proto.js";
import { type LayerCall, type Run, traceForward } from "./trace.js";

/**
 * Options of {@link exportOnnx}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const options: tg.onnx.ExportOnnxOptions = { inputNames: ["pixels"], outputNames: ["logits"], opset: 18 };
 * const bytes = tg.onnx.exportOnnx(new tg.nn.Linear(784, 10), tg.randn([1, 784]), options);
 * ```
 * @category ONNX
 */
export interface ExportOnnxOptions {
  /** Names of the graph inputs, one per example input (default `input`, or `input_0`, `input_1`, …). */
  inputNames?: readonly string[];
  /** Names of the graph outputs, one per output Tensor (default `output`, or `output_0`, …). */
  outputNames?: readonly string[];
  /**
   * Leave the batch axis of every input (and what follows from it) symbolic, named `batch`
   * (default true); false fixes every size to the example's.
   */
  dynamicBatch?: boolean;
  /**
   * Which axis of each input is the batch axis (default 0; `null` for an input without one), e.g.
   * `[1]` for a time-major `(L, N, F)` sequence, `[1, 1]` for an RNN's input and initial state.
   */
  batchAxes?: readonly (number | null)[];
  /** The ONNX opset, 17 to 22 (default 17). */
  opset?: number;
}

/** The opsets the exporter writes. */
/** The option names of {@link ExportOnnxOptions}; saveOnnx checks them under its own name. @internal */
export const EXPORT_ONNX_KEYS: OptionKeys<ExportOnnxOptions> = { inputNames: true, outputNames: true, dynamicBatch: true, batchAxes: true, opset: true };

const OPSETS = { min: 17, max: 22, default: 17 } as const;

/** The IR version that goes with an opset (ONNX's release table). */
function irVersion(opset: number): number {
  return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

function checkNames(what: string, names: readonly string[] | undefined, count: number): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || names.length !== count || names.some((n) => typeof n !== "string" || n === "")) {
    throw new T.ValueError("exportOnnx", `${what} must be ${count} non-empty string${count === 1 ? "" : "s"}, got ${showValue(names)}`, {});
  }
  if (new Set(names).size !== names.length) throw new T.ValueError("exportOnnx", `${what} must be distinct, got ${showValue(names)}`, {});
}

/** Refuses a name given both to an input and to an output: the graph would hold two values of that name. */
function checkNoClash(inputNames: readonly string[], outputNames: readonly string[]): void {
  const clash = outputNames.find((n) => inputNames.includes(n));
  if (clash !== undefined) {
    throw new T.ValueError("exportOnnx", `inputNames and outputNames must not share a name, got ${showValue(clash)} in both (inputNames ${showValue(inputNames)}, outputNames ${showValue(outputNames)})`, { name: clash });
  }
}

/** A small seeded generator (mulberry32), so tracing never touches tsgrad's global random state. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The second run's input: another batch size (when dynamic) and values drawn from the example's. */
function variant(x: T.NDArray, axis: number | null, batch: number | null, random: () => number): T.NDArray {
  const shape = batch === null || axis === null ? x.shape : x.shape.map((d, i) => (i === axis ? batch : d));
  const source = x.toTypedArray();
  const size = shape.reduce((a, b) => a * b, 1);
  const out = T.zeros(shape, { dtype: x.dtype });
  const data = out.storage;
  if (source.length > 0) for (let i = 0; i < size; i++) data[i] = source[Math.floor(random() * source.length)]!;
  return out;
}

/**
 * Exports a Module as an ONNX model: its forward in eval mode, traced on the example inputs,
 * with its parameters and buffers as initializers.
 *
 * Layers with a native ONNX form (Linear, Conv1d/2d, ConvTranspose2d, the pools, BatchNorm,
 * LayerNorm, Embedding, Flatten, the activations, Softmax, …) become that op from their settings;
 * everything else — containers, custom forwards, GroupNorm — is exported op by op from the
 * recorded autograd graph. The forward runs a second time on inputs of another batch size and
 * other values to find which sizes follow the batch and to refuse values that depend on the data
 * in a way the graph cannot express. Training modes and `requiresGrad` flags are restored.
 *
 * @param model - the module; its `forward` takes the example inputs and returns a Tensor or an array of them
 * @param exampleInputs - a Tensor, or one per forward argument (float32/float64, or int32 indices)
 * @param options - `inputNames`, `outputNames`, `dynamicBatch` (default true), `batchAxes` (default 0 for each input), `opset` (17–22, default 17)
 * @returns the bytes of the `.onnx` file
 * @throws OnnxExportError naming the op and the module path when something has no ONNX form
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const model = new tg.nn.Sequential(new tg.nn.Linear(4, 8, { seed: 0 }), new tg.nn.ReLU(), new tg.nn.Linear(8, 2, { seed: 1 }));
 * const bytes = tg.onnx.exportOnnx(model, tg.randn([1, 4]), { outputNames: ["logits"] });
 * bytes.length > 0; // true: a ModelProto, batch size free
 * ```
 * @category ONNX
 */
export function exportOnnx(model: Module, exampleInputs: Tensor | readonly Tensor[], options: ExportOnnxOptions = {}): Uint8Array {
  if (!(model instanceof Module)) throw new T.ValueError("exportOnnx", `model must be a Module, got ${model === null ? "null" : typeof model}`, {});
  const examples = exampleInputs instanceof TensorBase ? [exampleInputs as Tensor] : exampleInputs;
  if (!Array.isArray(examples) || examples.length === 0 || !examples.every((x) => x instanceof TensorBase)) {
    throw new T.ValueError("exportOnnx", "exampleInputs must be a Tensor or a non-empty array of Tensors", {});
  }
  checkOptions("exportOnnx", options, EXPORT_ONNX_KEYS);
  const opset = options.opset ?? OPSETS.default;
  if (!Number.isInteger(opset) || opset < OPSETS.min || opset > OPSETS.max) {
    throw new T.ValueError("exportOnnx", `opset must be an integer from ${OPSETS.min} to ${OPSETS.max}, got ${showValue(opset)}`, { opset });
  }
  const dynamicBatch = options.dynamicBatch === undefined ? true : checkBoolean("exportOnnx", "options", "dynamicBatch", options.dynamicBatch);
  checkNames("inputNames", options.inputNames, examples.length);
  const datas = examples.map((x) => x.data);
  if (options.batchAxes !== undefined && (!Array.isArray(options.batchAxes) || options.batchAxes.length !== datas.length)) {
    throw new T.ValueError("exportOnnx", `batchAxes must hold one axis (or null) per input (${datas.length}), got ${showValue(options.batchAxes)}`, {});
  }
  const batchAxes = datas.map((d, i) => {
    const given = options.batchAxes === undefined ? (d.ndim > 0 ? 0 : null) : options.batchAxes[i];
    if (given === null) return null;
    if (!Number.isInteger(given) || given! < -d.ndim || given! >= d.ndim) {
      throw new T.ValueError("exportOnnx", `batchAxes must hold one axis (or null) per input, got ${showValue(options.batchAxes)} for inputs of shapes ${datas.map((x) => `[${x.shape.join(", ")}]`).join(", ")}`, {});
    }
    return given! < 0 ? given! + d.ndim : given!;
  });
  const first = batchAxes.findIndex((a) => a !== null);
  const batch = first < 0 ? 0 : datas[first]!.shape[batchAxes[first]!]!;
  if (dynamicBatch && datas.some((d, i) => batchAxes[i] !== null && d.shape[batchAxes[i]!] !== batch)) {
    throw new T.ValueError(
      "exportOnnx",
      `with dynamicBatch the inputs share the size of their batch axes (${JSON.stringify(batchAxes)}), but they have shapes ${datas.map((d) => `[${d.shape.join(", ")}]`).join(", ")}; give batchAxes, or pass dynamicBatch: false`,
      {},
    );
  }

  const state = new Map<Tensor, string>();
  for (const [name, t] of [...model.namedParameters(), ...model.namedBuffers()]) if (!state.has(t)) state.set(t, name);

  // Two runs: the example, and another batch size (when dynamic) with values drawn from the example's.
  const runA = traceForward(model, datas, state);
  const random = generator(0x5eed);
  const batchB = dynamicBatch && first >= 0 ? batch + 1 : null;
  let runB: Run;
  try {
    runB = traceForward(
      model,
      datas.map((d, i) => variant(d, batchAxes[i] ?? null, batchB, random)),
      state,
    );
  } catch (e) {
    if (!(e instanceof OnnxExportError) || batchB === null) throw e;
    throw new OnnxExportError(`${e.message.replace(/^exportOnnx: /, "")} (the exporter runs the forward on a batch of ${batchB} to find the batch axis; pass dynamicBatch: false for a model that only takes batches of ${batch})`, {
      modulePath: e.modulePath,
      cause: e,
    });
  }
  checkNames("outputNames", options.outputNames, runA.outputs.length);

  const { order, twin, shift, alias, arrayAlias, comparison } = pairRuns(runA, runB, state, batchB !== null);

  // Emit.
  const g = new GraphBuilder(opset);
  const inputNames = options.inputNames ?? (examples.length === 1 ? ["input"] : examples.map((_, i) => `input_${i}`));
  const outputNames = options.outputNames ?? (runA.outputs.length === 1 ? ["output"] : runA.outputs.map((_, i) => `output_${i}`));
  checkNoClash(inputNames, outputNames);
  for (const n of [...inputNames, ...outputNames]) g.claim(n);
  const names = new Map<Tensor, string>();
  const sym = (t: Tensor): (number | null)[] => {
    const b = twin.get(t);
    return t.shape.map((d, i) => (b === undefined || b.shape[i] === d ? d : null));
  };
  const value = (t: Tensor): Value => ({ name: names.get(t)!, dtype: t.dtype, shape: sym(t) });
  const stateName = (t: Tensor): string => {
    let n = names.get(t);
    if (n === undefined) {
      n = g.initializer(state.get(t) ?? "const", t.data);
      names.set(t, n);
    }
    return n;
  };
  const emittedCalls = new Set<LayerCall>();
  /** An aliased value, reshaped when the NDArray is a view of it in another shape (one size may follow the batch). */
  const aliasValue = (o: Alias, shapeA: readonly number[], shapeB: readonly number[]): string => {
    const n = names.get(o.t)!;
    if (!o.reshape) return n;
    const target = shapeA.map((d, i) => (d === shapeB[i] ? d : -1));
    if (target.filter((d) => d === -1).length > 1) throw new OnnxExportError(`a view of a graph value reshaped to [${shapeA.join(", ")}] has two sizes that follow the batch`, { modulePath: g.scope });
    return g.op("Reshape", [n, g.int64s(target)]);
  };
  // The batch size as a 1-D int64 value, from the first batched input (made when first needed).
  let batchValue: string | null = null;
  const batchSize = (): string => {
    if (batchValue === null) {
      const axis = batchAxes[first]!;
      batchValue = g.op("Slice", [g.op("Shape", [inputNames[first]!]), g.int64s([axis]), g.int64s([axis + 1])]);
    }
    return batchValue;
  };
  /** A constant filled with one value in both runs whose sizes are fixed or multiples of the batch: its dims, or null. */
  const batchFill = (a: T.NDArray, b: T.NDArray): { value: number; dims: (number | { per: number })[] } | null => {
    if (batchB === null || a.ndim !== b.ndim || a.size === 0 || b.size === 0 || a.dtype !== b.dtype) return null;
    const va = a.toTypedArray();
    const vb = b.toTypedArray();
    const value = va[0]!;
    for (const v of va) if (!Object.is(v, value)) return null;
    for (const v of vb) if (!Object.is(v, value)) return null;
    const dims: (number | { per: number })[] = [];
    for (let i = 0; i < a.ndim; i++) {
      const [da, db] = [a.shape[i]!, b.shape[i]!];
      if (da === db) dims.push(da);
      else if (da % batch === 0 && db % batchB === 0 && da / batch === db / batchB) dims.push({ per: da / batch });
      else return null;
    }
    return { value, dims };
  };
  const pathOf = (n: Node | null): string => (n === null ? "model" : (runA.nodePath.get(n) ?? "model"));

  for (const it of order) {
    if (names.has(it.t)) continue;
    switch (it.kind) {
      case "input":
        names.set(it.t, inputNames[it.index]!);
        break;
      case "state":
        stateName(it.t);
        break;
      case "layer": {
        const call = it.call;
        if (emittedCalls.has(call)) break;
        emittedCalls.add(call);
        g.scope = call.path;
        const fail = (message: string): never => {
          throw new OnnxExportError(message, { opName: call.module.constructor.name, modulePath: call.path });
        };
        const ctx: LayerContext = {
          g,
          module: call.module,
          path: call.path,
          inputs: call.inputs.map(value),
          outputs: call.outputs.map((t) => ({ dtype: t.dtype, shape: sym(t) })),
          state: stateName,
          fail,
        };
        const outs = call.mapper.emit(ctx);
        if (outs.length !== call.outputs.length) fail(`the mapping gave ${outs.length} outputs for ${call.outputs.length}`);
        call.outputs.forEach((t, i) => names.set(t, outs[i]!));
        break;
      }
      case "node": {
        const node = it.node;
        const op = node.primitive.name;
        const path = pathOf(node);
        g.scope = path;
        const fail = (message: string): never => {
          throw new OnnxExportError(message, { opName: op, modulePath: path });
        };
        const lowering = LOWERINGS[op];
        if (lowering === undefined) fail(UNMAPPED_HINTS[op] ?? `op "${op}" has no ONNX mapping`);
        const b = twin.get(it.t)!;
        const ins = node.peekInputs();
        const insB = b.node!.peekInputs();
        const array = (what: string, key: string): string => {
          const o = arrayAlias.get(node);
          if (o !== undefined) {
            const attrs = [node.attrs, b.node!.attrs] as Record<string, T.NDArray>[];
            const n = aliasValue(o, attrs[0]![key]!.shape, attrs[1]![key]!.shape);
            return key === "cond" ? g.op("Cast", [n], { to: attr.i(DataType.BOOL) }) : n;
          }
          const cmp = comparison.get(node);
          if (cmp !== undefined) return g.op(cmp.opType, [names.get(cmp.v)!, g.scalar(cmp.threshold, cmp.v.dtype)]);
          const ndA = (node.attrs as Record<string, T.NDArray>)[key]!;
          const ndB = (b.node!.attrs as Record<string, T.NDArray>)[key]!;
          if (!sameArray(ndA, ndB)) {
            fail(
              `its ${what} ${ndA.shape.join("×") === ndB.shape.join("×") ? "depend on the input values" : "change with the batch"} but come from outside the graph (an NDArray computed from .data, a comparison, argmax, int32 arithmetic, …); ` +
                (op === "where" ? "use a layer (nn.LeakyReLU, nn.Hardtanh, nn.ELU, nn.Softplus, nn.Mish, nn.PReLU, …) or pass the condition as a model input" : "pass the indices as a model input, or use nn.Embedding"),
            );
          }
          if (key === "cond") return g.boolConstant(ndA);
          return g.initializer("const", ndA);
        };
        const ctx: NodeContext = {
          g,
          op,
          attrs: [node.attrs, b.node!.attrs],
          inputs: ins.map(value),
          inputShapes: [ins.map((t) => t.shape), insB.map((t) => t.shape)],
          output: { dtype: it.t.dtype, shape: sym(it.t) },
          outputShapes: [it.t.shape, b.shape],
          array,
          fail,
        };
        names.set(it.t, lowering!(ctx));
        break;
      }
      case "const": {
        const path = pathOf(it.consumer);
        g.scope = path;
        const s = shift.get(it.t);
        const o = alias.get(it.t);
        if (s !== undefined) names.set(it.t, g.reduce("ReduceMax", names.get(s.x)!, [s.axis], true));
        else if (o !== undefined) names.set(it.t, aliasValue(o, it.t.shape, twin.get(it.t)!.shape));
        else {
          const b = twin.get(it.t)!;
          const fill = sameArray(it.t.data, b.data) ? null : batchFill(it.t.data, b.data);
          if (fill !== null) {
            // A filled Tensor whose shape follows the batch (an RNN's zero state): Expand a scalar.
            const dims = fill.dims.map((d) => (typeof d === "number" ? g.int64s([d]) : d.per === 1 ? batchSize() : g.op("Mul", [batchSize(), g.int64s([d.per])])));
            names.set(it.t, g.op("Expand", [g.scalar(fill.value, it.t.dtype), dims.length === 1 ? dims[0]! : g.op("Concat", dims, { axis: attr.i(0) })]));
            break;
          }
          if (!sameArray(it.t.data, b.data)) {
            const why =
              it.t.shape.join("×") === b.shape.join("×")
                ? "its values change with the input (computed outside the graph: from .data, under noGrad, by a comparison or argmax)"
                : "its shape changes with the batch (e.g. a count of batch elements baked in as a number)";
            throw new OnnxExportError(`a constant operand of shape [${it.t.shape.join(", ")}] cannot be exported: ${why}`, {
              opName: it.consumer?.primitive.name ?? "output",
              modulePath: path,
            });
          }
          names.set(it.t, g.initializer("const", it.t.data));
        }
        break;
      }
    }
  }

  // Outputs: rename the producing node's value when it is only that; else an Identity.
  const taken = new Set<string>(inputNames);
  const initializerNames = new Set(g.initializers.map((t) => t.name));
  const renamed = new Map<string, string>();
  const outputs: ValueInfoSpec[] = [];
  runA.outputs.forEach((t, i) => {
    const v = renamed.get(names.get(t)!) ?? names.get(t)!;
    const out = outputNames[i]!;
    const producer = g.nodes.find((n) => n.outputs.includes(v));
    if (producer !== undefined && !taken.has(v) && !initializerNames.has(v)) {
      for (const n of g.nodes) {
        (n as { inputs: readonly string[] }).inputs = n.inputs.map((x) => (x === v ? out : x));
        (n as { outputs: readonly string[] }).outputs = n.outputs.map((x) => (x === v ? out : x));
      }
      renamed.set(v, out);
    } else {
      g.nodes.push({ opType: "Identity", inputs: [v], outputs: [out], name: `model/Identity_${out}`, attributes: {} });
    }
    taken.add(out);
    const b = twin.get(t)!;
    outputs.push({
      name: out,
      dataType: onnxType(t.dtype),
      shape: t.shape.map((d, k) => (b.shape[k] === d ? d : batchB !== null && d === batch && b.shape[k] === batchB ? "batch" : null)),
    });
  });
  const inputs: ValueInfoSpec[] = datas.map((d, i) => ({
    name: inputNames[i]!,
    dataType: onnxType(d.dtype),
    shape: d.shape.map((s, k) => (k === batchAxes[i] && batchB !== null ? "batch" : s)),
  }));
  return encodeModel({
    irVersion: irVersion(opset),
    opset,
    producerName: "tsgrad",
    graphName: model.constructor.name,
    docString: "",
    nodes: g.nodes,
    initializers: g.initializers,
    inputs,
    outputs,
  });
}
