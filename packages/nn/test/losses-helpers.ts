// Helpers shared by the loss tests: float64 tensors from flat lists and deterministic inputs.
import { type Tensor, tensor } from "@tsgrad/autograd";
import { ndarray } from "@tsgrad/ndarray";

/** A float64 Tensor of `shape` from a flat list of numbers. */
export function f64(values: readonly number[], shape: readonly number[]): Tensor {
  return tensor(ndarray(Float64Array.from(values), { shape: shape.slice() }));
}

/** Deterministic pseudo-random numbers in [lo, hi) (a small LCG), for test inputs. */
export function numbers(count: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}
