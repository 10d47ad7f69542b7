// The two traced runs side by side: their graphs paired item by item, and what the graph cannot see
// recognised (softmax's shift, where conditions, values that alias graph values).
import type { Node, Tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { OnnxExportError } from "./errors.js";
import type { LayerCall, Run } from "./trace.js";

/** A value an NDArray stands for: the same data, or a whole row-major view of it in another shape. @internal */
export interface Alias {
  t: Tensor;
  reshape: boolean;
}

/** One value of a run's graph, by how it is made. @internal */
export type Item =
  | { kind: "input"; t: Tensor; index: number }
  | { kind: "state"; t: Tensor; name: string }
  | { kind: "layer"; t: Tensor; call: LayerCall; index: number }
  | { kind: "node"; t: Tensor; node: Node }
  | { kind: "const"; t: Tensor; consumer: Node | null };

/** The graph reachable from the outputs, dependencies first (an iterative depth-first walk). */
function collect(run: Run, state: ReadonlyMap<Tensor, string>, extra: ReadonlyMap<Tensor, readonly Tensor[]> = new Map()): Item[] {
  const inputIndex = new Map(run.inputs.map((t, i) => [t, i]));
  const seen = new Set<Tensor>();
  const items: Item[] = [];
  const stack: { t: Tensor; consumer: Node | null; expanded: boolean }[] = [...run.outputs].reverse().map((t) => ({ t, consumer: null, expanded: false }));
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const t = top.t;
    if (top.expanded) {
      stack.pop();
      const layer = run.layerOutput.get(t);
      if (inputIndex.has(t)) items.push({ kind: "input", t, index: inputIndex.get(t)! });
      else if (state.has(t)) items.push({ kind: "state", t, name: state.get(t)! });
      else if (layer !== undefined) items.push({ kind: "layer", t, call: layer.call, index: layer.index });
      else if (t.node !== null) items.push({ kind: "node", t, node: t.node });
      else items.push({ kind: "const", t, consumer: top.consumer });
      continue;
    }
    if (seen.has(t)) {
      stack.pop();
      continue;
    }
    seen.add(t);
    top.expanded = true;
    let deps: readonly Tensor[] = [];
    let consumer: Node | null = null;
    if (!inputIndex.has(t) && !state.has(t)) {
      const layer = run.layerOutput.get(t);
      if (layer !== undefined) deps = layer.call.inputs;
      else if (t.node !== null) {
        deps = t.node.peekInputs();
        consumer = t.node;
      }
    }
    const all = [...(extra.get(t) ?? []), ...deps];
    for (let i = all.length - 1; i >= 0; i--) if (!seen.has(all[i]!)) stack.push({ t: all[i]!, consumer, expanded: false });
  }
  return items;
}

/** Whether two NDArrays hold the same shape, dtype and values (NaN equal to NaN). @internal */
export function sameArray(a: T.NDArray, b: T.NDArray): boolean {
  if (a.dtype !== b.dtype || a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) return false;
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i]) && !(x[i] === y[i])) return false;
  return true;
}

/** Whether `c` is the (finite-or-0) maximum of `x` along `axis`, kept: softmax's shift. */
function isShift(c: T.NDArray, x: T.NDArray, axis: number): boolean {
  if (c.ndim !== x.ndim || c.dtype !== x.dtype || x.shape[axis] === 0) return false;
  if (!c.shape.every((d, j) => (j === axis ? d === 1 : d === x.shape[j]))) return false;
  const m = T.max(x, { axis, keepdims: true });
  return sameArray(c, T.where(T.ne(T.abs(m), Infinity), m, 0));
}

/** The axis (the last that fits, as softmax's default) along which `c` is the shift of `x` in both runs, or null. */
function shiftAxis(c: [T.NDArray, T.NDArray], x: [T.NDArray, T.NDArray]): number | null {
  for (let axis = c[0].ndim - 1; axis >= 0; axis--) if (isShift(c[0], x[0], axis) && isShift(c[1], x[1], axis)) return axis;
  return null;
}

