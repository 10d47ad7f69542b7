/** Summary of a set of timings (milliseconds or seconds; the unit of the samples). */
export interface Summary {
  /** Number of samples. */
  n: number;
  median: number;
  min: number;
  max: number;
  /** First quartile (linear interpolation between order statistics, NumPy's default). */
  q1: number;
  /** Third quartile. */
  q3: number;
  /** Interquartile range `q3 − q1`. */
  iqr: number;
  mean: number;
}

/**
 * The `p`-quantile (0 ≤ p ≤ 1) of `samples`, interpolating linearly between the order
 * statistics at positions `p·(n − 1)` (NumPy's `linear` method, R's type 7).
 */
export function quantile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError("quantile of no samples");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The median of `samples` (mean of the two middle values for an even count). */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Median, extremes, quartiles and mean of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError("summarize: no samples");
  const q1 = quantile(samples, 0.25);
  const q3 = quantile(samples, 0.75);
  return {
    n: samples.length,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    q1,
    q3,
    iqr: q3 - q1,
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}
