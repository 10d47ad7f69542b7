// The examples' command lines: typed option specs, the usage text made from them, and every value
// (and output path) checked before any work starts; a bad one is one line on stderr and exit code 2.
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** What every option spec has: its line in the usage text. */
interface OptionBase {
  /** What the option sets, for the usage text. */
  readonly help: string;
  /** The value's name in the usage text (default: N for integers, X for numbers, DIR, FILE or S). */
  readonly placeholder?: string;
  /** Shown as the default in the usage text instead of `default` (e.g. `"steps/30"`). */
  readonly defaultText?: string;
}

/** An integer option, in `[min, max]` (both optional). */
export interface IntegerOption extends OptionBase {
  readonly type: "integer";
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

/** A finite number option, at least `min` (more than `min` when `exclusiveMin`) and at most `max`. */
export interface NumberOption extends OptionBase {
  readonly type: "number";
  readonly default?: number;
  readonly min?: number;
  readonly exclusiveMin?: boolean;
  readonly max?: number;
}

/**
 * A text option; `outDir` and `outFile` name a folder or a file the run writes, which
 * {@link checkOutputs} creates (the folder; the file's folder) and checks writable before the run.
 */
export interface TextOption extends OptionBase {
  readonly type: "string" | "outDir" | "outFile";
  readonly default?: string;
}

/** One option of a command line. */
export type OptionSpec = IntegerOption | NumberOption | TextOption;

/** The options of a command line, by property name: `batchSize` is `--batch-size`. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed value of one option: a number for integer and number options, a string otherwise. */
export type OptionValue<S extends OptionSpec> = S extends { readonly type: "integer" | "number" } ? number : string;

/** The keys of the options that have a default. */
type Defaulted<O extends OptionSpecs> = { [K in keyof O]: O[K] extends { readonly default: number | string } ? K : never }[keyof O];

/** The parsed values: an option with a default is always set, one without is optional. */
export type Values<O extends OptionSpecs> = { -readonly [K in Defaulted<O>]: OptionValue<O[K]> } & {
  -readonly [K in Exclude<keyof O, Defaulted<O>>]?: OptionValue<O[K]>;
};

/** What a command line asks for: the usage text, a run with the checked values, or a one-line error. */
export type CliRequest<V> = { kind: "help"; text: string } | { kind: "run"; values: V } | { kind: "error"; message: string };

/** What {@link defineCli} is given. */
export interface CliDefinition<O extends OptionSpecs> {
  /** The command, for the usage text and the error lines (e.g. `"mnist-mlp"`). */
  readonly name: string;
  /** What the command does, a paragraph under the usage line. */
  readonly summary: string;
  readonly options: O;
  /** Checks between options once each is valid on its own (e.g. one must divide another): a problem, or undefined. */
  readonly check?: (values: Values<O>) => string | undefined;
}

/** A command line: its usage text, a pure parser and the check of its output paths. */
export interface Cli<O extends OptionSpecs> extends CliDefinition<O> {
  /** The `-h` / `--help` text. */
  usage(): string;
  /** Parses and checks every option; touches nothing on disk. */
  parse(argv: readonly string[]): CliRequest<Values<O>>;
}

/** The hint every error line ends with. */
export const HELP_HINT = "Run with --help for the options.";

/** `batchSize` → `--batch-size`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** 2^31 − 1 and 2^32 − 1 read better as powers. */
function bound(n: number): string {
  if (n === 2 ** 31 - 1) return "2^31 - 1";
  if (n === 2 ** 32 - 1) return "2^32 - 1";
  return String(n);
}

/** What a valid value is, in words: "a positive integer", "an integer in [1, 60000]", "a non-negative number"… */
export function describeSpec(spec: OptionSpec): string | undefined {
  if (spec.type === "integer") {
    const { min = -Infinity, max = Infinity } = spec;
    if (max === Infinity) {
      if (min === 1) return "a positive integer";
      if (min === 0) return "a non-negative integer";
      return min === -Infinity ? "an integer" : `an integer ≥ ${bound(min)}`;
    }
    return min === -Infinity ? `an integer ≤ ${bound(max)}` : `an integer in [${bound(min)}, ${bound(max)}]`;
  }
  if (spec.type === "number") {
    const { min = -Infinity, max = Infinity } = spec;
    const open = spec.exclusiveMin === true;
    if (max === Infinity) {
      if (min === 0) return open ? "a positive number" : "a non-negative number";
      return min === -Infinity ? "a finite number" : `a number ${open ? ">" : "≥"} ${bound(min)}`;
    }
    return min === -Infinity ? `a number ≤ ${bound(max)}` : `a number in ${open ? "(" : "["}${bound(min)}, ${bound(max)}]`;
  }
  return undefined;
}

/** The checked value of one option, or the problem with it. */
function parseValue(flag: string, spec: OptionSpec, raw: string): { value: number | string } | { problem: string } {
  if (spec.type === "integer" || spec.type === "number") {
    const n = raw.trim() === "" ? Number.NaN : Number(raw);
    const { min = -Infinity, max = Infinity } = spec;
    const aboveMin = spec.type === "number" && spec.exclusiveMin === true ? n > min : n >= min;
    const ok = (spec.type === "integer" ? Number.isSafeInteger(n) : Number.isFinite(n)) && aboveMin && n <= max;
    return ok ? { value: n } : { problem: `${flag} must be ${describeSpec(spec)!}, got ${JSON.stringify(raw)}` };
  }
  if (raw === "") return { problem: `${flag} needs ${spec.type === "outDir" ? "a folder name" : spec.type === "outFile" ? "a file name" : "a value"}` };
  return { value: raw };
}

/** The edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/** The known flag closest to a mistyped one, when it is close (a prefix of it, or two edits away). */
function closest(flag: string, known: readonly string[]): string | undefined {
  const prefixed = known.filter((k) => flag.length > 3 && k.startsWith(flag));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(flag, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** `text` wrapped at `width` columns, continuation lines indented by `indent` spaces; a range in brackets stays whole. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.match(/(?:\[[^\]]*\]|\S)+/g) ?? []) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** The usage text of a command line: the usage line, the summary, one entry per option and -h. */
export function usageText<O extends OptionSpecs>(d: CliDefinition<O>, width = 80): string {
  const placeholder = (s: OptionSpec): string =>
    s.placeholder ?? { integer: "N", number: "X", outDir: "DIR", outFile: "FILE", string: "S" }[s.type];
  const heads = Object.entries(d.options).map(([key, s]) => `${flagOf(key)} ${placeholder(s)}`);
  heads.push("-h, --help");
  const column = Math.max(...heads.map((h) => h.length)) + 4;
  const entries = Object.values(d.options).map((s, i) => {
    const shown = s.defaultText ?? (s.default === undefined ? undefined : String(s.default));
    const notes = [describeSpec(s), shown === undefined ? undefined : `default ${shown}`].filter((n) => n !== undefined);
    const text = notes.length > 0 ? `${s.help} (${notes.join(", ")})` : s.help;
    return `  ${heads[i]!.padEnd(column - 2)}${wrap(text, width, column)}`;
  });
  entries.push(`  ${"-h, --help".padEnd(column - 2)}this text`);
  return `Usage: ${d.name} [options]\n\n${wrap(d.summary, width, 0)}\n\nOptions:\n${entries.join("\n")}\n`;
}

/**
 * Parses `argv` against the specs: `-h`/`--help` anywhere asks for the usage; `--name value` and
 * `--name=value` set an option (the last one given wins); every value is checked, and then `check`.
 * Problems come back as one line ending with {@link HELP_HINT}, never as an exception.
 */
export function parseArgv<O extends OptionSpecs>(d: CliDefinition<O>, argv: readonly string[]): CliRequest<Values<O>> {
  if (argv.some((a) => a === "-h" || a === "--help")) return { kind: "help", text: usageText(d) };
  const error = (problem: string): CliRequest<Values<O>> => ({ kind: "error", message: `${problem}. ${HELP_HINT}` });
  const keys = new Map(Object.keys(d.options).map((k) => [flagOf(k), k]));
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      if (i + 1 < argv.length) return error(`Unexpected argument '${argv[i + 1]!}': ${d.name} takes no positional arguments`);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") return error(`Unexpected argument '${arg}': ${d.name} takes no positional arguments`);
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const key = keys.get(flag);
    if (key === undefined) {
      const near = closest(flag, [...keys.keys()]);
      return error(`Unknown option '${flag}'${near === undefined ? "" : ` (did you mean ${near}?)`}`);
    }
    if (eq >= 0) given.set(key, arg.slice(eq + 1));
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) return error(`${flag} needs a value`);
      given.set(key, next);
      i++;
    }
  }
  const values: Record<string, number | string | undefined> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(d.options)) {
    const raw = given.get(key);
    if (raw === undefined) {
      values[key] = spec.default;
      continue;
    }
    const r = parseValue(flagOf(key), spec, raw);
    if ("problem" in r) problems.push(r.problem);
    else values[key] = r.value;
  }
  if (problems.length === 0) {
    const crossed = d.check?.(values as Values<O>);
    if (crossed !== undefined) problems.push(crossed);
  }
  return problems.length > 0 ? error(problems.join("; ")) : { kind: "run", values: values as Values<O> };
}

