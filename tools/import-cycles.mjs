// Finds import cycles among the project's TypeScript sources (runtime imports only:
// `import type`/`export type` and specifier lists that are all `type X` are erased by
// TypeScript and create no module dependency). Used by tools/test/import-cycles.test.ts
// and runnable by hand: `node tools/import-cycles.mjs [dir...]`.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function listSources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listSources(p));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const importRe = /^\s*(?:import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;

/** The runtime import specifiers of one source text. */
export function runtimeImports(text) {
  const specs = [];
  for (const m of text.matchAll(importRe)) {
    if (m[4] !== undefined) { specs.push(m[4]); continue; }
    if (m[1]) continue; // import type / export type
    const clause = m[2] ?? "";
    const braces = clause.match(/\{([^}]*)\}/);
    const outside = clause.replace(/\{[^}]*\}/, "").replace(/[,\s]/g, "");
    if (braces && outside === "") {
      const names = braces[1].split(",").map((s) => s.trim()).filter(Boolean);
      if (names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    }
    specs.push(m[3]);
  }
  return specs;
}

function resolveSpec(from, spec) {
  if (spec.startsWith(".")) {
    const base = resolve(dirname(from), spec);
    for (const cand of [base.replace(/\.js$/, ".ts"), base.replace(/\.mjs$/, ".mts"), base + ".ts", join(base, "index.ts")]) {
      if (existsSync(cand) && statSync(cand).isFile()) return cand;
    }
    return null;
  }
  const m = spec.match(/^(@tsgrad\/[a-z-]+|tsgrad)(?:\/([a-z-]+))?$/);
  if (m) {
    const dir = join(root, "packages", m[1] === "tsgrad" ? "tsgrad" : m[1].slice("@tsgrad/".length));
    const file = join(dir, "src", `${exportedModule(dir, m[2]) ?? m[2] ?? "index"}.ts`);
    return existsSync(file) ? file : null;
  }
  return null;
}

/** The module a package's `exports` map gives for a subpath (`./node` → `dist/fs.js` → `fs`), if any. */
function exportedModule(dir, subpath) {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return undefined;
  const target = JSON.parse(readFileSync(manifest, "utf8")).exports?.[subpath === undefined ? "." : `./${subpath}`];
  const file = typeof target === "string" ? target : target?.default;
  return typeof file === "string" ? /^\.\/dist\/(.+)\.js$/.exec(file)?.[1] : undefined;
}

/** Every cycle (as a list of files relative to the root), one per strongly connected component. */
export function findCycles(dirs) {
  const files = dirs.flatMap((d) => (existsSync(d) ? listSources(d) : []));
  const graph = new Map();
  for (const f of files) {
    const deps = runtimeImports(readFileSync(f, "utf8")).map((s) => resolveSpec(f, s)).filter((x) => x !== null);
    graph.set(f, [...new Set(deps)]);
  }
  // Tarjan's strongly connected components, iteratively.
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], sccs = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index); low.set(start, index); index++; stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const [v, i] = top;
      const deps = graph.get(v) ?? [];
      if (i < deps.length) {
        top[1]++;
        const w = deps[i];
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          idx.set(w, index); low.set(w, index); index++; stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
      } else {
        work.pop();
        if (work.length > 0) { const u = work[work.length - 1][0]; low.set(u, Math.min(low.get(u), low.get(v))); }
        if (low.get(v) === idx.get(v)) {
          const comp = [];
          let w;
          do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
          if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) sccs.push(comp.map((f) => relative(root, f)).sort());
        }
      }
    }
  }
  return sccs;
}

export const SOURCE_DIRS = ["packages", "examples", "bench/src"].map((d) => join(root, d));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : SOURCE_DIRS;
  const cycles = findCycles(dirs);
  for (const c of cycles) console.log(`cycle (${c.length} files):\n  ${c.join("\n  ")}`);
  console.log(`${cycles.length} import cycles`);
  process.exitCode = cycles.length === 0 ? 0 : 1;
}
