// Builds tsgrad's prebuilt browser module (packages/tsgrad/dist/tsgrad.browser.min.js): one minified,
// self-contained ES module of everything `tsgrad` exports, for <script type="module"> without a bundler.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { BROWSER_MODULE, ROOT, importRolldown, mustExist, readJson } from "./common.mjs";

const PKG_DIR = join(ROOT, "packages", "tsgrad");

/**
 * Bundles packages/tsgrad/dist/index.js (tsc's output, so `tsc -b` must have run) and its
 * @tsgrad/* dependencies into one minified ES module, and writes it.
 * @returns the file's path and its size in bytes, minified and gzipped
 */
export async function buildBrowserModule() {
  const entry = join(PKG_DIR, "dist", "index.js");
  mustExist(entry, "build the packages first (pnpm run build, or tsc -b packages/tsgrad)");
  const { version, license } = readJson(join(PKG_DIR, "package.json"));
  const { rolldown } = await importRolldown();
  const bundle = await rolldown({ input: entry, platform: "browser", logLevel: "warn", treeshake: true });
  try {
    const { output } = await bundle.generate({
      format: "esm",
      minify: true,
      comments: { legal: true, annotation: false, jsdoc: false },
      banner: `/*! tsgrad ${version} | ${license} | prebuilt ES module: import * as tg from "<this file>" */`,
    });
    const chunks = output.filter((o) => o.type === "chunk");
    if (chunks.length !== 1) throw new Error(`expected one chunk, got ${chunks.map((c) => c.fileName).join(", ")}`);
    const [chunk] = chunks;
    // Self-contained: no import of anything (a bare specifier would need an import map or a bundler).
    if (chunk.imports.length > 0 || chunk.dynamicImports.length > 0) {
      throw new Error(`the browser module still imports ${[...chunk.imports, ...chunk.dynamicImports].join(", ")}`);
    }
    if (/\bfrom\s*["']node:|\brequire\(/.test(chunk.code)) throw new Error("the browser module refers to Node modules");
    const path = join(PKG_DIR, BROWSER_MODULE);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, chunk.code);
    return { path, bytes: Buffer.byteLength(chunk.code), gzipBytes: gzipSync(chunk.code, { level: 9 }).length };
  } finally {
    await bundle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { path, bytes, gzipBytes } = await buildBrowserModule();
  console.log(`build-browser: ${path.slice(ROOT.length + 1)}: ${(bytes / 1024).toFixed(1)} kB min, ${(gzipBytes / 1024).toFixed(1)} kB gzip`);
}
