// What the release scripts (pack, consumer test, size) share: the publishable packages in
// dependency order, the tarball folder, and helpers to run the repository's own tools.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The publishable packages' folders under packages/, dependencies before dependents. */
export const PACKAGE_DIRS = ["ndarray", "autograd", "nn", "data", "testing", "onnx", "tsgrad"];

/** Where `pnpm run pack` writes the tarballs (root dist/ is git-ignored). */
export const TARBALL_DIR = join(ROOT, "dist", "tarballs");

/** Debian's Chromium, which .ci/run installs (or CHROMIUM_PATH). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The flags Chromium is launched with here and in examples/playground/test-e2e/playground.e2e.mjs. */
export const LAUNCH_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The prebuilt browser module of `tsgrad`, relative to its package folder. */
export const BROWSER_MODULE = "dist/tsgrad.browser.min.js";

/**
 * The small classifier the consumer test trains everywhere and `pnpm run size` bundles, as plain
 * JavaScript defining `train(tg, steps)` over the `tsgrad` namespace: 2-32-32-2 with BatchNorm, Adam
 * and cross-entropy on 256 seeded points inside / outside a circle; returns the losses and the accuracy.
 */
export const CLASSIFIER_JS = `
function train(tg, steps) {
  const x = tg.randn([256, 2], { seed: 1 });
  const y = tg.lt(x.square().sum(1), 1.44); // int32 class: inside the circle of radius 1.2
  const model = new tg.nn.Sequential(
    new tg.nn.Linear(2, 32, { seed: 2 }), new tg.nn.BatchNorm1d(32), new tg.nn.ReLU(),
    new tg.nn.Linear(32, 32, { seed: 3 }), new tg.nn.ReLU(),
    new tg.nn.Linear(32, 2, { seed: 4 }),
  );
  const opt = new tg.optim.Adam(model.parameters(), { lr: 0.02 });
  const losses = [];
  for (let step = 0; step < steps; step++) {
    opt.zeroGrad();
    const loss = tg.nn.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  model.eval();
  const accuracy = tg.noGrad(() => tg.eq(model.forward(x).argmax(1), y).astype("float32").mean().item());
  return { losses, accuracy };
}
`;

/** Parses a JSON file. */
export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The package.json of each publishable package, with its folder. */
export function publishablePackages() {
  return PACKAGE_DIRS.map((d) => {
    const dir = join(ROOT, "packages", d);
    return { dir, manifest: readJson(join(dir, "package.json")) };
  });
}

/**
 * Runs a command and returns its output; throws with the command's output when it exits
 * non-zero (or, with `allowFail`, returns the result instead). `env` adds to this process's
 * environment, or replaces it with `inheritEnv: false`.
 */
export function run(cmd, args, { cwd = ROOT, env, inheritEnv = true, allowFail = false, timeout = 300_000, input } = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: inheritEnv ? { ...process.env, ...env } : env,
    encoding: "utf8",
    timeout,
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (!allowFail && (r.status !== 0 || r.error)) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed: ${why}\n${out.trim()}`);
  }
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", out };
}

/** Resolves a package installed at the repository's root (a root devDependency). */
export function resolveRootPackage(specifier) {
  return createRequire(join(ROOT, "package.json")).resolve(specifier);
}

/** Imports rolldown, the bundler inside the root's Vite (so no bundler of its own is installed). */
export async function importRolldown() {
  const fromVite = createRequire(resolveRootPackage("vite"));
  return import(pathToFileURL(fromVite.resolve("rolldown")).href);
}

/** The repository's TypeScript compiler: `node <this> …` runs `tsc`. */
export function tscPath() {
  return resolveRootPackage("typescript/bin/tsc");
}

/**
 * The command that runs the pnpm of `packageManager` in the root package.json: `pnpm` when
 * the one on PATH is that version, else `npx -y pnpm@<version>` (as the README does).
 */
export function pnpmCommand() {
  const wanted = readJson(join(ROOT, "package.json")).packageManager.replace(/^pnpm@/, "");
  const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (onPath.status === 0 && onPath.stdout.trim() === wanted) return { cmd: "pnpm", prefix: [] };
  return { cmd: "npx", prefix: ["-y", `pnpm@${wanted}`] };
}

/** Fails with a clear message when a path the script needs is missing. */
export function mustExist(path, hint) {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
}
