// `pnpm run set-version <version>`: moves every publishable package to one version (they move in
// lockstep), after checking that CHANGELOG.md has a "## <version>" section for it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, publishablePackages } from "./common.mjs";

const version = process.argv[2];
if (version === undefined || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error("usage: pnpm run set-version <major.minor.patch[-pre]>");
  process.exit(1);
}
const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
if (!new RegExp(`^## \\[?${version.replace(/\./g, "\\.")}\\]?(\\s|$)`, "m").test(changelog)) {
  console.error(`set-version: CHANGELOG.md has no "## ${version}" section; write it first`);
  process.exit(1);
}
for (const { dir, manifest } of publishablePackages()) {
  const path = join(dir, "package.json");
  // Replace the one "version" line, so the file's formatting and key order stay as they are.
  const text = readFileSync(path, "utf8");
  const next = text.replace(/^(\s*"version":\s*")[^"]*(")/m, `$1${version}$2`);
  writeFileSync(path, next);
  console.log(`set-version: ${manifest.name} ${manifest.version} -> ${version}`);
}
