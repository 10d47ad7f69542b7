// Creation of Tensors: each function builds its NDArray with the core's creation or random
// functions and wraps it as a leaf, with `requiresGrad` where asked.
import * as T from "@tsgrad/ndarray";
import { type OptionKeys, RANDOM_KEYS, checkBoolean, checkOptions, describeValue, underName } from "@tsgrad/ndarray/internal";
import { Tensor } from "./tensor.js";

/**
 * Options of {@link tensor}.
 * @example
 * ```ts
 * import { type TensorOptions, tensor } from "@tsgrad/autograd";
 * const opts: TensorOptions = { requiresGrad: true, dtype: "float64", name: "w" };
 * tensor([1, 2], opts).toString(); // tensor([1., 2.], dtype=float64, requiresGrad=true)
 * ```
 * @category Creation
 */
export interface TensorOptions {
  /** Whether gradients flow to the Tensor (default false). */
  requiresGrad?: boolean;
  /** Element type (default float32, or a typed array's own, or an NDArray's own). */
  dtype?: T.DType;
  /** Optional label (`tensor.name`). */
  name?: string;
}

/**
 * Options of the creation functions other than {@link tensor}: a dtype and `requiresGrad`.
 * @example
 * ```ts
 * import { type CreationOptions, zeros } from "@tsgrad/autograd";
 * const opts: CreationOptions = { dtype: "float64", requiresGrad: true };
 * zeros([2], opts).requiresGrad; // true
 * ```
 * @category Creation
 */
export interface CreationOptions {
  /** Element type (default float32). */
  dtype?: T.DType;
  /** Whether gradients flow to the Tensor (default false). */
  requiresGrad?: boolean;
}

/**
 * Options of the random creation functions: a seed or a generator, a dtype and
 * `requiresGrad`.
 * @example
 * ```ts
 * import { type RandomOptions, randn } from "@tsgrad/autograd";
 * const opts: RandomOptions = { seed: 7, requiresGrad: true };
 * randn([2], opts).requiresGrad; // true
 * ```
 * @category Creation
 */
export interface RandomOptions extends T.RandomOptions {
  /** Whether gradients flow to the Tensor (default false). */
  requiresGrad?: boolean;
}

const TENSOR_KEYS: OptionKeys<TensorOptions> = { requiresGrad: true, dtype: true, name: true };
const LEAF_CREATION_KEYS: OptionKeys<CreationOptions> = { dtype: true, requiresGrad: true };
const LEAF_RANDOM_KEYS: OptionKeys<RandomOptions> = { ...RANDOM_KEYS, requiresGrad: true };

/** The options of a creating call `op`: only names it takes (`known`), and a boolean `requiresGrad`. */
function leafOptions<O extends { requiresGrad?: boolean }>(op: string, opts: O | undefined, known: OptionKeys<O>): O {
  const o = checkOptions(op, opts, known);
  if (o.requiresGrad !== undefined) checkBoolean(op, "options", "requiresGrad", o.requiresGrad);
  return o;
}

/** Splits `requiresGrad` off the options the core function takes. */
function leaf<O extends CreationOptions | RandomOptions>(op: string, opts: O | undefined, known: OptionKeys<O>, make: (coreOpts: Omit<O, "requiresGrad">) => T.NDArray): Tensor {
  const { requiresGrad, ...coreOpts } = leafOptions(op, opts, known);
  return leafOf(op, make(coreOpts), requiresGrad ?? false);
}

/** A leaf Tensor; an int32 one that should require grad is refused naming the creating call. */
function leafOf(op: string, data: T.NDArray, requiresGrad: boolean, name?: string): Tensor {
  if (requiresGrad && data.dtype === "int32") {
    throw new T.DTypeError(op, "only float32 and float64 Tensors can require gradients, got int32", { dtype: data.dtype });
  }
  return new Tensor(data, { requiresGrad, ...(name !== undefined ? { name } : {}) });
}

/**
 * Creates a leaf {@link Tensor} from nested arrays, a typed array, a number or an NDArray
 * (used as is unless `dtype` differs); from another Tensor, a detached copy of its values
 * (PyTorch's `torch.tensor(t)`).
 *
 * @param data - the values (an NDArray is used as is unless `dtype` differs)
 * @param opts - `requiresGrad`, `dtype`, `name`
 * @returns a new leaf Tensor
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true, dtype: "float64" });
 * w.shape; // [2, 2]
 * ```
 * @category Creation
 */
