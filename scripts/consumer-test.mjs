// `pnpm run test:consumer` (after `pnpm run pack`): a fresh npm project in a temp folder outside the repository
// installs the tarballs and proves them there — Node ESM and CommonJS, tsc, a bundled and a prebuilt page in Chromium, Node 24.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, relative, sep } from "node:path";
import { CHROMIUM, CLASSIFIER_JS as TRAIN, LAUNCH_FLAGS, PACKAGE_DIRS, ROOT, TARBALL_DIR, readJson, run } from "./common.mjs";

/** The whole test ends within this, or fails. */
const OVERALL_MS = 240_000;
/** Training steps of the small classifier in every check. */
const STEPS = 80;
/** Keep the temp folder for a look afterwards (CONSUMER_KEEP=1). */
const KEEP = process.env.CONSUMER_KEEP === "1";

/**
 * The environment of every command run in the consumer project: this one without what `pnpm run`
 * adds (npm_* settings, the repository's node_modules/.bin on PATH) and without NODE_PATH, so
 * nothing of the workspace can leak in.
 */
const CONSUMER_ENV = Object.fromEntries(
  Object.entries(process.env)
    .filter(([k]) => !/^(npm_|pnpm_|NODE_PATH$|INIT_CWD$)/i.test(k))
    .map(([k, v]) => [k, k === "PATH" ? v.split(":").filter((d) => !d.startsWith(ROOT)).join(":") : v]),
);

const started = Date.now();
const results = [];
let work; // the temp folder

/** Runs one named check; prints `consumer: <name>: ok` or the failure, and never throws. */
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`consumer: ${name}: ok${detail ? ` (${detail})` : ""} [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`consumer: ${name}: FAILED — ${e instanceof Error ? e.message : String(e)}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** A training result must be finite, its loss must fall to under half, and it must fit the data. */
function assertLearned(r, where) {
  assert(Array.isArray(r.losses) && r.losses.length === STEPS, `${where}: ${r.losses?.length} losses, expected ${STEPS}`);
  assert(r.losses.every(Number.isFinite), `${where}: a loss is not finite`);
  const first = r.losses[0];
  const last = r.losses[STEPS - 1];
  assert(last < 0.5 * first, `${where}: the loss did not fall (${first.toFixed(4)} → ${last.toFixed(4)})`);
  assert(r.accuracy >= 0.9, `${where}: training accuracy ${r.accuracy}`);
  return `loss ${first.toFixed(3)} → ${last.toFixed(4)}, accuracy ${(100 * r.accuracy).toFixed(1)}%`;
}

/** Largest relative difference between two loss curves. */
function maxRelDiff(a, b) {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-6)));
}

/** Runs a Node script in the consumer project and parses the JSON it prints last. */
function runScript(cmd, args) {
  const r = run(cmd, args, { cwd: work.app, env: CONSUMER_ENV, inheritEnv: false, timeout: 120_000 });
  const lines = r.stdout.trim().split("\n");
  return { result: JSON.parse(lines[lines.length - 1]), stderr: r.stderr };
}

// ---------------------------------------------------------------- the project

function setUp() {
  assert(existsSync(TARBALL_DIR), `no ${relative(ROOT, TARBALL_DIR)}/: run \`pnpm run pack\` first`);
  const tarballs = readdirSync(TARBALL_DIR).filter((f) => f.endsWith(".tgz"));
  assert(tarballs.length === PACKAGE_DIRS.length, `${tarballs.length} tarballs in ${relative(ROOT, TARBALL_DIR)}/, expected ${PACKAGE_DIRS.length}: run \`pnpm run pack\``);
  const base = realpathSync(mkdtempSync(join(tmpdir(), "tsgrad-consumer-")));
  assert(!base.startsWith(ROOT + sep), `the temp folder ${base} is inside the repository`);
  // Nothing above the temp folder may hold packages Node or tsc would find instead.
  for (let d = base; d !== join(d, ".."); d = join(d, "..")) {
    assert(!existsSync(join(d, "..", "node_modules")), `${join(d, "..", "node_modules")} exists: packages there could be picked up`);
  }
  const app = join(base, "app");
  const tgzDir = join(base, "tarballs");
  mkdirSync(app);
  mkdirSync(tgzDir);
  for (const t of tarballs) copyFileSync(join(TARBALL_DIR, t), join(tgzDir, t));
  work = { base, app, tgzDir, tarballs };
}

