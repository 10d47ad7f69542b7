// Running a Module's forward under the recorder: sub-module forwards wrapped for the call, mapped
// layers cut from the autograd graph as single values, each node labelled with its module's path.
import { type Node, type Tensor, TensorBase, noGrad, setGradEnabled, tensor } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import type { Module } from "@tsgrad/nn";
import { OnnxExportError } from "./errors.js";
import { type LayerMapper, mapperFor } from "./layers.js";

/** One call of a mapped layer: it becomes ONNX nodes of its own, whatever its forward does inside. @internal */
export interface LayerCall {
  readonly module: Module;
  readonly path: string;
  readonly mapper: LayerMapper;
  /** The Tensors among the call's arguments, in order. */
  readonly inputs: readonly Tensor[];
  /** The call's output Tensors (fresh leaves standing for the layer's results), in order. */
  readonly outputs: readonly Tensor[];
}

/** What one traced forward left behind. @internal */
export interface Run {
  /** The inputs the forward was given (leaves, requiring grad when float). */
  readonly inputs: readonly Tensor[];
  /** The model's outputs, flattened from nested arrays in order. */
  readonly outputs: readonly Tensor[];
  /** The mapped layers' calls in call order. */
  readonly calls: readonly LayerCall[];
  /** Output Tensor of a mapped call → the call and which output it is. */
  readonly layerOutput: ReadonlyMap<Tensor, { call: LayerCall; index: number }>;
  /** The module path of each recorded node. */
  readonly nodePath: ReadonlyMap<Node, string>;
}

/** The Tensors in a forward's result, flattened in order (arrays and plain objects are walked). @internal */
export function flattenTensors(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof TensorBase) out.push(value as Tensor);
  else if (Array.isArray(value)) for (const v of value) flattenTensors(v, out);
  else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) flattenTensors(v, out);
  }
  return out;
}

/** The same structure with each Tensor replaced. */
function mapTensors(value: unknown, f: (t: Tensor) => Tensor): unknown {
  if (value instanceof TensorBase) return f(value as Tensor);
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, f));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTensors(v, f)]));
  }
  return value;
}

/** Labels the nodes reachable from `roots` that have no module path yet. */
function label(roots: readonly Tensor[], path: string, nodePath: Map<Node, string>): void {
  const stack = roots.map((t) => t.node).filter((n): n is Node => n !== null);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (nodePath.has(n)) continue;
    nodePath.set(n, path);
    for (const i of n.peekInputs()) if (i.node !== null && !nodePath.has(i.node)) stack.push(i.node);
  }
}

/**
 * Runs `model.forward(...inputs)` in eval mode with gradients recorded (float parameters and
 * buffers require grad for the call), every sub-module's forward wrapped, and everything
 * restored afterwards.
 * @internal
 */
export function traceForward(model: Module, inputs: readonly NDArray[], state: ReadonlyMap<Tensor, string>): Run {
  const modules = model.namedModules();
  const leaves = inputs.map((d) => tensor(d, { requiresGrad: d.dtype !== "int32" }));
  const calls: LayerCall[] = [];
  const layerOutput = new Map<Tensor, { call: LayerCall; index: number }>();
  const nodePath = new Map<Node, string>();
  let insideMapped = 0;

  const modes = modules.map(([, m]) => m.training);
  const grads = [...state.keys()].map((t) => t.requiresGrad);
  const owned = modules.map(([, m]) => Object.getOwnPropertyDescriptor(m, "forward"));
  const previousGrad = setGradEnabled(true);
  try {
    model.eval();
    for (const t of state.keys()) if (t.dtype !== "int32") t.requiresGrad = true;
    for (const [name, m] of modules) {
      const path = name === "" ? "model" : `model.${name}`;
      const original = (m as unknown as { forward: (...args: unknown[]) => unknown }).forward;
      const mapper = mapperFor(m);
      Object.defineProperty(m, "forward", {
        configurable: true,
        writable: true,
        value: (...args: unknown[]): unknown => {
          if (insideMapped > 0) return original.apply(m, args);
          const tensorsIn = flattenTensors(args);
          if (mapper !== null && mapper.accepts(m, args)) {
            insideMapped++;
            let result: unknown;
            try {
              result = noGrad(() => original.apply(m, args));
            } finally {
              insideMapped--;
            }
            const outs: Tensor[] = [];
            const replaced = mapTensors(result, (t) => {
              const leaf = tensorsIn.includes(t) ? t : tensor(t.data, { requiresGrad: t.dtype !== "int32" });
              outs.push(leaf);
              return leaf;
            });
            const call: LayerCall = { module: m, path, mapper, inputs: tensorsIn, outputs: outs };
            calls.push(call);
            outs.forEach((t, index) => {
              if (!tensorsIn.includes(t)) layerOutput.set(t, { call, index });
            });
            return replaced;
          }
          const result = original.apply(m, args);
          label(flattenTensors(result), path, nodePath);
          return result;
        },
      });
    }
    let result: unknown;
    try {
      result = (model as unknown as { forward: (...args: unknown[]) => unknown }).forward(...leaves);
    } catch (e) {
      if (e instanceof OnnxExportError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      throw new OnnxExportError(
        `the forward failed on inputs of shapes ${inputs.map((d) => `[${d.shape.join(", ")}]`).join(", ")}: ${why}`,
        { modulePath: "model", cause: e },
      );
    }
    const outputs = flattenTensors(result);
    if (outputs.length === 0) throw new OnnxExportError("the forward returned no Tensor", { modulePath: "model" });
    label(outputs, "model", nodePath);
    return { inputs: leaves, outputs, calls, layerOutput, nodePath };
  } finally {
    setGradEnabled(previousGrad);
    modules.forEach(([, m], i) => {
      const desc = owned[i];
      if (desc === undefined) delete (m as unknown as { forward?: unknown }).forward;
      else Object.defineProperty(m, "forward", desc);
      m.training = modes[i]!;
    });
    [...state.keys()].forEach((t, i) => {
      if (t.requiresGrad !== grads[i]) t.requiresGrad = grads[i]!;
    });
  }
}

