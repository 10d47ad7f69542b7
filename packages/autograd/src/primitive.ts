// The Primitive contract (forward on NDArrays, vjp on Tensors), graph nodes and apply(), which
// runs a forward and records a node; the layer every primitive file builds on.
import { NDArray, TsgradError } from "@tsgrad/ndarray";
import { isAnomalyEnabled, isGradEnabled } from "./grad-mode.js";
import { type Operand, asTensor } from "./tensor-base.js";
import { describeValue, fmtShape, underName } from "@tsgrad/ndarray/internal";
import type { Tensor } from "./tensor.js";

/**
 * What a vjp receives besides the upstream gradient: the op's inputs and output as
 * Tensors (so the vjp can use them in differentiable ops), the op's attributes and what
 * its forward saved for it (see {@link Primitive}).
 * @example
 * ```ts
 * import { type VjpContext, type Tensor, customOp, mul } from "@tsgrad/autograd";
 * import * as T from "@tsgrad/ndarray";
 * // exp's vjp reuses the forward's output: d(eˣ)/dx = eˣ.
 * const myExp = customOp({
 *   name: "myExp",
 *   forward: (x) => T.exp(x),
 *   vjp: (g: Tensor, ctx: VjpContext<undefined>) => [mul(g, ctx.output)],
 * });
 * ```
 * @category Autograd
 */
export interface VjpContext<A, S = undefined> {
  /** The inputs the op was applied to. */
  readonly inputs: readonly Tensor[];
  /** The op's output (its `data` is the forward result). */
  readonly output: Tensor;
  /** The op's attributes (axes, shapes, …) given when it was applied. */
  readonly attrs: A;
  /** What the forward saved for the vjp (`undefined` when it returned a bare NDArray). */
  readonly saved: S;
}

/**
 * One differentiable operation: a forward on raw tensors and, beside it, its
 * vector–Jacobian product written with differentiable ops on Tensors — so that
 * `backward({ createGraph: true })` records a graph and higher-order gradients work.
 *
 * The vjp returns one gradient per input with the shape of the op's output
 * broadcast against that input (the engine sums it back to the input's shape), or
 * `null` for an input that gets no gradient.
 *
 * A forward that computes values its vjp needs (statistics, indices, …) returns them
 * beside its result, `{ output, saved }`, instead of keeping them in variables: the node
 * holds `saved` (typed `S`) until a backward releases it, and the vjp reads it as
 * `ctx.saved`. Most primitives return the bare NDArray and have `S = undefined`. Saved
 * NDArrays are constants to the graph: a vjp that must be differentiated again
 * (`isGradEnabled()` is true inside it under `createGraph`) recomputes them from
 * `ctx.inputs`, as `fusedBatchNorm`'s does.
 * @example
 * ```ts
 * import { type Primitive, apply, tensor, mul } from "@tsgrad/autograd";
 * import * as T from "@tsgrad/ndarray";
 * // y = x · s for a constant s held in the attributes; ȳ → x̄ = ḡ · s.
 * const scale: Primitive<{ s: number }> = {
 *   name: "scale",
 *   forward: ([x], { s }) => T.mul(x!, s),
 *   vjp: (g, { attrs }) => [mul(g, attrs.s)],
 * };
 * const x = tensor([1, 2], { requiresGrad: true });
 * apply(scale, [x], { s: 3 }).sum().backward();
 * x.grad!.data.toArray(); // [3, 3]
 * ```
 * @example
 * ```ts
 * import { type Primitive, apply, tensor, mul } from "@tsgrad/autograd";
 * import * as T from "@tsgrad/ndarray";
 * // y = x³, saving x² for the vjp: x̄ = ḡ · 3x² (first order: x² is a constant).
 * const cube: Primitive<undefined, T.NDArray> = {
 *   name: "cube",
 *   forward: ([x]) => {
 *     const x2 = T.mul(x!, x!);
 *     return { output: T.mul(x2, x!), saved: x2 };
 *   },
 *   vjp: (g, { saved }) => [mul(g, tensor(T.mul(saved, 3)))],
 * };
 * const x = tensor([2], { requiresGrad: true });
 * apply(cube, [x], undefined).sum().backward();
 * x.grad!.item(); // 12
 * ```
 * @category Autograd
 */
export interface Primitive<A = undefined, S = undefined> {
  /** Name, used in errors and in anomaly reports. */
  readonly name: string;
  /** Computes the result from the inputs' tensors, with what the vjp needs saved beside it if anything. */
  forward(
    inputs: readonly NDArray[],
    attrs: A,
  ):
    | NDArray
    | {
        /** The result. */
        readonly output: NDArray;
        /** Values for the vjp, handed to it as `ctx.saved`. */
        readonly saved: S;
      };
  /** Gradients of the inputs from the gradient `g` of the output. */
  vjp(g: Tensor, ctx: VjpContext<A, S>): readonly (Tensor | null)[];
}