async function install() {
  const { app, tgzDir, tarballs } = work;
  const opts = { cwd: app, env: CONSUMER_ENV, inheritEnv: false };
  run("npm", ["init", "-y"], opts);
  run("npm", ["pkg", "set", "type=module"], opts);
  run("npm", ["install", "--no-audit", "--no-fund", ...tarballs.map((t) => join(tgzDir, t))], { ...opts, timeout: 180_000 });
  const lock = readJson(join(app, "package-lock.json"));
  const names = PACKAGE_DIRS.map((d) => (d === "tsgrad" ? "tsgrad" : `@tsgrad/${d}`));
  const version = readJson(join(app, "node_modules", "tsgrad", "package.json")).version;
  for (const name of names) {
    const entry = lock.packages[`node_modules/${name}`];
    assert(entry !== undefined, `${name} is not installed`);
    assert(entry.version === version, `${name} is ${entry.version}, tsgrad ${version}`);
    assert(typeof entry.resolved === "string" && entry.resolved.startsWith("file:") && entry.resolved.endsWith(".tgz"), `${name} came from ${entry.resolved}, not from a tarball`);
    const real = realpathSync(join(app, "node_modules", name));
    assert(real.startsWith(app + sep), `${name} is linked to ${real}`);
  }
  const nested = Object.keys(lock.packages).filter((k) => /node_modules\/.+\/node_modules\/(tsgrad|@tsgrad\/)/.test(k));
  assert(nested.length === 0, `nested copies of tsgrad packages: ${nested.join(", ")}`);
  run("npm", ["ls", "--all"], opts);
  const fromRegistry = Object.entries(lock.packages)
    .filter(([k, v]) => k !== "" && !v.resolved?.startsWith("file:"))
    .map(([k, v]) => `${k.replace(/^.*node_modules\//, "")}@${v.version}`);
  return `${names.length} tarballs at ${version}; from the registry, what they depend on: ${fromRegistry.join(", ") || "nothing"}`;
}

// ---------------------------------------------------------------- Node

function writeNodeScripts() {
  const { app } = work;
  writeFileSync(
    join(app, "esm.mjs"),
    `import * as tg from "tsgrad";
import { saveSafetensorsFile, loadSafetensorsFile } from "tsgrad/node";
import { kernelFeatures } from "@tsgrad/ndarray";
import { gradcheck } from "@tsgrad/testing";
${TRAIN}
const result = train(tg, ${STEPS});
// The Node entry point: a state dict through a safetensors file and back.
const layer = new tg.nn.Linear(3, 2, { seed: 5 });
await saveSafetensorsFile("linear.safetensors", layer.stateDict());
const loaded = await loadSafetensorsFile("linear.safetensors");
const roundTrip = JSON.stringify(loaded.weight.toArray()) === JSON.stringify(layer.weight.toArray());
const grad = gradcheck((x) => tg.tanh(x).mul(x).sum(), [[0.1, -0.4, 0.7]]).ok;
console.log(JSON.stringify({ ...result, features: kernelFeatures(), roundTrip, grad, node: process.version }));
`,
  );
  writeFileSync(
    join(app, "cjs.cjs"),
    `"use strict";
const tg = require("tsgrad");
const { kernelFeatures } = require("@tsgrad/ndarray");
const { saveSafetensors } = require("tsgrad").nn;
const node = require("tsgrad/node");
${TRAIN}
const result = train(tg, ${STEPS});
const bytes = saveSafetensors(new tg.nn.Linear(3, 2, { seed: 5 }).stateDict());
console.log(JSON.stringify({ ...result, features: kernelFeatures(), safetensorsBytes: bytes.length, nodeHelpers: typeof node.loadSafetensorsFile, node: process.version }));
`,
  );
}

