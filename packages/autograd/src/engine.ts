// The reverse-mode engine: backward() and grad() walk the recorded graph in reverse topological
// order and accumulate gradients; apart from primitive.ts, which records the graph.
import { TsgradError, ValueError, ones } from "@tsgrad/ndarray";
import { enableGrad, isAnomalyEnabled, noGrad } from "./grad-mode.js";
import { type Node, checkBackwardAnomaly, runVjp } from "./primitive.js";
import { type Operand, TensorBase, asTensor } from "./tensor-base.js";
import type { Tensor } from "./tensor.js";
import { add } from "./primitives/add.js";
import { cast } from "./primitives/cast.js";
import { sumToShape } from "./primitives/sum-to-shape.js";
import { type OptionKeys, checkBoolean, checkOptions, describeValue, fmtShape } from "@tsgrad/ndarray/internal";

interface EngineOptions {
  createGraph: boolean;
  retainGraph: boolean;
  /** When set, gradients of these Tensors are returned instead of accumulated into leaves. */
  capture?: ReadonlySet<Tensor>;
  /** The public call running the pass, named by its errors (default `backward`). */
  op?: string;
}

function rootGradients(roots: readonly Tensor[], gradOutputs: readonly Operand[] | undefined, op = "backward"): Tensor[] {
  if (gradOutputs !== undefined && gradOutputs.length !== roots.length) {
    throw new ValueError(op, `got ${gradOutputs.length} gradients for ${roots.length} outputs`, {});
  }
  return roots.map((r, i) => {
    if (!r.requiresGrad) {
      throw new TsgradError(op, `output ${i} (shape ${fmtShape(r.shape)}) does not require grad and has no graph: nothing to differentiate`, {
        shape: r.shape,
      });
    }
    const given = gradOutputs?.[i];
    if (given === undefined) {
      if (r.size !== 1) {
        throw new TsgradError(
          op,
          `a gradient can be implied only for an output with one element; output ${i} has shape ${fmtShape(r.shape)}: pass gradOutput of that shape`,
          { shape: r.shape },
        );
      }
      return r.wrapData(ones(r.shape, { dtype: r.dtype }));
    }
    const g = asTensor(given, r, op);
    if (g.shape.length !== r.shape.length || g.shape.some((d, k) => d !== r.shape[k])) {
      throw new TsgradError(op, `gradOutput of shape ${fmtShape(g.shape)} does not match output ${i} of shape ${fmtShape(r.shape)}`, {
        gradShape: g.shape,
        outputShape: r.shape,
      });
    }
    return g;
  });
}

/** Kahn's algorithm over the reachable nodes: a node runs once every consumer has contributed. */
function dependencyCounts(roots: readonly Tensor[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const r of roots) {
    if (r.node && !deps.has(r.node)) {
      deps.set(r.node, 0);
      stack.push(r.node);
    }
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const v of node.peekInputs()) {
      const n = v.node;
      if (!n) continue;
      const seen = deps.has(n);
      deps.set(n, (deps.get(n) ?? 0) + 1);
      if (!seen) stack.push(n);
    }
  }
  return deps;
}

function applyHooks(v: Tensor, g: Tensor): Tensor {
  for (const hook of v.hooks) {
    const r: unknown = hook(g);
    if (r === undefined) continue;
    if (!(r instanceof TensorBase)) {
      throw new TsgradError("registerHook", `a hook returned ${describeValue(r)}; expected a Tensor of shape ${fmtShape(g.shape)} or nothing`, {});
    }
    if (r.shape.length !== g.shape.length || r.shape.some((d, i) => d !== g.shape[i])) {
      throw new TsgradError("registerHook", `a hook returned a gradient of shape ${fmtShape(r.shape)} for a Tensor of shape ${fmtShape(g.shape)}`, {
        gradShape: r.shape,
        shape: g.shape,
      });
    }
    if (r.dtype !== g.dtype) {
      throw new TsgradError("registerHook", `a hook returned a gradient of dtype ${r.dtype} for a gradient of dtype ${g.dtype}`, { dtype: r.dtype });
    }
    g = r as Tensor;
  }
  return g;
}

