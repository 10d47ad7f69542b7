// Doc-tests: the code the documentation shows is code that compiles and runs.
//
// Every ```ts block in the TSDoc of a public symbol (its @example, and any other block in
// the comment), in docs/*.md, README.md, examples/*/README.md and packages/*/README.md is
// written as a module into .doctests/<pid>/ (git-ignored), type-checked in one program with
// the options of tsconfig.check.json (`@tsgrad/*` resolves to the sources), then imported,
// one fresh module each, through vitest (which transforms the TypeScript). A failure names
// the file and line the block came from. Output comments (`// → 3`, `// [3, 6]`) are not
// asserted; the block must compile and run without throwing. Blocks that register vitest
// tests (they import "vitest" or "@tsgrad/testing/vitest") are type-checked only: tests
// cannot be registered from inside a running test. Blocks run with the working directory
// set to that folder, so files they write with relative paths are removed with it.
//
// The documentation rules typedoc does not check are asserted here too: every public
// top-level symbol has a summary and a @category; every function and class has an @example
// with a ```ts block (option types and interfaces may, but need not); functions
// have a @param per parameter and a @returns unless they return nothing; every primitive's
// page states its forward and its vjp and names the test that proves them, and that test exists.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type CodeExample, apiDocs, markdownExamples } from "./doc-examples.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// One folder per process: several runs may share the tree.
const OUT = join(ROOT, ".doctests", String(process.pid));

/** The Markdown files whose ```ts blocks are doc-tests. */
function markdownFiles(): string[] {
  const inDir = (dir: string, pick: (f: string) => boolean): string[] =>
    existsSync(join(ROOT, dir))
      ? readdirSync(join(ROOT, dir))
          .filter(pick)
          .sort()
          .map((f) => join(dir, f))
      : [];
  const readmes = (dir: string): string[] =>
    inDir(dir, () => true)
      .map((d) => join(d, "README.md"))
      .filter((f) => existsSync(join(ROOT, f)));
  return [...inDir("docs", (f) => f.endsWith(".md")), "README.md", ...readmes("examples"), ...readmes("packages")];
}

