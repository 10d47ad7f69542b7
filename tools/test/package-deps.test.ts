// Honest dependencies: every package declares in its package.json the packages its sources and
// tests import (sources in dependencies or peerDependencies), with the root's exact versions.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/** TypeScript and module files below `dir`, dist and node_modules skipped. */
function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (name === "node_modules" || name === "dist" || name.startsWith(".")) return [];
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
    });
}

/** The module specifiers a file imports (static, dynamic, re-exports, type-only), comments and strings aside. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The bare specifiers `files` import, following relative imports into other files of the
 * repository's test folders (a test helper shared across packages imports on the importer's behalf).
 */
function bareImports(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(file)) {
      if (!spec.startsWith(".")) {
        out.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`].find((c) => existsSync(c) && statSync(c).isFile());
      // Relative imports of test helpers are followed; relative imports of another package's sources are not sources of ours.
      if (target !== undefined && /\/test\//.test(relative(ROOT, target))) queue.push(target);
    }
  }
  return out;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null for Node's own modules. */
function packageOf(spec: string): string | null {
  if (spec.startsWith("node:") || builtinModules.includes(spec.split("/")[0]!)) return null;
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

const usesNode = (specs: Iterable<string>): boolean => [...specs].some((s) => s.startsWith("node:") || builtinModules.includes(s));

const root = readManifest(ROOT);
const packageDirs = readdirSync(join(ROOT, "packages"))
  .sort()
  .map((p) => join(ROOT, "packages", p))
  .filter((d) => existsSync(join(d, "package.json")));

describe("each package declares what it imports", () => {
  it("finds the packages", () => {
    expect(packageDirs.map((d) => readManifest(d).name)).toEqual(expect.arrayContaining(["@tsgrad/ndarray", "@tsgrad/autograd", "@tsgrad/testing", "tsgrad"]));
  });

  for (const dir of packageDirs) {
    const m = readManifest(dir);
    const runtime = new Set([...Object.keys(m.dependencies ?? {}), ...Object.keys(m.peerDependencies ?? {})]);
    const all = new Set([...runtime, ...Object.keys(m.devDependencies ?? {})]);

    it(`${m.name}: its sources import only its dependencies and peerDependencies`, () => {
      const specs = bareImports(sources(join(dir, "src")));
      const missing = [...specs].map(packageOf).filter((p): p is string => p !== null && p !== m.name && !runtime.has(p));
      expect([...new Set(missing)].sort()).toEqual([]);
    });

    it(`${m.name}: its tests import only what its package.json declares`, () => {
      const specs = bareImports(sources(join(dir, "test")));
      const missing = [...specs].map(packageOf).filter((p): p is string => p !== null && p !== m.name && !all.has(p));
      // Node's modules need Node's types to type-check, from @types/node.
      if (usesNode(specs) && !all.has("@types/node")) missing.push("@types/node (the tests import node: modules)");
      expect([...new Set(missing)].sort()).toEqual([]);
    });

    it(`${m.name}: workspace packages as workspace:*, tools at the root's exact versions`, () => {
      const wrong: string[] = [];
      for (const field of ["dependencies", "devDependencies"] as const) {
        for (const [dep, range] of Object.entries(m[field] ?? {})) {
          const internal = dep === "tsgrad" || dep.startsWith("@tsgrad/");
          const want = internal ? "workspace:*" : root.devDependencies?.[dep];
          if (want !== undefined && range !== want) wrong.push(`${field}.${dep} is "${range}", not "${want}"`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it("sees imports the way the rule needs: type-only and dynamic ones, not those in comments", () => {
    const text = ['import type { A } from "a";', 'const b = await import("b");', '// import { c } from "c";', 'export { d } from "@s/d/sub";'].join("\n");
    const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    expect(specs.map(packageOf)).toEqual(["a", "b", "@s/d"]);
    expect(packageOf("node:fs")).toBeNull();
    expect(packageOf("path")).toBeNull();
  });
});
