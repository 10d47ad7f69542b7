// `pnpm run pack`: builds the packages (tsc -b), packs each publishable one into dist/tarballs/ with
// `pnpm pack` (workspace ranges become real versions), checks every tarball and `npm publish --dry-run`s it.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  PACKAGE_DIRS,
  ROOT,
  TARBALL_DIR,
  pnpmCommand,
  publishablePackages,
  run,
  tscPath,
} from "./common.mjs";

const failures = [];
/** Records a failed check of one package (the run goes on, and fails at the end). */
function fail(name, message) {
  failures.push(`${name}: ${message}`);
  console.log(`pack: ${name}: FAILED — ${message}`);
}

/** One version for every package, and a CHANGELOG.md section for it. */
function checkLockstep(packages) {
  const versions = new Set(packages.map((p) => p.manifest.version));
  if (versions.size !== 1) {
    throw new Error(`the packages must move in lockstep, but their versions differ: ${packages.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(", ")}`);
  }
  const [version] = versions;
  const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
  if (!new RegExp(`^## \\[?${version.replace(/\./g, "\\.")}\\]?(\\s|$)`, "m").test(changelog)) {
    throw new Error(`CHANGELOG.md has no "## ${version}" section`);
  }
  return version;
}

/** The entries of a tarball (paths under package/) and its package.json. */
function readTarball(path) {
  const entries = run("tar", ["-tzf", path]).stdout.split("\n").filter((l) => l !== "" && !l.endsWith("/"));
  const manifest = JSON.parse(run("tar", ["-xzOf", path, "package/package.json"]).stdout);
  const license = run("tar", ["-xzOf", path, "package/LICENSE"], { allowFail: true }).stdout;
  return { files: entries.map((e) => e.replace(/^package\//, "")), manifest, license };
}

/** Every file an `exports` map points at, with a check that `types` comes first in each condition object. */
function exportTargets(exportsField, name) {
  const targets = [];
  const walk = (node, where) => {
    if (typeof node === "string") targets.push(node);
    else if (node !== null && typeof node === "object") {
      const keys = Object.keys(node);
      if (keys.includes("types") && keys[0] !== "types") fail(name, `exports ${where}: "types" must be the first condition`);
      if (!keys.some((k) => k.startsWith(".")) && !keys.includes("types")) fail(name, `exports ${where}: no "types" condition`);
      for (const k of keys) walk(node[k], `${where}${where === "" ? "" : " → "}${k}`);
    }
  };
  walk(exportsField, "");
  return targets.map((t) => t.replace(/^\.\//, ""));
}

/** The checks of one tarball: metadata, pinned internal versions, contents. */
function checkTarball(path, expected, version, rootLicense) {
  const name = expected.name;
  const { files, manifest: m, license } = readTarball(path);
  const has = new Set(files);
  if (m.name !== name || m.version !== version) fail(name, `tarball holds ${m.name}@${m.version}`);
  const text = JSON.stringify(m);
  if (text.includes("workspace:")) fail(name, "a workspace: range is left in package.json");
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
    for (const [dep, range] of Object.entries(m[field] ?? {})) {
      if ((dep === "tsgrad" || dep.startsWith("@tsgrad/")) && range !== version) fail(name, `${field}.${dep} is "${range}", not ${version}`);
    }
  }
  // Publish metadata the issue asks for.
  if (typeof m.description !== "string" || m.description.length < 20) fail(name, "no description");
  if (!Array.isArray(m.keywords) || m.keywords.length === 0) fail(name, "no keywords");
  if (m.license !== "MIT") fail(name, `license is ${m.license}`);
  if (m.type !== "module") fail(name, 'not "type": "module"');
  if (m.sideEffects !== false) fail(name, "sideEffects is not false");
  if (!/^>=\s*20\.19/.test(m.engines?.node ?? "")) fail(name, `engines.node is ${m.engines?.node}`);
  if (m.publishConfig?.access !== "public") fail(name, "publishConfig.access is not public");
  if (!Array.isArray(m.files)) fail(name, "no files list");
  if (m.private) fail(name, "private");
  // Contents: README, LICENSE (the root's), built JS and declarations, every entry point present.
  for (const f of ["package.json", "README.md", "LICENSE"]) if (!has.has(f)) fail(name, `${f} is not in the tarball`);
  if (license !== rootLicense) fail(name, "its LICENSE differs from the repository's");
  if (!files.some((f) => /^dist\/.*\.js$/.test(f))) fail(name, "no dist/*.js");
  if (!files.some((f) => /^dist\/.*\.d\.ts$/.test(f))) fail(name, "no dist/*.d.ts");
  const entryPoints = [...exportTargets(m.exports ?? {}, name), m.main, m.types, m.unpkg, m.jsdelivr].filter((t) => typeof t === "string");
  for (const t of entryPoints.map((e) => e.replace(/^\.\//, ""))) if (!has.has(t)) fail(name, `${t} (an entry point) is not in the tarball`);
  for (const f of files) {
    // No tests, no build caches, no dependencies, no local output.
    if (/(^|\/)(test|tests|__tests__|test-e2e|node_modules|coverage|out|\.doctests)\//.test(f) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(f)) {
      fail(name, `${f} should not be published`);
    }
    if (/\.tsbuildinfo$|(^|\/)\.DS_Store$|(^|\/)tsconfig(\.[\w-]+)?\.json$|(^|\/)typedoc\.json$/.test(f)) fail(name, `${f} (a build or config file) should not be published`);
  }
  return { files, manifest: m };
}

/** `npm publish --dry-run <tarball>`: must pass with no warning but the one about not being logged in. */
function dryRunPublish(path, name, version) {
  const r = run("npm", ["publish", "--dry-run", "--access", "public", path], { cwd: TARBALL_DIR, allowFail: true });
  if (r.status !== 0) {
    fail(name, `npm publish --dry-run exited ${r.status}:\n${r.out.trim()}`);
    return;
  }
  const warnings = r.out.split("\n").filter((l) => /npm warn/i.test(l) && !/requires you to be logged in/.test(l));
  if (warnings.length > 0) fail(name, `npm publish --dry-run warned:\n${warnings.join("\n")}`);
  if (!r.out.includes(`+ ${name}@${version}`)) fail(name, `npm publish --dry-run did not report + ${name}@${version}`);
}

function main() {
  const started = Date.now();
  const packages = publishablePackages();
  const version = checkLockstep(packages);
  console.log(`pack: version ${version} for ${packages.length} packages; building (tsc -b)`);
  run(process.execPath, [tscPath(), "-b", ...PACKAGE_DIRS.map((d) => join("packages", d))]);

  rmSync(TARBALL_DIR, { recursive: true, force: true });
  mkdirSync(TARBALL_DIR, { recursive: true });
  const pnpm = pnpmCommand();
  const rootLicense = readFileSync(join(ROOT, "LICENSE"), "utf8");
  for (const { dir, manifest } of packages) {
    const before = new Set(readdirSync(TARBALL_DIR));
    // pnpm pack rewrites workspace:* to the version, and runs the package's prepack (tsgrad's browser module).
    run(pnpm.cmd, [...pnpm.prefix, "pack", "--pack-destination", TARBALL_DIR], { cwd: dir });
    const made = readdirSync(TARBALL_DIR).filter((f) => !before.has(f) && f.endsWith(".tgz"));
    if (made.length !== 1) throw new Error(`pnpm pack in ${relative(ROOT, dir)} wrote ${made.length} tarballs`);
    const path = join(TARBALL_DIR, made[0]);
    const errorsBefore = failures.length;
    const { files } = checkTarball(path, manifest, version, rootLicense);
    dryRunPublish(path, manifest.name, version);
    if (failures.length === errorsBefore) {
      console.log(`pack: ${manifest.name}@${version}: ok (${made[0]}, ${files.length} files, ${(statSync(path).size / 1024).toFixed(1)} kB; npm publish --dry-run passes)`);
    }
  }
  const where = relative(ROOT, TARBALL_DIR);
  if (failures.length > 0) {
    console.error(`pack: ${failures.length} problem(s):\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`pack: ${packages.length} tarballs in ${where}/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

try {
  main();
} catch (e) {
  console.error(`pack: FAILED — ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