async function nodeEsm() {
  const { result } = runScript(process.execPath, ["esm.mjs"]);
  const learned = assertLearned(result, "ESM");
  assert(result.roundTrip === true, "tsgrad/node: the safetensors file did not round-trip");
  assert(result.grad === true, "@tsgrad/testing: gradcheck failed");
  work.nodeLosses = result.losses;
  return `Node ${result.node}, ${result.features.tier} kernels; ${learned}; tsgrad/node and @tsgrad/testing work`;
}

async function nodeCjs() {
  const { result, stderr } = runScript(process.execPath, ["cjs.cjs"]);
  const learned = assertLearned(result, "CommonJS");
  assert(result.safetensorsBytes > 0 && result.nodeHelpers === "function", "require(\"tsgrad\").nn or require(\"tsgrad/node\") is incomplete");
  const warned = /ExperimentalWarning/.test(stderr) ? "; Node prints its ExperimentalWarning for require(esm)" : "";
  return `Node ${result.node}, require("tsgrad") and require("tsgrad/node"); ${learned}${warned}`;
}

async function node24() {
  const { result } = runScript("npx", ["-y", "node@24", "esm.mjs"]);
  assert(/^v24\./.test(result.node), `ran on Node ${result.node}`);
  const learned = assertLearned(result, "Node 24");
  assert(result.roundTrip === true && result.grad === true, "tsgrad/node or @tsgrad/testing failed on Node 24");
  return `Node ${result.node}, ${result.features.tier}${result.features.relaxedSimd ? " (relaxed SIMD)" : ""} kernels; ${learned}`;
}

// ---------------------------------------------------------------- TypeScript

/** A strict program that uses the public types of every entry point a consumer imports. */
const TS_PROGRAM = `import * as tg from "tsgrad";
import type { Tensor } from "tsgrad";
import * as prebuilt from "tsgrad/browser";
import { loadSafetensorsFile } from "tsgrad/node";
import { type KernelFeatures, type NDArray, kernelFeatures, ndarray } from "@tsgrad/ndarray";
import { Linear, Module, Sequential, type StateDict } from "@tsgrad/nn";
import { DataLoader, TensorDataset } from "@tsgrad/data";
import { type GradcheckResult, gradcheck } from "@tsgrad/testing";

class Mlp extends tg.nn.Module {
  readonly fc1 = new tg.nn.Linear(2, 16, { seed: 0 });
  readonly fc2 = new tg.nn.Linear(16, 2, { seed: 1 });
  forward(x: Tensor): Tensor {
    return this.fc2.forward(tg.relu(this.fc1.forward(x)));
  }
}

const model = new Mlp();
const opt: tg.optim.Optimizer = new tg.optim.Adam(model.parameters(), { lr: 0.01 });
const x: Tensor = tg.randn([8, 2], { seed: 0 });
const y: Tensor = tg.tensor([0, 1, 0, 1, 0, 1, 0, 1], { dtype: "int32" });
const loss: Tensor = tg.nn.crossEntropy(model.forward(x), y);
loss.backward();
opt.step();
const value: number = loss.item();
const shape: readonly number[] = x.shape;
const first: number | undefined = shape[0]; // noUncheckedIndexedAccess
const data: NDArray = x.data;
const features: KernelFeatures = kernelFeatures();
const state: StateDict = new Linear(2, 2).stateDict();
const seq: Module = new Sequential(new Linear(2, 2));
const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4 });
const check: GradcheckResult = gradcheck((t) => tg.tanh(t!).sum(), [[0.5, -0.5]]);
const also: typeof tg.tensor = prebuilt.tensor;
const later: Promise<Record<string, Tensor>> = loadSafetensorsFile("model.safetensors");
const arr: NDArray = ndarray([1, 2, 3]);
export { value, first, data, features, state, seq, loader, check, also, later, arr };
`;

/** A CommonJS TypeScript file: require() of the ES-module packages, as Node ≥ 20.19 allows. */
const TS_CJS_PROGRAM = `import tg = require("tsgrad");
const t: tg.Tensor = tg.tensor([1, 2, 3]);
export const total: number = t.sum().item();
`;