/** The `.grad` each leaf already holds must be a Tensor of the leaf's exact shape and dtype (no broadcast). */
function checkExistingGrad(leaf: Tensor): void {
  const prev: unknown = leaf.grad;
  if (prev === null || prev === undefined || !leaf.requiresGrad) return;
  if (!(prev instanceof TensorBase)) {
    throw new TsgradError("backward", `a leaf of shape ${fmtShape(leaf.shape)} holds ${describeValue(prev)} as its grad; expected a Tensor or null`, {
      shape: leaf.shape,
    });
  }
  if (prev.shape.length !== leaf.shape.length || prev.shape.some((d, k) => d !== leaf.shape[k])) {
    throw new TsgradError(
      "backward",
      `a leaf of shape ${fmtShape(leaf.shape)} holds a grad of shape ${fmtShape(prev.shape)}; the shapes must be equal (a grad is not broadcast)`,
      { shape: leaf.shape, gradShape: prev.shape },
    );
  }
  if (prev.dtype !== leaf.dtype) {
    throw new TsgradError("backward", `a leaf of dtype ${leaf.dtype} (shape ${fmtShape(leaf.shape)}) holds a grad of dtype ${prev.dtype}`, {
      dtype: prev.dtype,
      shape: leaf.shape,
    });
  }
}

function checkLeafGrads(roots: readonly Tensor[], deps: ReadonlyMap<Node, number>): void {
  for (const r of roots) if (!r.node) checkExistingGrad(r);
  for (const n of deps.keys()) for (const v of n.peekInputs()) if (!v.node) checkExistingGrad(v);
}

/**
 * Runs reverse-mode differentiation from `roots`. Iterative: no recursion, any depth. Atomic:
 * nothing is freed and no `.grad` changes unless the whole pass succeeds.
 */
function run(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: EngineOptions): Map<Tensor, Tensor> {
  const captured = new Map<Tensor, Tensor>();
  const nodeGrads = new Map<Node, Tensor>();
  const leafGrads = new Map<Tensor, Tensor>();
  const mode = opts.createGraph ? enableGrad : noGrad;
  const anomaly = isAnomalyEnabled();
  const accumulate = <K>(map: Map<K, Tensor>, key: K, g: Tensor): void => {
    const prev = map.get(key);
    map.set(key, prev ? mode(() => add(prev, g)) : g);
  };
  roots.forEach((r, i) => {
    if (r.node) accumulate(nodeGrads, r.node, rootGrads[i]!);
    else accumulate(leafGrads, r, rootGrads[i]!);
  });
  const deps = dependencyCounts(roots);
  // Every node is checked (freed? inputs modified?) before any runs and releases its saved
  // values, so such an error leaves the whole graph as it was, not half freed.
  for (const n of deps.keys()) n.inputs(opts.op);
  // So is every leaf's existing `.grad`: a wrong shape or dtype found only at the final
  // accumulation would come after the saved values were freed.
  if (!opts.capture) checkLeafGrads(roots, deps);
  const ready: Node[] = [];
  for (const [n, c] of deps) if (c === 0) ready.push(n);
  while (ready.length > 0) {
    const node = ready.pop()!;
    let g = nodeGrads.get(node);
    nodeGrads.delete(node);
    const inputs = node.inputs(opts.op);
    if (g) {
      const out = node.output();
      if (out) {
        if (out.hooks.length > 0) g = mode(() => applyHooks(out, g!));
        if (opts.capture?.has(out)) captured.set(out, g);
      }
      const name = node.primitive.name;
      const gOut = g;
      const results: unknown = mode(() => runVjp(() => node.primitive.vjp(gOut, { inputs, output: out ?? gOut, attrs: node.attrs, saved: node.saved() })));
      if (!Array.isArray(results) || results.length !== inputs.length) {
        const got = Array.isArray(results) ? `${results.length} gradients` : describeValue(results);
        throw new TsgradError(name, `the vjp of "${name}" returned ${got} for ${inputs.length} inputs; expected one gradient (or null) per input`, {
          op: name,
        });
      }
      results.forEach((r: unknown, i) => {
        if (r !== null && r !== undefined && !(r instanceof TensorBase)) {
          throw new TsgradError(name, `the vjp of "${name}" returned ${describeValue(r)} as the gradient of input ${i}; expected a Tensor or null`, {
            op: name,
            input: i,
          });
        }
      });
      inputs.forEach((v, i) => {
        let gi = (results as readonly (Tensor | null | undefined)[])[i];
        if (!v.requiresGrad || gi === null || gi === undefined) return;
        gi = mode(() => {
          let s = sumToShape(gi!, v.shape, name);
          if (s.dtype !== v.dtype) s = cast(s, v.dtype);
          return s;
        });
        if (anomaly) checkBackwardAnomaly(node, i, gi.data);
        if (v.node) accumulate(nodeGrads, v.node, gi);
        else accumulate(leafGrads, v, gi);
      });
    }
    for (const v of inputs) {
      const n = v.node;
      if (!n) continue;
      const left = deps.get(n)! - 1;
      deps.set(n, left);
      if (left === 0) ready.push(n);
    }
  }
  // Every hook runs and every sum is formed before any `.grad` changes, so an error
  // (a hook returning a wrong shape) leaves all leaves as they were.
  const updates: [Tensor, Tensor][] = [];
  for (const [leaf, g0] of leafGrads) {
    if (opts.capture ? !opts.capture.has(leaf) : !leaf.requiresGrad) continue;
    const g = leaf.hooks.length > 0 ? mode(() => applyHooks(leaf, g0)) : g0;
    if (opts.capture) captured.set(leaf, g);
    else {
      const prev = leaf.grad;
      updates.push([leaf, prev ? mode(() => add(prev, g)) : opts.createGraph ? g : g.detach()]);
    }
  }
  for (const [leaf, g] of updates) leaf.grad = g;
  // Saved values are freed only once the whole pass has succeeded: an error thrown by a hook
  // or a vjp part-way leaves every node as it was, so a retry (after fixing the cause) works.
  if (!opts.retainGraph) for (const n of deps.keys()) n.release();
  return captured;
}

