// Every source file says at its top what it holds and why it is a file of its own: one or two
// `//` lines, or the package's `/** … @module | @packageDocumentation */` block for an entry.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Files below `dir` (relative to the root) whose names `pick` accepts; dist and node_modules skipped. */
function filesUnder(dir: string, pick: (name: string) => boolean, recurse = true): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(join(ROOT, dir));
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) {
      if (recurse) out.push(...filesUnder(path, pick));
    } else if (pick(name)) out.push(path);
  }
  return out;
}

/** The source files the rule covers: every package's src/ and the Node scripts of tools/ and scripts/. */
function sourceFiles(): string[] {
  const ts = (n: string): boolean => n.endsWith(".ts") && !n.endsWith(".d.ts");
  const mjs = (n: string): boolean => n.endsWith(".mjs");
  const packages = readdirSync(join(ROOT, "packages")).sort();
  return [
    ...packages.flatMap((p) => filesUnder(join("packages", p, "src"), ts)),
    ...filesUnder("tools", mjs, false),
    ...filesUnder("scripts", mjs, false),
  ];
}

/** What is wrong with the top of a source text, or null when it opens with a header. */
function headerProblem(text: string): string | null {
  const lines = text.split("\n");
  if (lines[0]?.startsWith("#!")) lines.shift();
  const first = lines[0] ?? "";
  if (first.startsWith("//")) {
    // A sentence, not a directive such as `// @ts-nocheck` or `// eslint-disable`.
    const words = first.replace(/^\/\/\s*/, "").split(/\s+/).filter((w) => w !== "");
    if (/^(@ts-|eslint|prettier|#region)/.test(words[0] ?? "") || words.length < 4) {
      return `its first line is not a header sentence: ${JSON.stringify(first)}`;
    }
    return null;
  }
  if (first.startsWith("/**")) {
    const end = lines.findIndex((l) => l.includes("*/"));
    const block = lines.slice(0, end + 1).join("\n");
    if (end >= 0 && /@module\b|@packageDocumentation\b/.test(block)) return null;
    return "it opens with a doc comment that is not the package's @module / @packageDocumentation block";
  }
  return "it does not open with a `//` line saying what it holds and why it is a separate file";
}

describe("source file headers", () => {
  const files = sourceFiles();

  it("finds the sources", () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files).toContain(join("packages", "ndarray", "src", "internal.ts"));
    expect(files).toContain(join("tools", "import-cycles.mjs"));
  });

  it("every source file opens with a header", () => {
    const problems = files.flatMap((f) => {
      const p = headerProblem(readFileSync(join(ROOT, f), "utf8"));
      return p === null ? [] : [`${relative(".", f)}: ${p}`];
    });
    expect(problems).toEqual([]);
  });

  it("the rule accepts headers and entry blocks and refuses the rest", () => {
    expect(headerProblem("// The shape helpers: sizes and strides.\nexport {};")).toBeNull();
    expect(headerProblem("#!/usr/bin/env node\n// Packs every package into a tarball.\n")).toBeNull();
    expect(headerProblem("/**\n * `@tsgrad/x`: the x package.\n *\n * @packageDocumentation\n */\nexport {};")).toBeNull();
    expect(headerProblem("/**\n * `tsgrad/node`: file helpers.\n * @module node\n */\nexport {};")).toBeNull();
    expect(headerProblem('import { a } from "./a.js";\n')).not.toBeNull();
    expect(headerProblem("/** A function. */\nexport function f(): void {}\n")).not.toBeNull();
    expect(headerProblem("// @ts-nocheck\nexport {};")).not.toBeNull();
  });
});
