// Grad mode and anomaly mode: two scoped flags, set for the extent of a synchronous call.
import { ValueError } from "@tsgrad/ndarray";
import { checkBoolean, describeValue } from "@tsgrad/ndarray/internal";

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

function checkSyncFn(op: string, fn: unknown): void {
  if (typeof fn !== "function") throw new ValueError(op, `expected a function, got ${describeValue(fn)}`, {});
  if (fn.constructor?.name === "AsyncFunction") throw asyncError(op);
}

function asyncError(op: string): ValueError {
  const advice =
    op === "detectAnomaly"
      ? "run the forward and backward you want checked synchronously inside detectAnomaly"
      : `call setGradEnabled(${op === "noGrad" ? "false" : "true"}) before and restore the previous mode in finally around the awaits`;
  return new ValueError(op, `the function returned a promise: the mode would end at its first await while the promise runs on; ${advice}`, {});
}

function isPromiseLike(value: unknown): boolean {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

/** Runs a synchronous `fn` in a mode, restoring the previous mode in `finally`; refuses async functions. */
function withMode<T>(op: string, get: () => boolean, set: (on: boolean) => void, enabled: boolean, fn: () => T): T {
  checkSyncFn(op, fn);
  const previous = get();
  set(enabled);
  let result: T;
  try {
    result = fn();
  } finally {
    set(previous);
  }
  if (isPromiseLike(result)) throw asyncError(op);
  return result;
}

function withGradMode<T>(op: string, enabled: boolean, fn: () => T): T {
  return withMode(op, isGradEnabled, (on) => (gradEnabled = on), enabled, fn);
}

/**
 * Turns graph recording on or off until it is set again, and returns the previous mode —
 * PyTorch's `torch.set_grad_enabled`. Unlike {@link noGrad}, it works across `await`:
 * restore the previous mode in `finally`.
 *
 * @param enabled - whether ops record the graph
 * @returns the mode before the call
 * @example
 * ```ts
 * import { tensor, setGradEnabled } from "@tsgrad/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * async function evaluate(): Promise<number> {
 *   const previous = setGradEnabled(false);
 *   try {
 *     await Promise.resolve();          // an await does not end the mode
 *     return w.mul(2).sum().item();     // not recorded
 *   } finally {
 *     setGradEnabled(previous);
 *   }
 * }
 * await evaluate(); // 6
 * ```
 * @category Grad mode
 */
export function setGradEnabled(enabled: boolean): boolean {
  checkBoolean("setGradEnabled", "arguments", "enabled", enabled);
  const previous = gradEnabled;
  gradEnabled = enabled;
  return previous;
}

/**
 * Runs `fn` without recording the graph: results do not require grad and hold no
 * references to their inputs. The previous mode is restored afterwards, even when
 * `fn` throws. `fn` must be synchronous: an async function (or one returning a promise) is
 * refused, since the mode would end at its first `await`; use {@link setGradEnabled} there.
 *
 * @param fn - the computation
 * @returns what `fn` returns
 * @example
 * ```ts
 * import { tensor, noGrad, mul } from "@tsgrad/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => mul(w, 2));
 * y.requiresGrad; // false
 * ```
 * @category Grad mode
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode("noGrad", false, fn);
}

/**
 * Runs `fn` with graph recording on, even inside {@link noGrad}; the previous mode is
 * restored afterwards.
 *
 * @param fn - the computation
 * @returns what `fn` returns
 * @example
 * ```ts
 * import { tensor, noGrad, enableGrad, mul } from "@tsgrad/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => enableGrad(() => mul(w, 2)));
 * y.requiresGrad; // true
 * ```
 * @category Grad mode
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode("enableGrad", true, fn);
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
 * import { tensor, detectAnomaly, log } from "@tsgrad/autograd";
 * const x = tensor([-1], { requiresGrad: true });
 * try { detectAnomaly(() => log(x).sum().backward()); } catch (e) { console.log(String(e)); } // names "log"
 * ```
 * @category Grad mode
 */
export function detectAnomaly<T>(fn: () => T): T {
  return withMode("detectAnomaly", isAnomalyEnabled, (on) => (anomalyEnabled = on), true, fn);
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
