// State dicts of modules: their types, and turning a module's state entries into a state dict and
// loading one back (all keys, shapes and dtypes checked before anything changes), apart from Module.
import { Tensor } from "@tsgrad/autograd";
import { NDArray, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkOptions, describe } from "./checks.js";
import { StateDictError, type StateDictMismatch } from "./errors.js";

/**
 * A module's state: dotted names (`"layers.0.weight"`) mapped to Tensors — every
 * parameter and every persistent buffer, detached (`requiresGrad` false).
 * @example
 * ```ts
 * import { type StateDict, Linear } from "@tsgrad/nn";
 * const state: StateDict = new Linear(3, 2, { seed: 0 }).stateDict();
 * Object.keys(state);             // ["weight", "bias"]
 * state["weight"]!.shape;         // [2, 3]
 * state["weight"]!.requiresGrad;  // false
 * ```
 * @category Modules
 */
export type StateDict = Record<string, Tensor>;

/**
 * Options of {@link Module.loadStateDict}.
 * @example
 * ```ts
 * import { type LoadStateDictOptions, Linear } from "@tsgrad/nn";
 * const lenient: LoadStateDictOptions = { strict: false };
 * const layer = new Linear(3, 2);
 * const { missingKeys } = layer.loadStateDict({ weight: new Linear(3, 2, { seed: 0 }).weight }, lenient);
 * missingKeys; // ["bias"]
 * ```
 * @category Modules
 */
export interface LoadStateDictOptions {
  /**
   * Require the keys to match exactly (default true). With `false`, missing and
   * unexpected keys are returned instead of thrown; shape and dtype mismatches are
   * errors either way.
   */
  strict?: boolean;
}

/** The option names of {@link LoadStateDictOptions}. */
const KEYS: OptionKeys<LoadStateDictOptions> = { strict: true };

/**
 * What {@link Module.loadStateDict} reports (PyTorch's `_IncompatibleKeys`).
 * @example
 * ```ts
 * import { type LoadStateDictResult, Linear } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const layer = new Linear(3, 2, { bias: false });
 * const result: LoadStateDictResult = layer.loadStateDict({ weight: zeros([2, 3]), extra: zeros([1]) }, { strict: false });
 * result.unexpectedKeys; // ["extra"]
 * result.missingKeys;    // []
 * ```
 * @category Modules
 */
export interface LoadStateDictResult {
  /** Keys the module has that the state dict lacked (their values were kept). */
  missingKeys: string[];
  /** Keys of the state dict the module does not have (ignored). */
  unexpectedKeys: string[];
}

/** One Tensor of a module's state (a parameter or a persistent buffer) under its dotted key; loading replaces its `data`. @internal */
export interface StateEntry {
  key: string;
  tensor: Tensor;
}

/** A contiguous copy, so loaded state never aliases the caller's storage. */
const copyData = (t: NDArray): NDArray => new NDArray(t.toTypedArray(), t.shape);

/** The state dict of a module's state entries: each Tensor detached, under its key. @internal */
export function stateDictOf(entries: readonly StateEntry[]): StateDict {
  const out: StateDict = {};
  for (const e of entries) out[e.key] = e.tensor.detach();
  return out;
}

/**
 * Loads `stateDict` into a module's state entries (what {@link Module.loadStateDict} does):
 * the arguments are checked, then every key, shape and dtype; all problems are thrown
 * together in one StateDictError naming `moduleName`, and only when there is none are
 * copies of the values assigned. `entries` is called once the arguments are checked.
 * @internal
 */
export function loadStateEntries(
  moduleName: string,
  entries: () => readonly StateEntry[],
  stateDict: Readonly<Record<string, Tensor | NDArray>>,
  opts: LoadStateDictOptions,
): LoadStateDictResult {
  const strict = booleanOption("loadStateDict", "options", "strict", checkOptions("loadStateDict", opts, KEYS).strict, true);
  if (typeof stateDict !== "object" || stateDict === null || Array.isArray(stateDict) || stateDict instanceof NDArray || stateDict instanceof Tensor) {
    throw new ValueError("loadStateDict", `expected an object mapping names to Tensors, got ${describe(stateDict)}`, {});
  }
  const own = entries();
  const expectedKeys = new Set(own.map((e) => e.key));
  const missingKeys: string[] = [];
  const shapeMismatches: StateDictMismatch<readonly number[]>[] = [];
  const dtypeMismatches: StateDictMismatch<string>[] = [];
  const invalidValues: { key: string; got: string }[] = [];
  const plan: [StateEntry, NDArray][] = [];
  for (const e of own) {
    if (!Object.prototype.hasOwnProperty.call(stateDict, e.key)) {
      missingKeys.push(e.key);
      continue;
    }
    const raw: unknown = stateDict[e.key];
    const t = raw instanceof Tensor ? raw.data : raw;
    if (!(t instanceof NDArray)) {
      invalidValues.push({ key: e.key, got: describe(raw) });
      continue;
    }
    let ok = true;
    if (t.shape.length !== e.tensor.shape.length || t.shape.some((d, i) => d !== e.tensor.shape[i])) {
      shapeMismatches.push({ key: e.key, expected: e.tensor.shape, got: t.shape });
      ok = false;
    }
    if (t.dtype !== e.tensor.dtype) {
      dtypeMismatches.push({ key: e.key, expected: e.tensor.dtype, got: t.dtype });
      ok = false;
    }
    if (ok) plan.push([e, t]);
  }
  const unexpectedKeys = Object.keys(stateDict).filter((k) => !expectedKeys.has(k));
  const keyProblems = strict && (missingKeys.length > 0 || unexpectedKeys.length > 0);
  if (keyProblems || shapeMismatches.length > 0 || dtypeMismatches.length > 0 || invalidValues.length > 0) {
    throw new StateDictError(moduleName, {
      missingKeys: strict ? missingKeys : [],
      unexpectedKeys: strict ? unexpectedKeys : [],
      shapeMismatches,
      dtypeMismatches,
      invalidValues,
    });
  }
  const copies = plan.map(([e, t]) => [e, copyData(t)] as const);
  for (const [e, t] of copies) e.tensor.data = t;
  return { missingKeys, unexpectedKeys };
}