/**
 * A recorded application of a primitive: the graph edge from an output back to its
 * inputs. Released (inputs dropped) after a backward without `retainGraph`.
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = x.mul(3);
 * y.node!.primitive.name;          // "mul"
 * y.node!.peekInputs()[0] === x;   // true
 * x.node;                          // null: x is a leaf
 * ```
 * @category Autograd
 */
export class Node {
  /** The primitive that was applied. */
  readonly primitive: Primitive<unknown, unknown>;
  /** The op's attributes. */
  readonly attrs: unknown;
  /** Where the op was created (only in anomaly mode). */
  readonly creationStack: string | undefined;
  private savedInputs: Tensor[] | null;
  private savedVersions: number[] | null;
  private savedOutput: Tensor | null;
  private savedOutputVersion: number;
  private savedForVjp: unknown;

  /**
   * @param primitive - the primitive
   * @param inputs - the inputs it was applied to
   * @param attrs - its attributes
   * @param output - the Tensor it produced
   * @param saved - what the primitive's forward saved for its vjp
   */
  constructor(primitive: Primitive<unknown, unknown>, inputs: Tensor[], attrs: unknown, output: Tensor, saved?: unknown) {
    this.primitive = primitive;
    this.attrs = attrs;
    this.savedInputs = inputs;
    this.savedVersions = inputs.map((v) => v.version);
    for (const v of inputs) v.noteGraphUse();
    this.savedOutput = output;
    this.savedOutputVersion = output.version;
    this.savedForVjp = saved;
    this.creationStack = isAnomalyEnabled() ? captureStack() : undefined;
  }

  /** Whether the saved inputs were released by a backward without `retainGraph`. */
  get released(): boolean {
    return this.savedInputs === null;
  }

  /**
   * The saved inputs. Throws when the graph was freed by an earlier backward, or
   * when an input's `data` was replaced after the op recorded it.
   * @param op - the public call that runs the pass, named by the errors (`backward` or `grad`)
   * @returns the inputs
   */
  inputs(op = "backward"): Tensor[] {
    if (this.savedInputs === null) {
      throw new TsgradError(
        op,
        `trying to backward through the graph a second time (op "${this.primitive.name}"): its saved values were freed after the first backward; pass { retainGraph: true } to the first backward to keep them`,
        { op: this.primitive.name },
      );
    }
    const versions = this.savedVersions!;
    this.savedInputs.forEach((v, i) => {
      if (v.version !== versions[i]) {
        throw new TsgradError(
          op,
          `input ${i} of op "${this.primitive.name}" was modified (its data replaced) after the op used it; its gradient would be wrong`,
          { op: this.primitive.name, input: i },
        );
      }
    });
    if (this.savedOutput !== null && this.savedOutput.version !== this.savedOutputVersion) {
      throw new TsgradError(
        op,
        `the output of op "${this.primitive.name}" was modified (its data replaced) after the op produced it; its gradient would be wrong`,
        { op: this.primitive.name },
      );
    }
    return this.savedInputs;
  }

  /**
   * The inputs without checks, for graph traversal (empty once released).
   * @returns the inputs
   */
  peekInputs(): readonly Tensor[] {
    return this.savedInputs ?? [];
  }

  /**
   * The output Tensor this node produced (null once released).
   * @returns the output
   */
  output(): Tensor | null {
    return this.savedOutput;
  }

  /**
   * What the primitive's forward saved for its vjp (`undefined` when it saved nothing, or
   * once released).
   * @returns the saved values
   */
  saved(): unknown {
    return this.savedForVjp;
  }

  /** Drops the saved inputs, output and values so their memory can be collected. */
  release(): void {
    const versions = this.savedVersions;
    if (this.savedInputs !== null && versions !== null) this.savedInputs.forEach((v, i) => v.dropGraphUse(versions[i]!));
    this.savedInputs = null;
    this.savedVersions = null;
    this.savedOutput = null;
    this.savedForVjp = undefined;
  }
}

/**
 * Applies a primitive: runs its forward and, when grad mode is on and some input
 * requires grad, records a {@link Node} on the result.
 *
 * @param primitive - the primitive
 * @param inputs - its inputs
 * @param attrs - its attributes
 * @returns the result
 * @example
 * ```ts
 * import { apply, tensor, type Primitive } from "@tsgrad/autograd";
 * import { mul as mulT } from "@tsgrad/ndarray";
 * const triple: Primitive = { name: "triple", forward: ([x]) => mulT(x!, 3), vjp: (g) => [g.mul(3)] };
 * apply(triple, [tensor([1, 2])], undefined).data.toArray(); // [3, 6]
 * ```
 * @category Autograd
 */
export function apply<A, S>(primitive: Primitive<A, S>, inputs: Tensor[], attrs: A): Tensor {
  return applySaving(primitive, inputs, attrs).output;
}

/**
 * {@link apply} that also returns what the forward saved (for an op whose caller needs
 * those values too, such as BatchNorm's batch statistics). @internal
 */