const COMPARISONS = [
  ["Greater", T.gt],
  ["GreaterOrEqual", T.ge],
  ["Less", T.lt],
  ["LessOrEqual", T.le],
] as const;

/** A where condition recognised as `V cmp threshold` in both runs. @internal */
export interface Comparison {
  v: Tensor;
  opType: (typeof COMPARISONS)[number][0];
  threshold: number;
}

function findComparison(cond: [T.NDArray, T.NDArray], node: Node, twin: ReadonlyMap<Tensor, Tensor>): Comparison | null {
  const direct = node.peekInputs();
  const candidates = [...direct, ...direct.flatMap((i) => (i.node === null ? [] : i.node.peekInputs()))];
  const thresholds = [0, ...direct.filter((i) => i.node === null && i.size === 1).map((i) => i.item())];
  const truth = (c: T.NDArray): T.NDArray => T.ne(c, 0);
  for (const v of candidates) {
    const vb = twin.get(v);
    if (vb === undefined || v.dtype === "int32") continue;
    for (const [opType, cmp] of COMPARISONS) {
      for (const threshold of thresholds) {
        const ok = ([x, c]: [T.NDArray, T.NDArray]): boolean => {
          if (x.shape.length !== c.shape.length || x.shape.some((d, i) => d !== c.shape[i])) return false;
          return sameArray(cmp(x, threshold), truth(c));
        };
        if (ok([v.data, cond[0]]) && ok([vb.data, cond[1]])) return { v, opType, threshold };
      }
    }
  }
  return null;
}

/** The paired runs: the example's graph in emission order, each example Tensor's twin, and what was recognised. @internal */
export interface Paired {
  /** The example run's graph, dependencies (recognised ones included) first. */
  order: Item[];
  /** Example-run Tensor → the second run's Tensor in its place. */
  twin: Map<Tensor, Tensor>;
  /** Constants that are softmax's shift: a ReduceMax of `x` along `axis`. */
  shift: Map<Tensor, { x: Tensor; axis: number }>;
  /** Constants that are a graph value (or a view of it). */
  alias: Map<Tensor, Alias>;
  /** Nodes whose where condition or gather indices are a graph value (or a view of it). */
  arrayAlias: Map<Node, Alias>;
  /** Where nodes whose condition is a comparison of a graph value. */
  comparison: Map<Node, Comparison>;
}

/**
 * Pairs the example run with the second one (same graph, other batch size or values) and finds
 * what the exporter can express of the values computed outside the graph. Throws when the two
 * runs recorded different graphs.
 * @internal
 */
