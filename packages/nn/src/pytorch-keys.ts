// Mapping state-dict keys between tsgrad and PyTorch names (running stats, layer naming); apart
// from state-dict.ts, as an optional step when exchanging files with PyTorch.
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { describe, isRecord } from "./checks.js";
import type { Module } from "./module.js";

/** `runningMean` → `running_mean`. */
function snake(segment: string): string {
  return segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `running_mean` → `runningMean`. */
function camel(segment: string): string {
  return segment.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function renameKeys<T>(op: string, sd: Readonly<Record<string, T>>, rename: (segment: string) => string, known?: ReadonlyMap<string, string>): Record<string, T> {
  if (!isRecord(sd)) throw new ValueError(op, `expected a state dict (an object of named values), got ${describe(sd)}`, {});
  const out: Record<string, T> = {};
  const from = new Map<string, string>();
  for (const [key, value] of Object.entries(sd)) {
    const renamed = known?.get(key) ?? key.split(".").map(rename).join(".");
    const clash = from.get(renamed);
    if (clash !== undefined) {
      throw new TsgradError(op, `keys "${clash}" and "${key}" both become "${renamed}"`, { keys: [clash, key] });
    }
    from.set(renamed, key);
    // defineProperty, not assignment: a key "__proto__" stays a key and leaves the prototype alone.
    Object.defineProperty(out, renamed, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Renames a tsgrad state dict's keys to PyTorch's snake_case (`layers.0.runningMean` →
 * `layers.0.running_mean`, `numBatchesTracked` → `num_batches_tracked`), so that a
 * file saved with {@link saveSafetensors} loads into the same architecture in PyTorch
 * with `model.load_state_dict(safetensors.torch.load_file(path))`.
 *
 * @param stateDict - a state dict with tsgrad (camelCase) names
 * @returns a new object with the same values under snake_case names
 * @throws TsgradError when two keys would get the same name
 * @example
 * ```ts
 * import { BatchNorm1d, toPyTorchKeys } from "@tsgrad/nn";
 * Object.keys(toPyTorchKeys(new BatchNorm1d(3).stateDict()));
 * // ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
 * ```
 * @category State dicts
 */
export function toPyTorchKeys<T>(stateDict: Readonly<Record<string, T>>): Record<string, T> {
  return renameKeys("toPyTorchKeys", stateDict, snake);
}

/**
 * Renames a PyTorch state dict's snake_case keys to tsgrad's camelCase, the inverse of
 * {@link toPyTorchKeys}: load a PyTorch checkpoint with {@link loadSafetensors} and pass
 * the result through this before {@link Module.loadStateDict}.
 *
 * Names the user chose may hold underscores on both sides (a {@link ModuleDict} key
 * `"conv_in"`, a child registered as `"down_1"`): give the target `module` and every key
 * that names one of its state-dict entries in PyTorch's form maps to that entry exactly;
 * the other keys are converted segment by segment.
 *
 * @param stateDict - a state dict with PyTorch (snake_case) names
 * @param module - optional: the module the result is for, whose own names take precedence
 * @returns a new object with the same values under camelCase names
 * @throws TsgradError when two keys would get the same name
 * @example
 * ```ts
 * import { BatchNorm1d, ModuleDict, fromPyTorchKeys, toPyTorchKeys } from "@tsgrad/nn";
 * const bn = new BatchNorm1d(3);
 * bn.loadStateDict(fromPyTorchKeys(toPyTorchKeys(bn.stateDict())));
 * // A ModuleDict key with an underscore survives the round trip when the module is given:
 * const heads = new ModuleDict({ conv_in: new BatchNorm1d(3) });
 * heads.loadStateDict(fromPyTorchKeys(toPyTorchKeys(heads.stateDict()), heads));
 * ```
 * @category State dicts
 */
export function fromPyTorchKeys<T>(stateDict: Readonly<Record<string, T>>, module?: Module): Record<string, T> {
  if (!isRecord(stateDict)) throw new ValueError("fromPyTorchKeys", `expected a state dict (an object of named values), got ${describe(stateDict)}`, {});
  let known: Map<string, string> | undefined;
  if (module !== undefined && (module === null || typeof (module as { stateDict?: unknown }).stateDict !== "function")) {
    throw new ValueError("fromPyTorchKeys", `expected module as a Module, got ${describe(module)}`, {});
  }
  if (module !== undefined) {
    known = new Map();
    for (const key of Object.keys(module.stateDict())) known.set(key.split(".").map(snake).join("."), key);
  }
  return renameKeys("fromPyTorchKeys", stateDict, camel, known);
}