export function tensor(data: Tensor | T.NDArray | T.NestedArray | T.TypedArray, opts: TensorOptions = {}): Tensor {
  return underName("tensor", () => {
    const o = leafOptions("tensor", opts, TENSOR_KEYS);
    if (o.name !== undefined && typeof o.name !== "string") throw new T.ValueError("tensor", `name must be a string, got ${typeof o.name}`, {});
    let t: T.NDArray;
    if (data instanceof T.NDArray) t = o.dtype !== undefined && o.dtype !== data.dtype ? data.astype(o.dtype) : data;
    else if (data instanceof Tensor) {
      // PyTorch's torch.tensor(t): a copy of the values, detached from t's graph.
      t = T.contiguous(data.data).astype(o.dtype === undefined ? data.dtype : o.dtype);
      if (t === data.data) t = T.mul(data.data, 1);
    } else t = T.ndarray(data, o.dtype !== undefined ? { dtype: o.dtype } : {}, "tensor");
    return leafOf("tensor", t, o.requiresGrad ?? false, o.name);
  });
}

/**
 * A Tensor of zeros.
 * @param shape - the shape
 * @param opts - `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { zeros } from "@tsgrad/autograd";
 * zeros([2, 2]).toArray(); // [[0, 0], [0, 0]]
 * ```
 * @category Creation
 */
export function zeros(shape: readonly number[], opts?: CreationOptions): Tensor {
  return leaf("zeros", opts, LEAF_CREATION_KEYS, (o) => T.zeros(shape, o));
}

/**
 * A Tensor of ones.
 * @param shape - the shape
 * @param opts - `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { ones } from "@tsgrad/autograd";
 * ones([3], { requiresGrad: true }).toArray(); // [1, 1, 1]
 * ```
 * @category Creation
 */
export function ones(shape: readonly number[], opts?: CreationOptions): Tensor {
  return leaf("ones", opts, LEAF_CREATION_KEYS, (o) => T.ones(shape, o));
}

/**
 * A Tensor filled with one value.
 * @param shape - the shape
 * @param value - the value
 * @param opts - `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { full } from "@tsgrad/autograd";
 * full([2], 7).toArray(); // [7, 7]
 * ```
 * @category Creation
 */
export function full(shape: readonly number[], value: number, opts?: CreationOptions): Tensor {
  return leaf("full", opts, LEAF_CREATION_KEYS, (o) => T.full(shape, value, o));
}

function likeData(op: string, x: Tensor): T.NDArray {
  if (!(x instanceof Tensor)) throw new T.ValueError(op, `expected a Tensor, got ${describeValue(x)}`, {});
  return x.data;
}

/**
 * Zeros with the shape (and by default the dtype) of a Tensor.
 * @param x - the Tensor whose shape to take
 * @param opts - `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { tensor, zerosLike } from "@tsgrad/autograd";
 * zerosLike(tensor([1, 2])).toArray(); // [0, 0]
 * ```
 * @category Creation
 */
export function zerosLike(x: Tensor, opts?: CreationOptions): Tensor {
  return leaf("zerosLike", opts, LEAF_CREATION_KEYS, (o) => T.zerosLike(likeData("zerosLike", x), o));
}

/**
 * Ones with the shape (and by default the dtype) of a Tensor.
 * @param x - the Tensor whose shape to take
 * @param opts - `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { tensor, onesLike } from "@tsgrad/autograd";
 * onesLike(tensor([1, 2])).toArray(); // [1, 1]
 * ```
 * @category Creation
 */
export function onesLike(x: Tensor, opts?: CreationOptions): Tensor {
  return leaf("onesLike", opts, LEAF_CREATION_KEYS, (o) => T.onesLike(likeData("onesLike", x), o));
}

/**
 * One value with the shape (and by default the dtype) of a Tensor.
 * @param x - the Tensor whose shape to take
 * @param value - the value
 * @param opts - `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { tensor, fullLike } from "@tsgrad/autograd";
 * fullLike(tensor([1, 2]), 5).toArray(); // [5, 5]
 * ```
 * @category Creation
 */
export function fullLike(x: Tensor, value: number, opts?: CreationOptions): Tensor {
  return leaf("fullLike", opts, LEAF_CREATION_KEYS, (o) => T.fullLike(likeData("fullLike", x), value, o));
}

/**
 * Evenly spaced values in `[start, stop)` (one argument: `[0, start)`).
 * @param start - first value (or the end, when `stop` is omitted)
 * @param stop - end (exclusive)
 * @param step - spacing (default 1)
 * @param opts - `dtype`, `requiresGrad`
 * @returns the 1-D Tensor
 * @example
 * ```ts
 * import { arange } from "@tsgrad/autograd";
 * arange(4).toArray();        // [0, 1, 2, 3]
 * arange(1, 2, 0.25).size;    // 4
 * ```
 * @category Creation
 */
