// Optimizer state dicts in PyTorch's layout: their types, packing an optimizer's groups and state
// into one, and loading one back (validated in full before anything changes), apart from Optimizer.
import { Tensor } from "@tsgrad/autograd";
import { NDArray, ShapeError, ValueError } from "@tsgrad/ndarray";
import { checkInteger, fmtShape, isRecord, showValue } from "../checks.js";
import type { BaseHyperParams, HyperValue, OptimizerLayout, ParamGroup, ParamState } from "./optimizer.js";

/**
 * A parameter group in a state dict: its hyper-parameters and the indices of its parameters.
 * @example
 * ```ts
 * import { type ParamGroupState, SGD } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const opt = new SGD([tensor([1], { requiresGrad: true }), tensor([2], { requiresGrad: true })], { lr: 0.1 });
 * const [group]: ParamGroupState[] = opt.stateDict().paramGroups;
 * [group!.params, group!["lr"]]; // [[0, 1], 0.1]
 * ```
 * @category Optimizers
 */
export interface ParamGroupState {
  /** Indices of the group's parameters, numbered across all groups in order. */
  params: number[];
  /** The group's hyper-parameters by name. */
  [hyper: string]: HyperValue | number[] | undefined;
}

/**
 * An optimizer's state in PyTorch's layout: per-parameter state keyed by the parameter's
 * index (counted across the groups in order) and the groups with those indices.
 * @example
 * ```ts
 * import { type OptimizerStateDict, Adam } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1 });
 * w.sum().backward();
 * opt.step();
 * const saved: OptimizerStateDict = opt.stateDict();
 * Object.keys(saved.state["0"]!); // ["step", "expAvg", "expAvgSq"]: a count and two Tensors
 * const resumed = new Adam([w], { lr: 0.1 });
 * resumed.loadStateDict(saved);   // continues where `opt` stopped
 * ```
 * @category Optimizers
 */
export interface OptimizerStateDict {
  /** State per parameter index (only parameters that have state). */
  state: Record<string, ParamState>;
  /** The parameter groups: hyper-parameters and parameter indices. */
  paramGroups: ParamGroupState[];
}

/**
 * The optimizer's own checks that loading applies to each saved group: that its
 * hyper-parameter names are known, and that the merged values are valid.
 * @internal
 */
export interface GroupChecks<H> {
  /** Throws for a name that is not a hyper-parameter of the optimizer. */
  checkKeys(keys: readonly string[], where: string): void;
  /** Throws for an invalid hyper-parameter value. */
  checkHyper(group: H, where: string): void;
}

/**
 * An optimizer's groups and state as a state dict (what {@link Optimizer.stateDict} returns):
 * parameters numbered across the groups in order, the state's Tensors shared, the records fresh.
 * @internal
 */
export function packOptimizerState<H extends BaseHyperParams>(paramGroups: readonly ParamGroup<H>[], state: ReadonlyMap<Tensor, ParamState>): OptimizerStateDict {
  const out: Record<string, ParamState> = {};
  let index = 0;
  const groups = paramGroups.map((group) => {
    const saved: ParamGroupState = { params: [] };
    for (const [key, value] of Object.entries(group)) {
      if (key !== "params") saved[key] = Array.isArray(value) ? ([...(value as number[])] as [number, number]) : (value as HyperValue);
    }
    for (const p of group.params) {
      const s = state.get(p);
      if (s !== undefined) out[String(index)] = { ...s };
      saved.params.push(index++);
    }
    return saved;
  });
  return { state: out, paramGroups: groups };
}

/**
 * Loads a state dict into an optimizer's `paramGroups` and `state` (what
 * {@link Optimizer.loadStateDict} does). Every group and every parameter's state is
 * validated first, throwing a ValueError or ShapeError naming `op`; only then are the
 * groups' hyper-parameters replaced and the state swapped, so on an error nothing has changed.
 * @internal
 */
