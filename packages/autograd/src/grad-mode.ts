let gradEnabled = true;
let anomalyEnabled = false;

/**
 * Whether operations currently record the graph (true unless inside {@link noGrad}).
 *
 * @returns the current grad mode
 * @example
 * ```ts
 * import { isGradEnabled, noGrad } from "@tsgrad/autograd";
 * isGradEnabled();                     // true
 * noGrad(() => isGradEnabled());       // false
 * ```
 * @category Grad mode
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording the graph: results do not require grad and hold no
 * references to their inputs. The previous mode is restored afterwards, even when
 * `fn` throws. `fn` must be synchronous.
 *
 * @param fn - the computation
 * @returns what `fn` returns
 * @example
 * ```ts
 * import { variable, noGrad, mul } from "@tsgrad/autograd";
 * const w = variable([1, 2], { requiresGrad: true });
 * const y = noGrad(() => mul(w, 2));
 * y.requiresGrad; // false
 * ```
 * @category Grad mode
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with graph recording on, even inside {@link noGrad}; the previous mode is
 * restored afterwards.
 *
 * @param fn - the computation
 * @returns what `fn` returns
 * @example
 * ```ts
 * import { variable, noGrad, enableGrad, mul } from "@tsgrad/autograd";
 * const w = variable([1, 2], { requiresGrad: true });
 * const y = noGrad(() => enableGrad(() => mul(w, 2)));
 * y.requiresGrad; // true
 * ```
 * @category Grad mode
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/**
 * Runs `fn` in anomaly-detection mode: every op records where it was created, a
 * forward op that turns finite inputs into NaN or ±Infinity throws, and so does a
 * backward step that produces a non-finite gradient; the error names the op and
 * the place it was created. Slower; for debugging.
 *
 * @param fn - the computation (forward and backward)
 * @returns what `fn` returns
 * @example
 * ```ts
 * import { variable, detectAnomaly, log } from "@tsgrad/autograd";
 * const x = variable([-1], { requiresGrad: true });
 * try { detectAnomaly(() => log(x).sum().backward()); } catch (e) { console.log(String(e)); } // names "log"
 * ```
 * @category Grad mode
 */
export function detectAnomaly<T>(fn: () => T): T {
  const previous = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = previous;
  }
}

/**
 * Whether anomaly detection is on (inside {@link detectAnomaly}).
 *
 * @returns the current anomaly mode
 * @example
 * ```ts
 * import { isAnomalyEnabled } from "@tsgrad/autograd";
 * isAnomalyEnabled(); // false
 * ```
 * @category Grad mode
 */
export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}