export function pairRuns(runA: Run, runB: Run, state: ReadonlyMap<Tensor, string>, batchChanged: boolean): Paired {
  // Pair the runs' graphs item by item.
  const itemsA = collect(runA, state);
  const itemsB = collect(runB, state);
  const twin = new Map<Tensor, Tensor>(runA.inputs.map((t, i) => [t, runB.inputs[i]!]));
  for (const t of state.keys()) twin.set(t, t);
  const mismatch = (i: number): never => {
    const it = itemsA[i];
    const path = it?.kind === "node" ? (runA.nodePath.get(it.node) ?? "model") : it?.kind === "layer" ? it.call.path : "model";
    throw new OnnxExportError(
      "the forward records another graph for another batch size or other input values (control flow that depends on the data or on the batch size?)" +
        (batchChanged ? "; pass dynamicBatch: false if it depends on the batch size" : ""),
      { modulePath: path },
    );
  };
  if (itemsA.length !== itemsB.length) mismatch(Math.min(itemsA.length, itemsB.length));
  itemsA.forEach((a, i) => {
    const b = itemsB[i]!;
    const same =
      a.kind === b.kind &&
      (a.kind !== "input" || a.index === (b as typeof a).index) &&
      (a.kind !== "state" || a.t === b.t) &&
      (a.kind !== "layer" || (a.call.module === (b as typeof a).call.module && a.index === (b as typeof a).index)) &&
      (a.kind !== "node" || a.node.primitive.name === (b as typeof a).node.primitive.name) &&
      a.t.dtype === b.t.dtype &&
      a.t.ndim === b.t.ndim;
    if (!same) mismatch(i);
    twin.set(a.t, b.t);
  });

  // What the graph cannot see: constants that are softmax's shift or alias a graph value, and the
  // NDArray attributes (where conditions, gather indices) of the nodes.
  // Inputs and state count even when only an attribute reaches them (a mask input of a where).
  const owners = (items: Item[], run: Run): Map<T.NDArray, Tensor> =>
    new Map([...run.inputs, ...state.keys(), ...items.filter((it) => it.kind !== "const").map((it) => it.t)].map((t) => [t.data, t]));
  const ownerA = owners(itemsA, runA);
  const ownerB = owners(itemsB, runB);
  // A whole, row-major view of a value's storage (a reshape of a mask input) is that value reshaped.
  const whole = (t: T.NDArray): boolean => t.isContiguous && t.offset === 0 && t.storage.length === t.size;
  const storages = (m: Map<T.NDArray, Tensor>): Map<unknown, Tensor> => new Map([...m].filter(([d]) => whole(d)).map(([d, t]) => [d.storage, t]));
  const storageA = storages(ownerA);
  const storageB = storages(ownerB);
  /** The graph value an NDArray is (`reshape`: a view of it in another shape), the same in both runs, or null. */
  const aliasOf = (a: T.NDArray, b: T.NDArray): Alias | null => {
    const o = ownerA.get(a);
    if (o !== undefined && ownerB.get(b) === twin.get(o)) return { t: o, reshape: false };
    const v = whole(a) && whole(b) ? storageA.get(a.storage) : undefined;
    if (v === undefined || storageB.get(b.storage) !== twin.get(v) || a.dtype !== v.dtype) return null;
    return { t: v, reshape: a.ndim !== v.ndim || a.shape.some((d, i) => d !== v.shape[i]) };
  };
  const extra = new Map<Tensor, Tensor[]>();
  const shift = new Map<Tensor, { x: Tensor; axis: number }>();
  const alias = new Map<Tensor, Alias>();
  const arrayAlias = new Map<Node, Alias>();
  const comparison = new Map<Node, Comparison>();
  for (const it of itemsA) {
    if (it.kind === "const") {
      const o = aliasOf(it.t.data, twin.get(it.t)!.data);
      if (o !== null) {
        alias.set(it.t, o);
        extra.set(it.t, [o.t]);
      }
      continue;
    }
    if (it.kind !== "node") continue;
    const name = it.node.primitive.name;
    const [x, c] = it.node.peekInputs();
    if (name === "sub" && c !== undefined && c.node === null && !state.has(c) && !runA.layerOutput.has(c) && !runA.inputs.includes(c)) {
      const axis = shiftAxis([c.data, twin.get(c)!.data], [x!.data, twin.get(x!)!.data]);
      if (axis !== null) {
        shift.set(c, { x: x!, axis });
        extra.set(c, [x!]);
      }
    }
    if (name === "where" || name === "gather" || name === "indexSelect") {
      const key = name === "where" ? "cond" : "index";
      const ndA = (it.node.attrs as Record<string, T.NDArray>)[key]!;
      const ndB = (twin.get(it.t)!.node!.attrs as Record<string, T.NDArray>)[key]!;
      const o = aliasOf(ndA, ndB);
      if (o !== null) {
        arrayAlias.set(it.node, o);
        extra.set(it.t, [o.t]);
      } else if (name === "where" && !sameArray(ndA, ndB)) {
        const found = findComparison([ndA, ndB], it.node, twin);
        if (found !== null) comparison.set(it.node, found);
      }
    }
  }
  const order = extra.size === 0 ? itemsA : collect(runA, state, extra);
  return { order, twin, shift, alias, arrayAlias, comparison };
}