export function arange(start: number, stop?: number, step = 1, opts?: CreationOptions): Tensor {
  return leaf("arange", opts, LEAF_CREATION_KEYS, (o) => T.arange(start, stop, step, o));
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 * @param start - first value
 * @param stop - last value
 * @param num - how many
 * @param opts - `dtype`, `requiresGrad`
 * @returns the 1-D Tensor
 * @example
 * ```ts
 * import { linspace } from "@tsgrad/autograd";
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 * @category Creation
 */
export function linspace(start: number, stop: number, num: number, opts?: CreationOptions): Tensor {
  return leaf("linspace", opts, LEAF_CREATION_KEYS, (o) => T.linspace(start, stop, num, o));
}

/**
 * An identity matrix (`n × m`, ones on the diagonal).
 * @param n - rows
 * @param m - columns (default `n`)
 * @param opts - `dtype`, `requiresGrad`
 * @returns the 2-D Tensor
 * @example
 * ```ts
 * import { eye } from "@tsgrad/autograd";
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 * ```
 * @category Creation
 */
export function eye(n: number, m?: number, opts?: CreationOptions): Tensor {
  return leaf("eye", opts, LEAF_CREATION_KEYS, (o) => T.eye(n, m === undefined ? n : m, o));
}

/**
 * Uniform random values in `[0, 1)`, seeded by `seed` or drawn from a `generator`
 * (the global generator otherwise).
 * @param shape - the shape
 * @param opts - `seed` or `generator`, `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { rand } from "@tsgrad/autograd";
 * const u = rand([1000], { seed: 0 });
 * u.min().item() >= 0 && u.max().item() < 1; // true
 * ```
 * @category Creation
 */
export function rand(shape: readonly number[], opts?: RandomOptions): Tensor {
  return leaf("rand", opts, LEAF_RANDOM_KEYS, (o) => T.rand(shape, o));
}

/**
 * Standard normal random values, seeded by `seed` or drawn from a `generator`.
 * @param shape - the shape
 * @param opts - `seed` or `generator`, `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { randn } from "@tsgrad/autograd";
 * randn([2, 3], { seed: 0, requiresGrad: true }).shape; // [2, 3]
 * ```
 * @category Creation
 */
export function randn(shape: readonly number[], opts?: RandomOptions): Tensor {
  return leaf("randn", opts, LEAF_RANDOM_KEYS, (o) => T.randn(shape, o));
}

/**
 * Random integers in `[low, high)` (int32 unless a float dtype is asked for).
 * @param low - lowest value (included)
 * @param high - end (excluded)
 * @param shape - the shape
 * @param opts - `seed` or `generator`, `dtype`
 * @returns the Tensor
 * @example
 * ```ts
 * import { randint } from "@tsgrad/autograd";
 * randint(0, 10, [5], { seed: 1 }).dtype; // "int32"
 * ```
 * @category Creation
 */
export function randint(low: number, high: number, shape: readonly number[], opts?: RandomOptions): Tensor {
  return leaf("randint", opts, LEAF_RANDOM_KEYS, (o) => T.randint(low, high, shape, o));
}

/**
 * Uniform random values in `[0, 1)` with the shape (and by default the dtype) of a Tensor.
 * @param x - the Tensor whose shape to take
 * @param opts - `seed` or `generator`, `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { tensor, randLike } from "@tsgrad/autograd";
 * randLike(tensor([[1, 2]], { dtype: "float64" }), { seed: 3 }).dtype; // "float64"
 * ```
 * @category Creation
 */
export function randLike(x: Tensor, opts?: RandomOptions): Tensor {
  return underName("randLike", () => {
    const d = likeData("randLike", x);
    return leaf("randLike", opts, LEAF_RANDOM_KEYS, (o) => T.rand(d.shape, { dtype: d.dtype, ...o }));
  });
}

/**
 * Standard normal random values with the shape (and by default the dtype) of a Tensor.
 * @param x - the Tensor whose shape to take
 * @param opts - `seed` or `generator`, `dtype`, `requiresGrad`
 * @returns the Tensor
 * @example
 * ```ts
 * import { zeros, randnLike } from "@tsgrad/autograd";
 * randnLike(zeros([2, 3]), { seed: 3 }).shape; // [2, 3]
 * ```
 * @category Creation
 */
export function randnLike(x: Tensor, opts?: RandomOptions): Tensor {
  return underName("randnLike", () => {
    const d = likeData("randnLike", x);
    return leaf("randnLike", opts, LEAF_RANDOM_KEYS, (o) => T.randn(d.shape, { dtype: d.dtype, ...o }));
  });
}
