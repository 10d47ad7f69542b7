// `pnpm run size`: bundle sizes (minified, gzip) of one small classifier trained with tsgrad and with TF.js,
// bundled alike by rolldown (Vite's bundler) for the browser, each bundle trained once in headless Chromium.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildBrowserModule } from "./build-browser.mjs";
import { CHROMIUM, CLASSIFIER_JS, LAUNCH_FLAGS, PACKAGE_DIRS, ROOT, importRolldown, mustExist, readJson, run, tscPath } from "./common.mjs";

const STEPS = 40;

/**
 * The same classifier in TF.js, written the way its guides do: a layers model (2-32-32-2, BatchNorm
 * after the first dense layer, softmax output with sparse categorical cross-entropy, which is
 * tsgrad's crossEntropy on logits), Adam at 0.02, full-batch `fit`. `tf` holds the ops and the
 * optimizer, `tfl` the layers API (the same namespace for @tensorflow/tfjs).
 */
const TFJS_CLASSIFIER_JS = `
async function train(tf, tfl, steps) {
  const x = tf.randomNormal([256, 2], 0, 1, "float32", 1);
  const y = tf.cast(tf.less(tf.sum(tf.square(x), 1), 1.44), "float32"); // functions, not chained methods: tfjs-core alone has none
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [2], units: 32 }), tfl.layers.batchNormalization(), tfl.layers.reLU(),
      tfl.layers.dense({ units: 32, activation: "relu" }),
      tfl.layers.dense({ units: 2, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.02), loss: "sparseCategoricalCrossentropy" });
  const history = await model.fit(x, y, { epochs: steps, batchSize: 256, shuffle: false, verbose: 0 });
  const predicted = tf.argMax(model.predict(x), 1);
  const accuracy = tf.mean(tf.cast(tf.equal(predicted, tf.cast(y, "int32")), "float32")).dataSync()[0];
  return { losses: history.history.loss, accuracy };
}
`;

/** The bundles to measure: an entry module exporting `run(steps)`, and where its packages come from. */
function cases(tfjsDir) {
  const tfjsSibling = (name) => join(dirname(tfjsDir), name);
  const tfjsVersion = readJson(join(tfjsDir, "package.json")).version;
  return [
    {
      name: "tsgrad",
      what: 'import * as tg from "tsgrad" (a bundler, tree-shaken)',
      entry: `import * as tg from "tsgrad";\n${CLASSIFIER_JS}\nexport async function run(steps) { return train(tg, steps); }\n`,
      alias: { tsgrad: join(ROOT, "packages", "tsgrad") },
    },
    {
      name: `@tensorflow/tfjs ${tfjsVersion}`,
      what: 'import * as tf from "@tensorflow/tfjs" (its usual import: CPU and WebGL backends)',
      entry: `import * as tf from "@tensorflow/tfjs";\n${TFJS_CLASSIFIER_JS}\nexport async function run(steps) { await tf.setBackend("cpu"); return train(tf, tf, steps); }\n`,
      alias: { "@tensorflow/tfjs": tfjsDir },
    },
    {
      name: `TF.js ${tfjsVersion}, smallest`,
      what: "@tensorflow/tfjs-core + tfjs-layers + tfjs-backend-cpu (no WebGL)",
      entry:
        `import * as tf from "@tensorflow/tfjs-core";\nimport * as tfl from "@tensorflow/tfjs-layers";\nimport "@tensorflow/tfjs-backend-cpu";\n` +
        `${TFJS_CLASSIFIER_JS}\nexport async function run(steps) { await tf.setBackend("cpu"); return train(tf, tfl, steps); }\n`,
      alias: Object.fromEntries(["tfjs-core", "tfjs-layers", "tfjs-backend-cpu"].map((p) => [`@tensorflow/${p}`, tfjsSibling(p)])),
    },
  ];
}

/** Bundles an entry for the browser, minified ES module, and returns the code. */
async function bundle(rolldown, dir, { name, entry, alias }) {
  const input = join(dir, `${name.replace(/[^\w]+/g, "-")}.entry.mjs`);
  writeFileSync(input, entry);
  const b = await rolldown({
    input,
    platform: "browser",
    logLevel: "silent",
    resolve: { alias },
    // What a production build sets; TF.js reads it to drop its debug paths.
    transform: { define: { "process.env.NODE_ENV": JSON.stringify("production") } },
  });
  try {
    const { output } = await b.generate({ format: "esm", minify: true, comments: { legal: false, annotation: false, jsdoc: false } });
    const chunks = output.filter((o) => o.type === "chunk");
    if (chunks.length !== 1) throw new Error(`${name}: expected one chunk, got ${chunks.length}`);
    return chunks[0].code;
  } finally {
    await b.close();
  }
}

