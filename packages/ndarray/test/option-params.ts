// Which public calls take an options object, read from their parameter lists, and the unknown
// keys people write: shared by the unknown-option tests of every package (no imports).

/**
 * The parameter names of a function, method or class constructor, read from its source (the
 * tests run on the TypeScript sources, whose parameter names survive transpiling); a class
 * without its own constructor has none.
 */
export function parameterNames(f: (...args: never[]) => unknown): string[] {
  const source = Function.prototype.toString.call(f);
  const start = /^class\b/.test(source) ? source.search(/\bconstructor\s*\(/) : 0;
  if (start < 0) return [];
  const open = source.indexOf("(", start);
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  const params: string[] = [];
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i]!;
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      if (depth === 0) current += c;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (c === "," && depth === 0) {
      params.push(current);
      current = "";
      continue;
    }
    if (depth === 0) current += c;
  }
  params.push(current);
  return params.map((p) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? "").filter((p) => p !== "");
}

/** Whether a function, method or constructor has a parameter named `opts` or `options`: an options object. */
export function takesOptions(f: (...args: never[]) => unknown): boolean {
  return parameterNames(f).some((p) => p === "opts" || p === "options");
}

/**
 * Every public callable of a namespace that takes an options object, by the ids of
 * {@link OptionsCall}: functions (`prefix` + name), constructors, static methods
 * (`Class.method`) and methods on the prototype where they are defined (`Class#method`).
 */
export function optionsCallables(namespace: Record<string, unknown>, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(namespace)) {
    if (typeof value !== "function") continue;
    const f = value as (...args: never[]) => unknown;
    if (!/^class\b/.test(Function.prototype.toString.call(f))) {
      if (takesOptions(f)) out.push(`${prefix}${key}`);
      continue;
    }
    if (takesOptions(f)) out.push(`${prefix}${key}`);
    for (const [where, owner] of [[".", f], ["#", f.prototype as object]] as const) {
      for (const name of Object.getOwnPropertyNames(owner)) {
        const d = Object.getOwnPropertyDescriptor(owner, name)!;
        if (name === "constructor" || typeof d.value !== "function") continue;
        if (!/^class\b/.test(Function.prototype.toString.call(d.value)) && takesOptions(d.value as (...args: never[]) => unknown)) out.push(`${prefix}${key}${where}${name}`);
      }
    }
  }
  return out.sort();
}

/** Unknown option names people write: PyTorch's snake_case keywords, near misses, Object's own names. */
export const UNKNOWN_SPELLINGS = [
  "weight_decay",
  "track_running_stats",
  "batch_size",
  "requires_grad",
  "padding_idx",
  "batch_first",
  "num_layers",
  "drop_last",
  "ceil_mode",
  "return_indices",
  "label_smoothing",
  "ignore_index",
  "pos_weight",
  "error_if_nonfinite",
  "input_names",
  "dynamic_axes",
  "keepdim",
  "inplace",
  "device",
  "bias_",
  "Bias",
  "seeds",
  "dtypes",
  "notAnOption",
  "constructor",
  "toString",
  "hasOwnProperty",
  "__proto__",
  "",
];

/** `base` with one more own key (set as a property, so a key "__proto__" is a key, not the prototype). */
export function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}