const api = apiDocs(ROOT);
const guides = markdownFiles().flatMap((f) => markdownExamples(readFileSync(join(ROOT, f), "utf8"), f));
const examples: (CodeExample & { module: string; runs: boolean })[] = [...api.examples, ...guides].map((ex, i) => {
  const slug = ex.file.replace(/[^A-Za-z0-9]+/g, "-");
  return {
    ...ex,
    module: join(OUT, `${String(i).padStart(4, "0")}-${slug}-L${ex.line}.ts`),
    runs: !/from\s+["'](vitest|@tsgrad\/testing\/vitest)["']/.test(ex.code),
  };
});

mkdirSync(OUT, { recursive: true });
for (const ex of examples) {
  // `export {}` makes every block a module, so top-level names never clash across blocks.
  writeFileSync(ex.module, `${ex.code}\nexport {};\n`);
}
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

const where = (ex: CodeExample, offset = 0): string => `${ex.file}:${ex.line + offset}`;

/** Whether the @example rule applies: functions (declared, or constants holding one) and classes. */
const needsExample = (s: (typeof api.symbols)[number]): boolean =>
  s.kind === "FunctionDeclaration" || s.kind === "ClassDeclaration" || (s.kind === "VariableDeclaration" && s.signatures.length > 0);

describe("documentation rules for every public symbol", () => {
  const problems = (check: (s: (typeof api.symbols)[number]) => string | null): string[] =>
    api.symbols.flatMap((s) => {
      const p = check(s);
      return p === null ? [] : [`${s.symbol} (${s.where}): ${p}`];
    });

  it("finds the public API", () => {
    expect(api.symbols.length).toBeGreaterThan(100);
    expect(api.symbols.map((s) => s.symbol)).toContain("autograd:batchNorm");
  });

  it("each has a summary on its first line", () => {
    expect(problems((s) => (s.summary.split("\n")[0]!.trim() === "" ? "no one-line summary" : null))).toEqual([]);
  });

  it("each has a @category", () => {
    expect(problems((s) => (s.tags.includes("category") ? null : "no @category"))).toEqual([]);
  });

  it("each function and class has an @example with a ```ts block", () => {
    expect(problems((s) => (!needsExample(s) || s.examples > 0 ? null : "no @example with a ```ts block"))).toEqual([]);
  });

  it("the @example rule covers functions, function constants and classes, not option types or interfaces", () => {
    const kinds = (pick: (s: (typeof api.symbols)[number]) => boolean): Set<string> => new Set(api.symbols.filter(pick).map((s) => s.kind));
    expect([...kinds(needsExample)].sort()).toEqual(expect.arrayContaining(["ClassDeclaration", "FunctionDeclaration"]));
    expect(kinds(needsExample).has("InterfaceDeclaration")).toBe(false);
    expect(kinds(needsExample).has("TypeAliasDeclaration")).toBe(false);
  });

  it("functions document each parameter and what they return", () => {
    expect(
      problems((s) => {
        if (s.signatures.length === 0) return null;
        const params = new Set(s.signatures.flatMap((sig) => sig.params));
        const missing = [...params].filter((p) => !s.paramTags.includes(p));
        const stale = s.paramTags.filter((p) => !params.has(p));
        const needsReturns = s.signatures.some((sig) => !sig.returnsVoid) && !s.tags.includes("returns");
        const out = [
          missing.length > 0 ? `no @param for ${missing.join(", ")}` : "",
          stale.length > 0 ? `@param for a parameter it does not have: ${stale.join(", ")}` : "",
          needsReturns ? "no @returns" : "",
        ].filter((t) => t !== "");
        return out.length === 0 ? null : out.join("; ");
      }),
    ).toEqual([]);
  });
});

describe("the primitives' pages", () => {
  const testDir = join(ROOT, "packages", "autograd", "test");
  const primitives = api.symbols.filter((s) => s.category === "Primitives" && s.signatures.length > 0);

  it("are found", () => {
    expect(primitives.map((s) => s.symbol)).toContain("autograd:mul");
  });

  it("state the forward and the vjp, and name the test that proves them, which exists", () => {
    const problems: string[] = [];
    for (const s of primitives) {
      const text = s.summary.replace(/\s+/g, " ");
      const name = s.symbol.split(":")[1]!;
      if (!text.includes("Forward:")) problems.push(`${s.symbol} (${s.where}): no "Forward:" formula`);
      if (!text.includes("VJP:")) problems.push(`${s.symbol} (${s.where}): no "VJP:" formula`);
      const claim = /Proven by (?:the `(\w+)` block of )?`([\w.-]+\.test\.ts)`/.exec(text);
      if (claim === null) {
        problems.push(`${s.symbol} (${s.where}): names no test ("Proven by \`<file>.test.ts\`")`);
        continue;
      }
      const [, block, file] = claim;
      const path = join(testDir, file!);
      if (!existsSync(path)) {
        problems.push(`${s.symbol} (${s.where}): the test it names, ${file}, does not exist`);
        continue;
      }
      const test = readFileSync(path, "utf8");
      if (block !== undefined && !test.includes(`describe("${block}"`)) problems.push(`${s.symbol}: ${file} has no describe("${block}") block`);
      if (block === undefined && !test.includes(name)) problems.push(`${s.symbol}: ${file} never mentions ${name}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("doc-test examples", () => {
  it("are found in the TSDoc and in every guide", () => {
    expect(api.examples.length).toBeGreaterThan(100);
    const files = new Set(examples.map((e) => e.file));
    for (const f of markdownFiles().filter((m) => m.startsWith("docs/"))) expect(files, `${f} has no \`\`\`ts block`).toContain(f);
  });

  it("every guide in docs/ is a project document of the typedoc site", () => {
    const { projectDocuments } = JSON.parse(readFileSync(join(ROOT, "typedoc.json"), "utf8")) as { projectDocuments?: string[] };
    const missing = markdownFiles().filter((f) => f.startsWith("docs/") && !(projectDocuments ?? []).includes(f));
    expect(missing, `add ${missing.join(", ")} to "projectDocuments" in typedoc.json`).toEqual([]);
  });

  it("type-check in one program with the options of tsconfig.check.json", () => {
    const program = ts.createProgram(
      examples.map((e) => e.module),
      { ...api.options, noEmit: true },
      api.host,
    );
    const byModule = new Map(examples.map((e) => [e.module, e]));
    const errors: string[] = [];
    for (const ex of examples) {
      const sf = program.getSourceFile(ex.module);
      if (sf === undefined) throw new Error(`${ex.module} is not in the program`);
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
        const origin = byModule.get(sf.fileName) ?? ex;
        errors.push(`${where(origin, line)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      }
    }
    expect(errors).toEqual([]);
  });

  for (const ex of examples) {
    const name = `${where(ex)}${ex.symbol === undefined ? "" : ` (${ex.symbol})`}`;
    if (!ex.runs) continue; // type-checked above
    it(`${name} runs`, async () => {
      const quiet = [vi.spyOn(console, "log").mockImplementation(() => {}), vi.spyOn(console, "info").mockImplementation(() => {})];
      // Files an example writes with a relative path land in the run's folder, not in the tree.
      const cwd = process.cwd();
      process.chdir(OUT);
      try {
        await import(pathToFileURL(ex.module).href);
      } catch (e) {
        const err = e as Error;
        // The innermost frame in the example's module says which of its lines threw.
        const frame = new RegExp(`${basename(ex.module).replace(/\./g, "\\.")}:(\\d+):`).exec(err.stack ?? "");
        const at = frame === null ? where(ex) : where(ex, Number(frame[1]) - 1);
        throw new Error(`the example at ${at} threw: ${err.name}: ${err.message}\n--- code (${relative(ROOT, ex.module)}) ---\n${ex.code}`, {
          cause: e,
        });
      } finally {
        process.chdir(cwd);
        for (const q of quiet) q.mockRestore();
      }
    });
  }
});