export function applySaving<A, S>(primitive: Primitive<A, S>, inputs: Tensor[], attrs: A): { output: Tensor; saved: S | undefined } {
  // Errors of the kernels and helpers inside (the allocator, a view's rank check) are named after the op.
  const result: unknown = underName(primitive.name, () => primitive.forward(inputs.map((v) => v.data), attrs));
  // A forward returns the bare NDArray, or `{ output, saved }` when it keeps values for its vjp.
  const saving = !(result instanceof NDArray) && typeof result === "object" && result !== null && "saved" in result;
  const data: unknown = saving ? (result as { output?: unknown }).output : result;
  if (!(data instanceof NDArray)) {
    throw new TsgradError(primitive.name, `the forward of op "${primitive.name}" returned ${describeValue(data)}; expected an NDArray`, { op: primitive.name });
  }
  const saved = saving ? (result as { saved: S }).saved : undefined;
  // Inside a vjp only the gradient it returns is checked (by the engine, naming the op whose
  // backward it is): intermediate Infinity there may be masked away legitimately.
  if (isAnomalyEnabled() && vjpDepth === 0) checkForwardAnomaly(primitive.name, inputs, data);
  const needsGrad = isGradEnabled() && data.dtype !== "int32" && inputs.some((v) => v.requiresGrad);
  const first = inputs[0];
  if (first === undefined) throw new TsgradError(primitive.name, `op "${primitive.name}" was applied to no inputs`, { op: primitive.name });
  const out = first.wrapData(data, needsGrad);
  if (needsGrad) out.node = new Node(primitive as Primitive<unknown, unknown>, inputs, attrs, out, saved);
  return { output: out, saved };
}

let vjpDepth = 0;

/** Runs a node's vjp: ops inside it skip the forward anomaly check. @internal */
export function runVjp<T>(fn: () => T): T {
  vjpDepth++;
  try {
    return fn();
  } finally {
    vjpDepth--;
  }
}

/** A stack trace deep enough to reach user code through layers and composites (anomaly mode). */
function captureStack(): string {
  // stackTraceLimit is V8's (Node, Chromium); elsewhere it is absent and left alone.
  const errorClass = Error as { stackTraceLimit?: number };
  const limit = errorClass.stackTraceLimit;
  if (limit !== undefined) errorClass.stackTraceLimit = Math.max(limit, 50);
  try {
    return new Error().stack ?? "";
  } finally {
    if (limit !== undefined) errorClass.stackTraceLimit = limit;
  }
}

function hasNonFinite(t: NDArray): boolean {
  if (t.dtype === "int32") return false;
  const a = t.toTypedArray();
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return true;
  return false;
}

function checkForwardAnomaly(name: string, inputs: readonly Tensor[], out: NDArray): void {
  if (!hasNonFinite(out) || inputs.some((v) => hasNonFinite(v.data))) return;
  throw new TsgradError(
    name,
    `anomaly: op "${name}" produced NaN or Infinity from finite inputs of shapes ${inputs.map((v) => `${fmtShape(v.shape)}`).join(", ")}\ncreated at:\n${captureStack()}`,
    { op: name },
  );
}

/** Throws when a gradient produced by a node's vjp holds NaN or Infinity (anomaly mode). @internal */
export function checkBackwardAnomaly(node: Node, index: number, g: NDArray): void {
  if (!hasNonFinite(g)) return;
  const name = node.primitive.name;
  throw new TsgradError(
    name,
    `anomaly: the backward of op "${name}" produced NaN or Infinity in the gradient of input ${index}\nop created at:\n${node.creationStack ?? "(not recorded)"}`,
    { op: name, input: index },
  );
}

/** Applies a one-input primitive without attributes to an operand. @internal */
export function applyUnary(primitive: Primitive, x: Operand): Tensor {
  return apply(primitive, [asTensor(x, undefined, primitive.name)], undefined);
}

/** Applies a two-input primitive without attributes; numbers take the other operand's dtype. @internal */
export function applyBinary(primitive: Primitive, a: Operand, b: Operand): Tensor {
  const va = asTensor(a, b, primitive.name);
  return apply(primitive, [va, asTensor(b, va, primitive.name)], undefined);
}

/** The method form of one op, from {@link methodsOf}. */
type MethodOf<F> = F extends (x: Tensor, ...rest: infer R) => Tensor ? (this: Tensor, ...rest: R) => Tensor : never;

/**
 * The method forms of ops, `x.op(…args)` calling `op(x, …args)`: an op file's `<name>Methods`
 * export declares each method's signature and TSDoc in its type and takes the implementation
 * from here; tensor.ts puts them on Tensor's prototype. `arity` gives a method's parameter count
 * (its `length`) where the function's own undercounts it: parameters with defaults. @internal
 */
export function methodsOf<F extends Record<string, (x: Tensor, ...rest: never[]) => Tensor>>(
  fns: F,
  arity: { readonly [K in keyof F]?: number } = {},
): { [K in keyof F]: MethodOf<F[K]> } {
  const methods: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(fns)) {
    const method = function (this: Tensor, ...rest: never[]): Tensor {
      return f(this, ...rest);
    };
    methods[name] = Object.defineProperty(method, "length", { value: arity[name] ?? f.length - 1 });
  }
  return methods as { [K in keyof F]: MethodOf<F[K]> };
}