/** Serves a folder on 127.0.0.1 at a free port. */
function serve(dir) {
  const server = createServer((req, res) => {
    const file = join(dir, basename(new URL(req.url ?? "/", "http://127.0.0.1").pathname));
    if (!existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript" });
    res.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done(server));
  });
}

/** Loads a bundle in headless Chromium and trains with it: the measured code must be code that works. */
async function trainWith(context, origin, dir, name, code) {
  const slug = name.replace(/[^\w]+/g, "-");
  writeFileSync(join(dir, `${slug}.js`), code);
  writeFileSync(
    join(dir, `${slug}.html`),
    `<!doctype html><meta charset="utf-8"><script type="module">import { run } from "./${slug}.js";
run(${STEPS}).then((r) => { window.__result = r; }, (e) => { window.__failed = String(e && e.stack || e); });</script>`,
  );
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/${slug}.html`, { waitUntil: "load", timeout: 30_000 });
    await page.waitForFunction(() => window.__result !== undefined || window.__failed !== undefined, null, { timeout: 60_000, polling: 100 });
    const r = await page.evaluate(() => window.__result ?? { failed: window.__failed });
    if (r.failed !== undefined) throw new Error(`${name}: the bundle failed in Chromium: ${r.failed.slice(0, 500)}`);
    return { first: r.losses[0], last: r.losses[r.losses.length - 1], accuracy: r.accuracy };
  } finally {
    await page.close();
  }
}

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;

async function main() {
  const tfjsLink = join(ROOT, "bench", "node_modules", "@tensorflow", "tfjs");
  mustExist(tfjsLink, "install the workspace first (pnpm install): bench/ has @tensorflow/tfjs");
  const tfjsDir = realpathSync(tfjsLink);
  console.log("size: building the packages (tsc -b) and the prebuilt browser module");
  run(process.execPath, [tscPath(), "-b", ...PACKAGE_DIRS.map((d) => join("packages", d))]);
  const prebuilt = await buildBrowserModule();
  const { rolldown } = await importRolldown();
  mustExist(CHROMIUM, "each bundle is run in headless Chromium: install Debian's chromium or set CHROMIUM_PATH");
  const dir = mkdtempSync(join(tmpdir(), "tsgrad-size-"));
  const server = await serve(dir);
  const { chromium } = await import("playwright-core");
  const context = await chromium.launchPersistentContext(join(dir, "chromium"), { executablePath: CHROMIUM, headless: true, args: LAUNCH_FLAGS, timeout: 30_000 });
  const rows = [];
  try {
    const origin = `http://127.0.0.1:${server.address().port}`;
    for (const c of cases(tfjsDir)) {
      const code = await bundle(rolldown, dir, c);
      const trained = await trainWith(context, origin, dir, c.name, code);
      if (!(trained.last < 0.8 * trained.first && Number.isFinite(trained.last))) throw new Error(`${c.name}: the bundle did not train (${trained.first} → ${trained.last})`);
      rows.push({ ...c, min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length, trained });
    }
  } finally {
    await context.close().catch(() => undefined);
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nA 2-32-32-2 classifier with BatchNorm, Adam and cross-entropy, trained ${STEPS} full-batch steps;`);
  console.log("each bundle is one minified ES module for the browser (rolldown, the bundler inside Vite), gzip at level 9.\n");
  console.log("| bundle | what it holds | minified | gzip | loss, first → last step |");
  console.log("|---|---|---:|---:|---|");
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.what} | ${kB(r.min)} | ${kB(r.gzip)} | ${r.trained.first.toFixed(3)} → ${r.trained.last.toFixed(3)} |`);
  }
  console.log(`| tsgrad/browser | the prebuilt module, the whole API (no bundler) | ${kB(prebuilt.bytes)} | ${kB(prebuilt.gzipBytes)} | — |`);
}

await main();
