// Seeded random numbers: the Generator, the global one (manualSeed) and rand, randn, randint,
// permutation; apart from creation.ts as the only module with state.
import { type DType, allocate, checkDType } from "./dtype.js";
import { DTypeError, ValueError } from "./errors.js";
import { checkShape, sizeOf } from "./shape.js";
import { NDArray } from "./ndarray.js";
import { RANDOM_KEYS, checkInteger, checkNumber, checkOptions, showValue } from "./internal.js";

/**
 * A seeded pseudo-random number generator: **xoshiro128\*\*** (Blackman & Vigna),
 * its 128-bit state filled from the 32-bit seed by **SplitMix32**. Uniform floats
 * take 53 bits from two draws; normal samples use the **Box–Muller** transform
 * (`sqrt(-2 ln u1) · cos(2π u2)` then `· sin(2π u2)`, u1 in (0, 1]). Integers in a
 * range use rejection sampling, so they are unbiased. Every operation is defined
 * on 32-bit integers and IEEE doubles, so the same seed gives the same numbers on
 * every run and platform.
 *
 * @example
 * ```ts
 * import { Generator, randn } from "@tsgrad/ndarray";
 * const g = new Generator(42);
 * const a = randn([2, 2], { generator: g });
 * const b = randn([2, 2], { generator: g }); // continues the stream: differs from a
 * ```
 * @category Random
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /**
   * @param seed - an integer in [0, 2³² − 1] (a fraction, a negative number or a larger one is a
   *   ValueError: they would alias another seed)
   */
  constructor(seed = 0) {
    this.#reseed("Generator", seed);
  }

  /**
   * Resets the state from a seed, as if newly constructed.
   * @param seed - the new seed
   * @returns this generator
   */
  manualSeed(seed: number): this {
    return this.#reseed("Generator.manualSeed", seed);
  }

  /** {@link Generator.manualSeed}, its errors naming `op`. */
  #reseed(op: string, seed: number): this {
    checkSeed(op, seed);
    let x = seed >>> 0;
    const next = (): number => {
      // SplitMix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = null;
    return this;
  }

  /**
   * The next 32-bit unsigned integer of the stream.
   * @returns an integer in [0, 2³²)
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits.
   * @returns the sample
   */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).
   * @returns the sample
   */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.random(); // (0, 1]
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * A uniform integer in [low, high) by rejection sampling (unbiased).
   * @param low - smallest value
   * @param high - one past the largest value
   * @returns the sample
   */
  integer(low: number, high: number): number {
    if (typeof low !== "number" || typeof high !== "number" || !Number.isInteger(low) || !Number.isInteger(high) || high - low <= 0 || high - low > 4294967296) {
      throw new ValueError("Generator.integer", `need integers low < high with high - low ≤ 2^32, got low ${showValue(low)} and high ${showValue(high)}`, {
        low: showValue(low),
        high: showValue(high),
      });
    }
    const range = high - low;
    const limit = 4294967296 - (4294967296 % range);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % range);
  }

  /**
   * A copy of the generator with the same state; both then give the same stream.
   * @returns the copy
   */
  clone(): Generator {
    const g = new Generator(0);
    g.s0 = this.s0;
    g.s1 = this.s1;
    g.s2 = this.s2;
    g.s3 = this.s3;
    g.spare = this.spare;
    return g;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Options of the random creation functions: a `seed` for a fresh generator, or a
 * `generator` to draw from (and advance). With neither, the global generator of
 * {@link manualSeed} is used.
 * @example
 * ```ts
 * import { type RandomOptions, Generator, randn } from "@tsgrad/ndarray";
 * const fresh: RandomOptions = { seed: 7 };                                  // the same numbers every call
 * const stream: RandomOptions = { generator: new Generator(7), dtype: "float64" }; // advances per call
 * randn([2], fresh).toArray();  // the same two numbers on every run
 * randn([2], stream).dtype;     // "float64"
 * ```
 * @category Random
 */
export interface RandomOptions {
  /** Seed of a fresh {@link Generator} for this call: an integer in [0, 2³² − 1]. */
  seed?: number;
  /** Generator to draw from; it advances. */
  generator?: Generator;
  /** Element type (default `"float32"`; `"int32"` default for {@link randint}). */
  dtype?: DType;
}

let globalGenerator = new Generator(0);

/**
 * Re-seeds the global generator used when a random function gets neither `seed` nor `generator`.
 *
 * @param seed - the new seed
 * @returns the global generator
 * @example
 * ```ts
 * import { manualSeed, rand } from "@tsgrad/ndarray";
 * manualSeed(1);
 * const a = rand([3]);
 * manualSeed(1);
 * const b = rand([3]); // same numbers as a
 * ```
 * @category Random
 */
export function manualSeed(seed: number): Generator {
  checkSeed("manualSeed", seed);
  globalGenerator = new Generator(seed);
  return globalGenerator;
}

/** The generator a call draws from. @internal */
export function resolveGenerator(opts: RandomOptions | undefined, op = "Generator"): Generator {
  if (opts?.generator !== undefined) {
    if (!(opts.generator instanceof Generator)) {
      throw new ValueError(op, `generator must be a Generator, got ${showValue(opts.generator)}`, {});
    }
    return opts.generator;
  }
  if (opts?.seed !== undefined) {
    checkSeed(op, opts.seed);
    return new Generator(opts.seed);
  }
  return globalGenerator;
}

function fill(op: string, shape: readonly number[], opts: RandomOptions | undefined, draw: (g: Generator) => number): NDArray {
  opts = checkOptions(op, opts, RANDOM_KEYS);
  const s = checkShape(op, shape);
  const dtype = checkDType(op, opts?.dtype ?? "float32");
  if (op !== "randint" && dtype === "int32") {
    throw new DTypeError(op, `draws floating-point values; dtype int32 is not supported (use randint for integers, or float32/float64)`, { dtype });
  }
  const g = resolveGenerator(opts, op);
  const out = allocate(dtype, sizeOf(s), op);
  for (let i = 0; i < out.length; i++) out[i] = draw(g);
  return new NDArray(out, s);
}

/**
 * Uniform samples in [0, 1).
 *
 * @param shape - the shape
 * @param opts - seed or generator, and dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { rand } from "@tsgrad/ndarray";
 * rand([2, 3], { seed: 0 }).shape; // [2, 3]
 * ```
 * @category Random
 */
export function rand(shape: readonly number[], opts?: RandomOptions): NDArray {
  return fill("rand", shape, opts, (g) => g.random());
}

/**
 * Standard normal samples (Box–Muller).
 *
 * @param shape - the shape
 * @param opts - seed or generator, and dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { randn } from "@tsgrad/ndarray";
 * randn([1000], { seed: 1, dtype: "float64" }).shape; // [1000]
 * ```
 * @category Random
 */
export function randn(shape: readonly number[], opts?: RandomOptions): NDArray {
  return fill("randn", shape, opts, (g) => g.normal());
}

/**
 * Uniform integers in [low, high) (unbiased; int32 by default).
 *
 * @param low - smallest value
 * @param high - one past the largest value
 * @param shape - the shape
 * @param opts - seed or generator, and dtype
 * @returns a new tensor
 * @example
 * ```ts
 * import { randint } from "@tsgrad/ndarray";
 * randint(0, 10, [5], { seed: 3 }).dtype; // "int32"
 * ```
 * @category Random
 */
export function randint(low: number, high: number, shape: readonly number[], opts?: RandomOptions): NDArray {
  opts = checkOptions("randint", opts, RANDOM_KEYS);
  checkInteger("randint", "arguments", "low", low);
  checkInteger("randint", "arguments", "high", high);
  if (!(low < high) || high - low > 4294967296) {
    throw new ValueError("randint", `need low < high with high - low ≤ 2^32, got low=${low}, high=${high} (even for an empty shape)`, { low, high });
  }
  if ((opts.dtype ?? "int32") === "int32" && (low < -2147483648 || high - 1 > 2147483647)) {
    throw new ValueError("randint", `values in [${low}, ${high}) do not fit int32 ([-2^31, 2^31 - 1]); pass dtype "float64"`, { low, high });
  }
  return fill("randint", shape, { ...opts, dtype: opts.dtype ?? "int32" }, (g) => g.integer(low, high));
}

/**
 * A random permutation of `0 … n-1` (Fisher–Yates; int32).
 *
 * @param n - number of elements
 * @param opts - seed or generator
 * @returns a new int32 tensor of shape `[n]`
 * @example
 * ```ts
 * import { permutation } from "@tsgrad/ndarray";
 * permutation(5, { seed: 7 }).toArray(); // the numbers 0..4 in a seeded order
 * ```
 * @category Random
 */
export function permutation(n: number, opts?: RandomOptions): NDArray {
  opts = checkOptions("permutation", opts, RANDOM_KEYS);
  checkInteger("permutation", "arguments", "n", n, 0);
  const g = resolveGenerator(opts, "permutation");
  const out = allocate("int32", n, "permutation");
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  const t = new NDArray(out, [n]);
  return opts.dtype && opts.dtype !== "int32" ? t.astype(opts.dtype) : t;
}

/** Refuses a seed that is not an integer in [0, 2³² − 1] (the generator's 32-bit seed space): 1.5 would alias 1, and 2³² + 5 alias 5. */
function checkSeed(op: string, seed: unknown): void {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
    throw new ValueError(op, `invalid seed ${showValue(seed)}: expected an integer in [0, 2^32 - 1] (other numbers would alias one of these)`, {
      seed,
    });
  }
}