function writeTsProject(resolution) {
  const dir = join(work.app, `ts-${resolution}`);
  mkdirSync(dir, { recursive: true });
  const module = resolution === "bundler" ? "preserve" : resolution;
  const files = ["main.ts"];
  writeFileSync(join(dir, "main.ts"), TS_PROGRAM);
  if (resolution === "nodenext") {
    writeFileSync(join(dir, "require.cts"), TS_CJS_PROGRAM);
    files.push("require.cts");
  }
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022"],
      module,
      moduleResolution: resolution,
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      types: [],
    },
    files,
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(config, null, 2)}\n`);
  return { dir, files };
}

async function typescript(resolution) {
  const { dir, files } = writeTsProject(resolution);
  // The repository's own compiler, so the consumer installs nothing extra.
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  const r = run(tsc, ["-p", dir, "--listFilesOnly"], { cwd: dir, env: CONSUMER_ENV, inheritEnv: false, allowFail: true });
  const listed = r.stdout.split("\n").filter((l) => l !== "");
  const outside = listed.filter((f) => !f.startsWith(work.app + sep) && !f.startsWith(join(ROOT, "node_modules") + sep));
  assert(outside.length === 0, `tsc read files from outside the project: ${outside.slice(0, 3).join(", ")}`);
  const fromRepo = listed.filter((f) => f.startsWith(ROOT + sep) && !/\/typescript\/lib\/lib\.[\w.]+\.d\.ts$/.test(f));
  assert(fromRepo.length === 0, `tsc read the repository's own files: ${fromRepo.slice(0, 3).join(", ")}`);
  const c = run(tsc, ["-p", dir], { cwd: dir, env: CONSUMER_ENV, inheritEnv: false, allowFail: true });
  assert(c.status === 0, `tsc --noEmit failed:\n${c.out.trim().split("\n").slice(0, 20).join("\n")}`);
  const declarations = listed.filter((f) => f.includes(`${sep}node_modules${sep}`) && f.endsWith(".d.ts") && f.startsWith(work.app)).length;
  const version = run(tsc, ["--version"]).stdout.trim();
  return `${version}, ${files.join(" + ")}, ${declarations} declaration files checked (skipLibCheck false)`;
}

// ---------------------------------------------------------------- the browser

const MAIN_JS = `import * as tg from "tsgrad";
import { kernelFeatures, setKernelTier } from "@tsgrad/ndarray";
${TRAIN}
function wasmCompiles() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}
const features = kernelFeatures();
const auto = train(tg, ${STEPS});
setKernelTier("js");
const js = train(tg, ${STEPS});
setKernelTier("auto");
window.__result = { features, auto, js, wasmCompiles: wasmCompiles(), crossOriginIsolated: self.crossOriginIsolated === true };
`;

async function bundle() {
  const web = join(work.app, "web");
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, "main.js"), MAIN_JS);
  writeFileSync(join(web, "index.html"), `<!doctype html>\n<html><head><meta charset="utf-8"><title>tsgrad, bundled</title></head>\n<body><script type="module" src="./main.js"></script></body></html>\n`);
  // Vite and playwright-core are root devDependencies: this script, in the repository, resolves them.
  const { build } = await import("vite");
  await build({
    root: web,
    configFile: false,
    logLevel: "warn",
    base: "./",
    build: { outDir: join(web, "dist"), emptyOutDir: true, target: "es2022", modulePreload: false },
  });
  const assets = readdirSync(join(web, "dist", "assets"));
  const js = assets.filter((f) => f.endsWith(".js"));
  assert(js.length === 1, `the bundle is ${assets.join(", ")}`);
  const code = readFileSync(join(web, "dist", "assets", js[0]), "utf8");
  assert(!code.includes(ROOT), "the bundle names the repository's folder");
  work.webDist = join(web, "dist");
  return `${(code.length / 1024).toFixed(1)} kB minified`;
}

const CONTENT_TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
/** A CSP that allows the page's own scripts and nothing else: no 'wasm-unsafe-eval', no 'unsafe-eval'. */
const STRICT_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