export function loadOptimizerState<H extends BaseHyperParams>(
  op: string,
  stateDict: OptimizerStateDict,
  paramGroups: ParamGroup<H>[],
  state: Map<Tensor, ParamState>,
  layout: OptimizerLayout,
  checks: GroupChecks<H>,
): void {
  if (!isRecord(stateDict) || !isRecord(stateDict.state) || !Array.isArray(stateDict.paramGroups)) {
    throw new ValueError(op, "expected { state: {...}, paramGroups: [...] }", {});
  }
  const saved = stateDict.paramGroups as unknown[];
  if (saved.length !== paramGroups.length) {
    throw new ValueError(op, `the state dict has ${saved.length} parameter groups but the optimizer has ${paramGroups.length}`, {});
  }
  const idToParam = new Map<number, Tensor>();
  const newHypers = saved.map((g, i) => {
    const where = `loaded parameter group ${i}`;
    const current = paramGroups[i]!;
    if (!isRecord(g) || !Array.isArray(g.params)) throw new ValueError(op, `${where} must be { params: [indices], ...hyper }`, {});
    const ids = g.params as unknown[];
    if (ids.length !== current.params.length) {
      throw new ValueError(op, `${where} has ${ids.length} parameters but the optimizer's group ${i} has ${current.params.length}`, {});
    }
    ids.forEach((id, j) => {
      checkInteger(op, where, `params[${j}]`, id, 0);
      if (idToParam.has(id as number)) throw new ValueError(op, `${where}: parameter index ${String(id)} appears twice`, {});
      idToParam.set(id as number, current.params[j]!);
    });
    checks.checkKeys(Object.keys(g), where);
    const { params: _ignored, ...hyper } = g;
    const { params: _current, ...currentHyper } = current;
    const merged = { ...currentHyper, ...hyper } as unknown as H & { initialLr?: number };
    const record = merged as unknown as Record<string, unknown>;
    // Copy pairs (betas) so the loaded group does not share arrays with the state dict.
    for (const [key, value] of Object.entries(record)) if (Array.isArray(value)) record[key] = [...(value as unknown[])];
    checks.checkHyper(merged, where);
    if (merged.initialLr !== undefined && !(typeof merged.initialLr === "number" && Number.isFinite(merged.initialLr) && merged.initialLr >= 0)) {
      throw new ValueError(op, `${where}: invalid initialLr ${showValue(merged.initialLr)}; expected a finite number ≥ 0`, {});
    }
    return merged;
  });
  const newState = new Map<Tensor, ParamState>();
  for (const [key, entry] of Object.entries(stateDict.state as Record<string, unknown>)) {
    // Only the canonical decimal form of an index ("0", "12"): Number("") is 0 and Number("0x1") is 1.
    const id = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
    if (Number.isNaN(id)) throw new ValueError(op, `state key ${JSON.stringify(key)} is not a parameter index (a decimal integer such as "0")`, { key });
    const p = idToParam.get(id);
    if (p === undefined) throw new ValueError(op, `state for parameter index ${key}, which no parameter group lists`, {});
    newState.set(p, checkParamState(op, `state[${key}]`, entry, p, layout));
  }
  paramGroups.forEach((group, i) => {
    const merged = newHypers[i]!;
    for (const key of Object.keys(group)) if (key !== "params" && !(key in merged)) delete (group as unknown as Record<string, unknown>)[key];
    Object.assign(group, merged);
  });
  state.clear();
  for (const [p, s] of newState) state.set(p, s);
}

/** One parameter's saved state, checked against the layout and the parameter: Tensors of its shape (cast to its dtype) and counters. */
function checkParamState(op: string, where: string, entry: unknown, p: Tensor, layout: OptimizerLayout): ParamState {
  const { stateTensors, stateCounters, requiredState } = layout;
  if (!isRecord(entry)) throw new ValueError(op, `${where} must be a record of Tensors and counters, got ${showValue(entry)}`, {});
  const out: ParamState = {};
  for (const [name, raw] of Object.entries(entry)) {
    if (stateTensors.includes(name)) {
      const value = raw instanceof Tensor ? raw.data : raw;
      if (!(value instanceof NDArray)) throw new ValueError(op, `${where}.${name} must be a Tensor, got ${showValue(raw)}`, {});
      if (value.ndim !== p.ndim || value.shape.some((d, k) => d !== p.shape[k])) {
        throw new ShapeError(op, `${where}.${name} has shape ${fmtShape(value.shape)} but its parameter has shape ${fmtShape(p.shape)}`, {
          state: value.shape,
          param: p.shape,
        });
      }
      out[name] = new Tensor(value.dtype === p.dtype ? value : value.astype(p.dtype));
    } else if (stateCounters.includes(name)) {
      out[name] = checkInteger(op, where, name, raw, 0);
    } else {
      throw new ValueError(op, `${where}: unknown state entry "${name}"; expected ${[...stateTensors, ...stateCounters].join(", ")}`, {});
    }
  }
  const missing = Object.keys(out).length === 0 ? [] : requiredState.filter((name) => !(name in out));
  if (missing.length > 0) throw new ValueError(op, `${where} lacks ${missing.join(", ")}`, {});
  return out;
}
