import type { Outputs } from "./libraries/library.js";

/** How two libraries' outputs of one workload compare. */
export interface OutputComparison {
  /** Every output present in both, same length, finite, and within tolerance. */
  ok: boolean;
  /** The output with the largest relative difference. */
  worstKey: string | null;
  /** Largest `|a − b|` over all outputs. */
  maxAbsDiff: number;
  /** Largest `max|a − b| / max|ref|` over the outputs (each output scaled by its own size). */
  maxRelDiff: number;
  /** Outputs missing or of another length on one side. */
  mismatched: string[];
}

/** Default tolerance of {@link compareOutputs}: float32 work in different orders of summation. */
export const DEFAULT_TOLERANCE = 2e-3;

/**
 * Compares `other` with the reference outputs: per output, the largest absolute
 * difference divided by the largest magnitude of the reference (so a gradient of size
 * 1e-3 is judged relative to itself); NaN anywhere fails.
 */
export function compareOutputs(ref: Outputs, other: Outputs, tolerance = DEFAULT_TOLERANCE): OutputComparison {
  const mismatched: string[] = [];
  let worstKey: string | null = null;
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  const keys = new Set([...Object.keys(ref), ...Object.keys(other)]);
  for (const key of keys) {
    const a = ref[key];
    const b = other[key];
    if (!a || !b || a.length !== b.length) {
      mismatched.push(key);
      continue;
    }
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i]! - b[i]!);
      // A NaN on either side makes the difference infinite (NaN compares false).
      if (Number.isNaN(d)) diff = Infinity;
      else if (d > diff) diff = d;
      scale = Math.max(scale, Math.abs(a[i]!));
    }
    const rel = diff / Math.max(scale, 1e-12);
    maxAbsDiff = Math.max(maxAbsDiff, diff);
    if (worstKey === null || rel > maxRelDiff) {
      maxRelDiff = rel;
      worstKey = key;
    }
  }
  return { ok: mismatched.length === 0 && maxRelDiff <= tolerance, worstKey, maxAbsDiff, maxRelDiff, mismatched };
}