/** Serves /bundled/ and /bundled-csp/ (the Vite build, the latter under STRICT_CSP) and the project folder. */
function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.endsWith("/favicon.ico")) {
      res.writeHead(204).end(); // no icon, and no 404 in the console
      return;
    }
    let root = work.app;
    let path = decodeURIComponent(url.pathname);
    const headers = {};
    for (const prefix of ["/bundled-csp/", "/bundled/"]) {
      if (path.startsWith(prefix)) {
        root = work.webDist;
        path = `/${path.slice(prefix.length)}`;
        if (prefix === "/bundled-csp/") headers["content-security-policy"] = STRICT_CSP;
        break;
      }
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream", ...headers });
    res.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done(server));
  });
}

/** Opens a page, waits for `window.__result`, and returns it with the page's errors and console errors. */
async function openPage(context, url) {
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  try {
    await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    await page.waitForFunction(() => window.__result !== undefined || window.__failed !== undefined, null, { timeout: 60_000, polling: 100 });
    const result = await page.evaluate(() => window.__result ?? { failed: window.__failed });
    return { result, pageErrors, consoleErrors };
  } catch (e) {
    throw new Error(`${url}: ${e instanceof Error ? e.message.split("\n")[0] : e}${pageErrors.length > 0 ? `; page errors: ${pageErrors.join(" | ")}` : ""}`);
  } finally {
    await page.close();
  }
}