/** The Tensors of `value` (one Tensor too when `single`), or a ValueError naming `op`. */
function checkTensorList(op: string, name: string, value: unknown, single: boolean): Tensor[] {
  if (single && value instanceof TensorBase) return [value as Tensor];
  const kind = single ? "a Tensor or an array of Tensors" : "an array of Tensors";
  if (!Array.isArray(value)) throw new ValueError(op, `expected ${name} as ${kind}, got ${describeValue(value)}`, {});
  value.forEach((v: unknown, i) => {
    if (!(v instanceof TensorBase)) throw new ValueError(op, `${name}[${i}]: expected a Tensor, got ${describeValue(v)}`, {});
  });
  return value as Tensor[];
}

/** The options of backward (the function and the Tensor method). */
type BackwardOpts = { createGraph?: boolean; retainGraph?: boolean };
const BACKWARD_KEYS: OptionKeys<BackwardOpts> = { createGraph: true, retainGraph: true };

/**
 * Checks the kinds of `gradOutputs` (an array, if given) and of the options of backward/grad:
 * only the names `known`, the flags booleans.
 */
function checkGradArgs<O extends BackwardOpts>(op: string, gradOutputs: unknown, opts: O | undefined, known: OptionKeys<O>): void {
  if (gradOutputs !== undefined && !Array.isArray(gradOutputs)) {
    throw new ValueError(op, `expected gradOutputs as an array (one gradient per output), got ${describeValue(gradOutputs)}`, {});
  }
  const o = checkOptions(op, opts, known);
  if (o.createGraph !== undefined) checkBoolean(op, "options", "createGraph", o.createGraph);
  if (o.retainGraph !== undefined) checkBoolean(op, "options", "retainGraph", o.retainGraph);
}

/**
 * Accumulates into the `grad` of every leaf the gradients of `roots`. The free form
 * of {@link Tensor.backward}, for several outputs at once.
 *
 * @param roots - the outputs to differentiate
 * @param gradOutputs - one gradient per output (omit for one-element outputs)
 * @param opts - `createGraph`, `retainGraph`
 * @example
 * ```ts
 * import { tensor, backward } from "@tsgrad/autograd";
 * const x = tensor([2], { requiresGrad: true });
 * backward([x.mul(x), x.mul(3)]);
 * x.grad!.item(); // 4 + 3 = 7
 * ```
 * @category Autograd
 */
