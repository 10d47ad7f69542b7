import * as tg from "tsgrad";

/** The 2-D toy problems the playground offers. */
export type DatasetKind = "moons" | "spiral" | "circles";

/** Every dataset kind, in the order the page lists them. */
export const DATASET_KINDS: readonly DatasetKind[] = ["moons", "spiral", "circles"];

/** A labelled 2-D point cloud with two classes. */
export interface Dataset {
  readonly kind: DatasetKind;
  /** Number of points. */
  readonly n: number;
  /** Coordinates, row-major `(n, 2)`: `x[2i]`, `x[2i + 1]`. */
  readonly x: Float32Array;
  /** Class of each point, 0 or 1. */
  readonly y: Int32Array;
}

/** Options of {@link makeDataset}. */
export interface DatasetOptions {
  /** Number of points, split evenly between the two classes (default 300). */
  n?: number;
  /**
   * Standard deviation of the Gaussian noise added to each coordinate, in the units of the
   * unscaled curves (default {@link DEFAULT_NOISE} of the kind).
   */
  noise?: number;
  /** Seed of the generator, so a dataset can be made again: an integer in [0, 2³² − 1] (default 0). */
  seed?: number;
}

/**
 * Noise of each kind unless asked otherwise: the spiral's arms pass within about 0.26 of
 * each other, so it gets less than the moons and circles, whose classes are 0.5 apart.
 */
export const DEFAULT_NOISE: Readonly<Record<DatasetKind, number>> = { moons: 0.1, spiral: 0.05, circles: 0.1 };

/** Half the side of the square the page draws (the datasets fill [-1.2, 1.2]² of it). */
export const VIEW_EXTENT = 1.6;

function checkOptions(kind: DatasetKind, opts: DatasetOptions): { n: number; noise: number; seed: number } {
  const n = opts.n ?? 300;
  const noise = opts.noise ?? DEFAULT_NOISE[kind];
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(n) || n < 2) throw new tg.ValueError("makeDataset", `n must be an integer ≥ 2, got ${n}`, { kind, n });
  if (!(noise >= 0 && noise <= 1)) throw new tg.ValueError("makeDataset", `noise must be in [0, 1], got ${noise}`, { kind, noise });
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
    throw new tg.ValueError("makeDataset", `seed must be an integer in [0, 2^32 - 1], got ${seed}`, { kind, seed });
  }
  return { n, noise, seed };
}

/**
 * A point on class `label`'s curve, at position `t` in [0, 1) along it, before noise and
 * scaling. Each kind keeps its classical shape (scikit-learn's moons and circles, the
 * two-armed spiral of the TensorFlow playground).
 */
function curvePoint(kind: DatasetKind, label: number, t: number): [number, number] {
  switch (kind) {
    case "moons": {
      const a = Math.PI * t;
      return label === 0 ? [Math.cos(a) - 0.5, Math.sin(a) - 0.25] : [0.5 - Math.cos(a), 0.25 - Math.sin(a)];
    }
    case "circles": {
      const a = 2 * Math.PI * t;
      const r = label === 0 ? 1 : 0.5;
      return [r * Math.cos(a), r * Math.sin(a)];
    }
    case "spiral": {
      // 1.75 turns per arm, the radius growing from near the centre; the arms are half a turn apart.
      const r = 0.1 + 0.9 * t;
      const a = 3.5 * Math.PI * t + label * Math.PI;
      return [r * Math.cos(a), r * Math.sin(a)];
    }
  }
}

/** Largest |coordinate| of each kind's noiseless curves, so scaling does not depend on the noise draw. */
const CURVE_EXTENT: Record<DatasetKind, number> = { moons: 1.5, circles: 1, spiral: 1 };

/**
 * Makes a seeded two-class 2-D dataset: `"moons"` (two interleaving half circles),
 * `"spiral"` (two interleaved spiral arms) or `"circles"` (a ring around a disc).
 * The points are scaled so the noiseless curves fill `[-1.2, 1.2]²` and classes alternate
 * (0, 1, 0, 1, …), so any prefix is balanced.
 *
 * @param kind - which problem
 * @param opts - number of points, noise and seed
 * @returns the points and their labels
 * @throws ValueError for an unknown kind, `n < 2`, or noise outside [0, 1]
 */
export function makeDataset(kind: DatasetKind, opts: DatasetOptions = {}): Dataset {
  if (!DATASET_KINDS.includes(kind)) {
    throw new tg.ValueError("makeDataset", `unknown dataset ${JSON.stringify(kind)}; expected one of ${DATASET_KINDS.join(", ")}`, { kind });
  }
  const { n, noise, seed } = checkOptions(kind, opts);
  const gen = new tg.Generator(seed);
  const scale = 1.2 / CURVE_EXTENT[kind];
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const [px, py] = curvePoint(kind, label, gen.random());
    x[2 * i] = (px + noise * gen.normal()) * scale;
    x[2 * i + 1] = (py + noise * gen.normal()) * scale;
    y[i] = label;
  }
  return { kind, n, x, y };
}