function writePrebuiltPage() {
  const manifest = readJson(join(work.app, "node_modules", "tsgrad", "package.json"));
  const file = manifest.exports["./browser"].default.replace(/^\.\//, "");
  assert(manifest.unpkg?.replace(/^\.\//, "") === file && manifest.jsdelivr?.replace(/^\.\//, "") === file, `unpkg (${manifest.unpkg}) and jsdelivr (${manifest.jsdelivr}) should name ${file}`);
  const src = `/node_modules/tsgrad/${file}`;
  writeFileSync(
    join(work.app, "prebuilt.html"),
    `<!doctype html>
<html><head><meta charset="utf-8"><title>tsgrad, prebuilt module</title></head>
<body>
<script type="module">
import * as tg from "${src}";
${TRAIN}
try {
  window.__result = { ...train(tg, ${STEPS}), exports: Object.keys(tg).length };
} catch (e) {
  window.__failed = String(e && e.stack || e);
}
</script>
</body></html>
`,
  );
  return { src, bytes: statSync(join(work.app, "node_modules", "tsgrad", file)).size };
}

async function browserChecks() {
  if (!existsSync(CHROMIUM)) {
    for (const name of ["browser: bundled, WebAssembly kernels", "browser: bundled under a CSP without 'wasm-unsafe-eval', JS kernels", "browser: prebuilt module from a plain HTML page"]) {
      await check(name, () => {
        throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
      });
    }
    return;
  }
  let bundled = false;
  await check("browser: Vite bundles a training script", async () => {
    const detail = await bundle();
    bundled = true;
    return detail;
  });
  const { chromium } = await import("playwright-core");
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = mkdtempSync(join(work.base, "chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: LAUNCH_FLAGS, timeout: 30_000 });
    const version = context.browser()?.version() ?? "";
    let reference; // the JS tier's losses in the page without a CSP
    await check("browser: bundled, WebAssembly kernels", async () => {
      assert(bundled, "the bundle was not built");
      const { result: r, pageErrors, consoleErrors } = await openPage(context, `${origin}/bundled/index.html`);
      assert(pageErrors.length === 0 && consoleErrors.length === 0, `errors in the page: ${[...pageErrors, ...consoleErrors].join(" | ")}`);
      assert(r.features.tier === "wasm-simd", `kernelFeatures() says ${JSON.stringify(r.features)}`);
      assert(r.wasmCompiles, "WebAssembly does not compile in the page");
      const learned = assertLearned(r.auto, "wasm-simd");
      assertLearned(r.js, "js");
      const diff = maxRelDiff(r.auto.losses, r.js.losses);
      assert(diff < 1e-3, `the WebAssembly and JS tiers' losses differ by ${diff.toExponential(2)} (relative)`);
      reference = r.js.losses;
      return `Chromium ${version}, tier wasm-simd${r.features.relaxedSimd ? " (relaxed SIMD)" : ""}, crossOriginIsolated ${r.crossOriginIsolated}; ${learned}; forced JS tier within ${diff.toExponential(1)}`;
    });
    await check("browser: bundled under a CSP without 'wasm-unsafe-eval', JS kernels", async () => {
      assert(bundled, "the bundle was not built");
      const { result: r, pageErrors, consoleErrors } = await openPage(context, `${origin}/bundled-csp/index.html`);
      // The fallback is silent; a browser may still log the refused compilation itself.
      const unexpected = [...pageErrors, ...consoleErrors.filter((m) => !/WebAssembly|wasm/i.test(m))];
      assert(unexpected.length === 0, `errors in the page: ${unexpected.join(" | ")}`);
      assert(r.wasmCompiles === false, "the CSP did not stop WebAssembly compilation (the check proves nothing)");
      assert(r.features.tier === "js", `kernelFeatures() says ${JSON.stringify(r.features)} under the CSP`);
      const learned = assertLearned(r.auto, "CSP");
      assert(reference !== undefined, "no JS-tier reference from the page without a CSP");
      const same = r.auto.losses.every((v, i) => Object.is(v, reference[i]));
      assert(same, `the losses under the CSP differ from the JS tier's without it (max relative ${maxRelDiff(r.auto.losses, reference).toExponential(2)})`);
      return `CSP "${STRICT_CSP}": WebAssembly refused, tier js; ${learned}; losses bit-identical to the JS tier's`;
    });
    await check("browser: prebuilt module from a plain HTML page", async () => {
      const { src, bytes } = writePrebuiltPage();
      const { result: r, pageErrors, consoleErrors } = await openPage(context, `${origin}/prebuilt.html`);
      assert(r.failed === undefined, `the page threw: ${r.failed}`);
      assert(pageErrors.length === 0 && consoleErrors.length === 0, `errors in the page: ${[...pageErrors, ...consoleErrors].join(" | ")}`);
      const learned = assertLearned(r, "prebuilt");
      if (work.nodeLosses !== undefined) {
        const diff = maxRelDiff(r.losses, work.nodeLosses);
        assert(diff < 1e-3, `the prebuilt module's losses differ from Node's by ${diff.toExponential(2)} (relative)`);
      }
      return `<script type="module"> importing ${src} (${(bytes / 1024).toFixed(1)} kB, ${r.exports} exports), no bundler; ${learned}`;
    });
  } finally {
    await context?.close().catch(() => undefined);
    server.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const overall = setTimeout(() => {
    console.log(`consumer: FAILED — still running after ${OVERALL_MS / 1000} s`);
    cleanUp();
    process.exit(1);
  }, OVERALL_MS);
  overall.unref();
  try {
    setUp();
  } catch (e) {
    console.log(`consumer: set-up: FAILED — ${e instanceof Error ? e.message : String(e)}`);
    cleanUp();
    process.exit(1);
  }
  console.log(`consumer: a fresh npm project in ${work.base} (outside the repository)`);
  let installed = false;
  await check("install the tarballs with npm", async () => {
    const detail = await install();
    installed = true;
    return detail;
  });
  if (installed) {
    writeNodeScripts();
    await check("Node ESM: import * as tg from \"tsgrad\" trains", nodeEsm);
    await check("CommonJS: require(\"tsgrad\") on Node 20", nodeCjs);
    for (const resolution of ["bundler", "node16", "nodenext"]) {
      await check(`TypeScript: tsc --noEmit, moduleResolution ${resolution}`, () => typescript(resolution));
    }
    try {
      await browserChecks();
    } catch (e) {
      await check("browser: Chromium runs", () => {
        throw e;
      });
    }
    await check("Node 24 ESM (npx -y node@24)", node24);
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`consumer: done in ${((Date.now() - started) / 1000).toFixed(1)} s${KEEP ? `; kept ${work.base}` : ""}`);
  console.log(`consumer: ${results.length - failed} passed, ${failed} failed`);
  cleanUp();
  process.exit(failed > 0 || !installed ? 1 : 0);
}

function cleanUp() {
  if (work !== undefined && !KEEP) rmSync(work.base, { recursive: true, force: true });
}

await main();