/**
 * A command line from its name, summary and option specs (written as a literal, so the parsed
 * values are typed: `defineCli({ …, options: { epochs: { type: "integer", min: 1, default: 5, help } } })`
 * parses to `{ epochs: number }`).
 */
export function defineCli<const O extends OptionSpecs>(d: CliDefinition<O>): Cli<O> {
  return { ...d, usage: () => usageText(d), parse: (argv) => parseArgv(d, argv) };
}

/** The message of a thrown value, without its stack. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Makes sure the run can write its outputs before it starts: each `outDir` option's folder is
 * created and must be writable; each `outFile` option's folder likewise, and the file, when it
 * exists already, must be a writable file. Paths are relative to `cwd`.
 * @returns the problem, one line, or undefined
 */
export function checkOutputs<O extends OptionSpecs>(options: O, values: Values<O>, cwd = process.cwd()): string | undefined {
  for (const [key, spec] of Object.entries(options)) {
    const value = (values as Record<string, unknown>)[key];
    if ((spec.type !== "outDir" && spec.type !== "outFile") || typeof value !== "string") continue;
    const path = resolve(cwd, value);
    const folder = spec.type === "outDir" ? path : dirname(path);
    try {
      mkdirSync(folder, { recursive: true });
      if (!statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
      accessSync(folder, constants.W_OK);
      if (spec.type === "outFile" && existsSync(path)) {
        if (statSync(path).isDirectory()) throw new Error("it is a folder, not a file");
        accessSync(path, constants.W_OK);
      }
    } catch (e) {
      return `${flagOf(key)} ${path}: cannot write there (${messageOf(e)})`;
    }
  }
  return undefined;
}

/** Where {@link runCli} writes (the process's streams by default) and what it reads. */
export interface CliIo {
  argv?: readonly string[];
  out?: (text: string) => void;
  err?: (text: string) => void;
  cwd?: string;
}

/**
 * Runs a command: `-h`/`--help` prints the usage (exit code 0); a bad option, or an output path
 * that cannot be written, prints one line `name: problem. Run with --help for the options.` to
 * stderr (exit code 2) before `main` is called; an error thrown by `main` prints `name: message`,
 * without a stack trace (exit code 1).
 * @returns the exit code, for `process.exitCode`
 */
export async function runCli<O extends OptionSpecs>(cli: Cli<O>, main: (values: Values<O>) => unknown, io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((t: string) => void process.stdout.write(t));
  const err = io.err ?? ((t: string) => void process.stderr.write(t));
  const request = cli.parse(io.argv ?? process.argv.slice(2));
  if (request.kind === "help") {
    out(request.text);
    return 0;
  }
  if (request.kind === "error") {
    err(`${cli.name}: ${request.message}\n`);
    return 2;
  }
  const unwritable = checkOutputs(cli.options, request.values, io.cwd);
  if (unwritable !== undefined) {
    err(`${cli.name}: ${unwritable}. ${HELP_HINT}\n`);
    return 2;
  }
  try {
    await main(request.values);
    return 0;
  } catch (e) {
    err(`${cli.name}: ${messageOf(e)}\n`);
    return 1;
  }
}
