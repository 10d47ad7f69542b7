import * as tg from "tsgrad";

/** Shape of a playground classifier. */
export interface ClassifierOptions {
  /** Number of hidden layers, 1 to 8. */
  depth: number;
  /** Units in each hidden layer (default 16). */
  width?: number;
  /** Put a BatchNorm1d between each hidden Linear and its ReLU. */
  batchNorm: boolean;
  /** Seed of the Linear layers' initial weights (default 0). */
  seed?: number;
}

/** A classifier and the BatchNorm layers inside it (none for the plain one). */
export interface Classifier {
  readonly model: tg.nn.Sequential;
  readonly batchNorms: readonly tg.nn.BatchNorm1d[];
}

/** Hidden-layer count limits of the page's depth control. */
export const MIN_DEPTH = 1;
export const MAX_DEPTH = 8;

/**
 * Builds a 2 → width → … → width → 2 ReLU network. With `batchNorm`, every hidden
 * Linear is followed by a BatchNorm1d and has no bias (beta takes its place), as in
 * the BatchNorm paper. Both variants draw their Linear weights from the same seeds,
 * so the two networks of one run start from the same weights.
 *
 * @param opts - depth, width, batchNorm and seed
 * @returns the network and its BatchNorm layers
 * @throws ValueError when depth or width is out of range
 */
export function buildClassifier(opts: ClassifierOptions): Classifier {
  const width = opts.width ?? 16;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(opts.depth) || opts.depth < MIN_DEPTH || opts.depth > MAX_DEPTH) {
    throw new tg.ValueError("buildClassifier", `depth must be an integer in [${MIN_DEPTH}, ${MAX_DEPTH}], got ${opts.depth}`, { depth: opts.depth });
  }
  if (!Number.isInteger(width) || width < 1) throw new tg.ValueError("buildClassifier", `width must be a positive integer, got ${width}`, { width });
  const layers: tg.nn.Module[] = [];
  const batchNorms: tg.nn.BatchNorm1d[] = [];
  let inFeatures = 2;
  for (let i = 0; i < opts.depth; i++) {
    layers.push(new tg.nn.Linear(inFeatures, width, { seed: seed + i, bias: !opts.batchNorm }));
    if (opts.batchNorm) {
      const bn = new tg.nn.BatchNorm1d(width);
      batchNorms.push(bn);
      layers.push(bn);
    }
    layers.push(new tg.nn.ReLU());
    inFeatures = width;
  }
  layers.push(new tg.nn.Linear(inFeatures, 2, { seed: seed + opts.depth }));
  return { model: new tg.nn.Sequential(...layers), batchNorms };
}
