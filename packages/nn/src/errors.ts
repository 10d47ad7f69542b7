// The errors of nn's serialisation (state dicts, safetensors files), apart from the code that
// throws them so callers can catch them by class without importing the loaders.
import { TsgradError } from "@tsgrad/ndarray";
import { fmtShape } from "./checks.js";

/**
 * One entry of a {@link StateDictError} whose value does not fit the module: the
 * key, what the module holds, and what the state dict has.
 * @example
 * ```ts
 * import { type StateDictMismatch, Linear, StateDictError } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * try {
 *   new Linear(3, 2).loadStateDict({ weight: zeros([4, 3]), bias: zeros([2]) });
 * } catch (e) {
 *   const [m]: readonly StateDictMismatch<readonly number[]>[] = (e as StateDictError).shapeMismatches;
 *   [m!.key, m!.expected, m!.got]; // ["weight", [2, 3], [4, 3]]
 * }
 * ```
 * @category Errors
 */
export interface StateDictMismatch<T> {
  /** The dotted name, e.g. `"0.weight"`. */
  key: string;
  /** What the module's Tensor has. */
  expected: T;
  /** What the state dict's Tensor has. */
  got: T;
}

/**
 * Everything wrong with a state dict given to {@link Module.loadStateDict}, found
 * in one pass and reported together; the module is left untouched when it is thrown.
 *
 * @example
 * ```ts
 * import { Linear, StateDictError } from "@tsgrad/nn";
 * try {
 *   new Linear(2, 3).loadStateDict({});
 * } catch (e) {
 *   if (e instanceof StateDictError) console.log(e.missingKeys); // ["weight", "bias"]
 * }
 * ```
 * @category Errors
 */
export class StateDictError extends TsgradError {
  /** Keys the module expects that the state dict lacks (reported only when `strict`). */
  readonly missingKeys: readonly string[];
  /** Keys of the state dict that the module does not have (reported only when `strict`). */
  readonly unexpectedKeys: readonly string[];
  /** Keys whose Tensors have another shape than the module's. */
  readonly shapeMismatches: readonly StateDictMismatch<readonly number[]>[];
  /** Keys whose Tensors have another dtype than the module's. */
  readonly dtypeMismatches: readonly StateDictMismatch<string>[];
  /** Keys whose values are not Tensors, with a description of what they are. */
  readonly invalidValues: readonly {
    /** The state-dict key. */
    key: string;
    /** What its value is instead of a Tensor. */
    got: string;
  }[];

  /**
   * @param moduleName - class name of the module being loaded, for the message
   * @param problems - the problems found (at least one)
   */
  constructor(
    moduleName: string,
    problems: {
      missingKeys: readonly string[];
      unexpectedKeys: readonly string[];
      shapeMismatches: readonly StateDictMismatch<readonly number[]>[];
      dtypeMismatches: readonly StateDictMismatch<string>[];
      invalidValues: readonly { key: string; got: string }[];
    },
  ) {
    const quote = (keys: readonly string[]): string => keys.map((k) => JSON.stringify(k)).join(", ");
    const lines: string[] = [];
    if (problems.missingKeys.length > 0) lines.push(`missing keys: ${quote(problems.missingKeys)}`);
    if (problems.unexpectedKeys.length > 0) lines.push(`unexpected keys: ${quote(problems.unexpectedKeys)}`);
    for (const m of problems.shapeMismatches) {
      lines.push(`shape mismatch for ${JSON.stringify(m.key)}: the state dict has ${fmtShape(m.got)}, the module has ${fmtShape(m.expected)}`);
    }
    for (const m of problems.dtypeMismatches) {
      lines.push(`dtype mismatch for ${JSON.stringify(m.key)}: the state dict has ${m.got}, the module has ${m.expected}`);
    }
    for (const v of problems.invalidValues) lines.push(`value of ${JSON.stringify(v.key)} is not a Tensor (got ${v.got})`);
    super("loadStateDict", `error(s) in loading the state dict for ${moduleName}; nothing was loaded:\n  ${lines.join("\n  ")}`, { ...problems });
    this.name = "StateDictError";
    this.missingKeys = problems.missingKeys;
    this.unexpectedKeys = problems.unexpectedKeys;
    this.shapeMismatches = problems.shapeMismatches;
    this.dtypeMismatches = problems.dtypeMismatches;
    this.invalidValues = problems.invalidValues;
  }
}

/**
 * A safetensors file that cannot be read (or a state dict that cannot be written):
 * the message says which rule of the format it breaks and where.
 *
 * @example
 * ```ts
 * import { loadSafetensors, SafetensorsError } from "@tsgrad/nn";
 * try {
 *   loadSafetensors(new Uint8Array(3));
 * } catch (e) {
 *   console.log(e instanceof SafetensorsError); // true
 * }
 * ```
 * @category Errors
 */
export class SafetensorsError extends TsgradError {
  /**
   * @param op - the function called: `"loadSafetensors"`, `"loadSafetensorsWithMetadata"`, `"saveSafetensors"` or a file helper of `@tsgrad/nn/node`
   * @param message - what is wrong
   * @param details - the values involved
   */
  constructor(op: string, message: string, details: Record<string, unknown> = {}) {
    super(op, message, details);
    this.name = "SafetensorsError";
  }
}