export function backward(roots: readonly Tensor[], gradOutputs?: readonly Operand[], opts: { createGraph?: boolean; retainGraph?: boolean } = {}): void {
  checkTensorList("backward", "roots", roots, false);
  checkGradArgs("backward", gradOutputs, opts, BACKWARD_KEYS);
  const createGraph = opts.createGraph ?? false;
  run(roots, rootGradients(roots, gradOutputs), { createGraph, retainGraph: opts.retainGraph ?? createGraph });
}

/**
 * Options of {@link grad}.
 * @example
 * ```ts
 * import { type GradOptions, grad, tensor } from "@tsgrad/autograd";
 * const x = tensor([2], { requiresGrad: true });
 * const unused = tensor([5], { requiresGrad: true });
 * const opts: GradOptions = { createGraph: true, allowUnused: true };
 * const [gx, gu] = grad(x.mul(x).sum(), [x, unused], opts);
 * gx!.requiresGrad; // true: the gradient can be differentiated again
 * gu;               // null: the output does not depend on `unused`
 * ```
 * @category Autograd
 */
export interface GradOptions {
  /** Gradients of the outputs (omit for one-element outputs). */
  gradOutputs?: readonly Operand[];
  /** Record the computation of the gradients, for higher-order derivatives (default false). */
  createGraph?: boolean;
  /** Keep the graph for another backward (default: `createGraph`). */
  retainGraph?: boolean;
  /** Return null for inputs the outputs do not depend on instead of throwing (default false). */
  allowUnused?: boolean;
}

const GRAD_KEYS: OptionKeys<GradOptions> = { gradOutputs: true, createGraph: true, retainGraph: true, allowUnused: true };

/**
 * Gradients of `outputs` with respect to `inputs`, returned rather than accumulated
 * into `.grad` (PyTorch's `torch.autograd.grad`). With `createGraph` the result can be
 * differentiated again.
 *
 * @param outputs - output or outputs to differentiate
 * @param inputs - Tensors (leaves or intermediate) to differentiate with respect to
 * @param opts - `gradOutputs`, `createGraph`, `retainGraph`, `allowUnused`
 * @returns one gradient per input (null only for unused inputs with `allowUnused`)
 * @example
 * ```ts
 * import { tensor, grad } from "@tsgrad/autograd";
 * const x = tensor([3], { requiresGrad: true, dtype: "float64" });
 * const y = x.mul(x).mul(x).sum();                              // x³
 * const [dy] = grad(y, x, { createGraph: true });               // 3x² = 27
 * const [d2y] = grad(dy!.sum(), x);                             // 6x = 18
 * d2y!.item(); // 18
 * ```
 * @category Autograd
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = checkTensorList("grad", "outputs", outputs, true);
  const ins = checkTensorList("grad", "inputs", inputs, true);
  checkGradArgs("grad", undefined, opts, GRAD_KEYS);
  checkGradArgs("grad", opts.gradOutputs, {}, BACKWARD_KEYS);
  if (opts.allowUnused !== undefined) checkBoolean("grad", "options", "allowUnused", opts.allowUnused);
  ins.forEach((v, i) => {
    if (!v.requiresGrad) {
      throw new TsgradError("grad", `input ${i} (shape ${fmtShape(v.shape)}) does not require grad`, { shape: v.shape });
    }
  });
  const createGraph = opts.createGraph ?? false;
  const captured = run(outs, rootGradients(outs, opts.gradOutputs, "grad"), {
    createGraph,
    retainGraph: opts.retainGraph ?? createGraph,
    capture: new Set(ins),
    op: "grad",
  });
  return ins.map((v, i) => {
    const g = captured.get(v);
    if (g) return g;
    if (opts.allowUnused) return null;
    throw new TsgradError("grad", `input ${i} (shape ${fmtShape(v.shape)}) was not used to compute the outputs; pass allowUnused: true to get null`, {});
  });
}
