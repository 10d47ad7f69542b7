import * as tg from "tsgrad";
import { Comparison, type RunConfig } from "../comparison.js";
import { DATASET_KINDS, type DatasetKind } from "../datasets.js";
import { MAX_DEPTH, MIN_DEPTH } from "../model.js";
import { type GammaBeta, gridPoints } from "../trainer.js";
import { drawBoundary, drawGammaBeta, drawLossChart } from "./draw.js";

/** Resolution of the decision-boundary grid (cells per side). */
const GRID = 48;
/** Training time per slice before the page yields to input and drawing. */
const SLICE_MS = 12;
/** The boundaries cost two forward passes over the grid: redraw them at most this often. */
const BOUNDARY_EVERY_MS = 150;

/** Where the page is: before the first step, training, or paused. */
type RunState = "idle" | "running" | "paused";

/** What the page exposes on `window.__playground` for end-to-end tests and the console. */
export interface PlaygroundHooks {
  /** The kernel tier that runs the training (`tg.kernelTier()`: "wasm-simd" or "js"). */
  readonly tier: string;
  /** Idle, running or paused. */
  state(): RunState;
  /** Steps taken by each network in the current run. */
  steps(): number;
  /** Every minibatch loss of the current run, per network. */
  losses(): { bn: number[]; plain: number[] };
  /** γ and β of each BatchNorm layer now. */
  gammaBeta(): GammaBeta[];
  /** The current run's settings. */
  config(): RunConfig;
  /** Times the page has been redrawn (charts and boundaries). */
  draws(): number;
  /** Starts or resumes training. */
  start(): void;
  /** Pauses training. */
  pause(): void;
  /** Starts a new run from the controls' settings, paused at step 0. */
  reset(): void;
}

declare global {
  interface Window {
    /** Test hooks of the playground page. */
    __playground: PlaygroundHooks;
  }
}

function element<T extends HTMLElement>(id: string, type: { new (): T; readonly name: string }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`playground: #${id} is missing or is not a ${type.name}`);
  return found;
}

const ui = {
  dataset: element("dataset", HTMLSelectElement),
  lr: element("lr", HTMLSelectElement),
  depth: element("depth", HTMLInputElement),
  depthValue: element("depth-value", HTMLOutputElement),
  start: element("start", HTMLButtonElement),
  pause: element("pause", HTMLButtonElement),
  reset: element("reset", HTMLButtonElement),
  steps: element("steps", HTMLElement),
  tier: element("tier", HTMLElement),
  boundaryBn: element("boundary-bn", HTMLCanvasElement),
  boundaryPlain: element("boundary-plain", HTMLCanvasElement),
  lossBn: element("loss-bn", HTMLElement),
  lossPlain: element("loss-plain", HTMLElement),
  accBn: element("acc-bn", HTMLElement),
  accPlain: element("acc-plain", HTMLElement),
  lossChart: element("loss-chart", HTMLCanvasElement),
  layers: element("gamma-beta", HTMLElement),
};

/** The controls' settings. */
function readConfig(): RunConfig {
  const dataset = ui.dataset.value as DatasetKind;
  if (!DATASET_KINDS.includes(dataset)) throw new Error(`playground: unknown dataset ${dataset}`);
  const depth = Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, Math.round(Number(ui.depth.value))));
  return { dataset, lr: Number(ui.lr.value), depth, seed: 0 };
}

const grid = gridPoints(GRID);
let run = new Comparison(readConfig());
let state: RunState = "idle";
let draws = 0;
let drawPending = false;
let lastBoundaryAt = -Infinity;
/** Identifies the current training loop: a loop whose token is stale stops. */
let loopToken = 0;
let layerCards: { canvas: HTMLCanvasElement; summary: HTMLElement }[] = [];

/** One card per BatchNorm layer, rebuilt when a run starts. */
function buildLayerCards(): void {
  ui.layers.replaceChildren();
  layerCards = run.bn.classifier.batchNorms.map((_, i) => {
    const card = document.createElement("div");
    card.className = "layer";
    const title = document.createElement("h3");
    title.textContent = `BatchNorm layer ${i + 1} `;
    const summary = document.createElement("span");
    title.append(summary);
    const canvas = document.createElement("canvas");
    canvas.dataset["testid"] = `bn-layer-${i + 1}`;
    card.append(title, canvas);
    ui.layers.append(card);
    return { canvas, summary };
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function formatLoss(value: number | undefined): string {
  if (value === undefined) return "–";
  return Number.isFinite(value) ? value.toFixed(3) : "diverged";
}

function draw(now: number): void {
  drawPending = false;
  draws++;
  ui.steps.textContent = String(run.steps);
  const loss = run.smoothedLoss;
  ui.lossBn.textContent = formatLoss(loss?.bn);
  ui.lossPlain.textContent = formatLoss(loss?.plain);
  if (now - lastBoundaryAt >= BOUNDARY_EVERY_MS || state !== "running") {
    lastBoundaryAt = now;
    drawBoundary(ui.boundaryBn, run.bn.predict(grid), GRID, run.data);
    drawBoundary(ui.boundaryPlain, run.plain.predict(grid), GRID, run.data);
    ui.accBn.textContent = `${(100 * run.bn.accuracy()).toFixed(0)} %`;
    ui.accPlain.textContent = `${(100 * run.plain.accuracy()).toFixed(0)} %`;
  }
  drawLossChart(ui.lossChart, run.lossHistory);
  const current = run.bn.gammaBeta();
  layerCards.forEach((card, i) => {
    drawGammaBeta(card.canvas, run.gammaBetaHistory, i);
    const layer = current[i]!;
    card.summary.textContent = `mean γ ${mean(layer.gamma).toFixed(3)} · mean β ${mean(layer.beta).toFixed(3)}`;
  });
}

function requestDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(draw);
}

/** Trains for one slice of time, then yields so the page stays responsive. */
function trainSlice(token: number): void {
  if (state !== "running" || token !== loopToken) return;
  const until = performance.now() + SLICE_MS;
  do run.step();
  while (performance.now() < until);
  requestDraw();
  setTimeout(() => trainSlice(token), 0);
}

function setState(next: RunState): void {
  state = next;
  loopToken++;
  ui.start.disabled = next === "running";
  ui.pause.disabled = next !== "running";
  ui.start.textContent = next === "paused" ? "▶ Resume" : "▶ Start";
  if (next === "running") {
    const token = loopToken;
    setTimeout(() => trainSlice(token), 0);
  }
  requestDraw();
}

/** Starts a new run from the controls; keeps training if it was. */
function newRun(keepRunning: boolean): void {
  run = new Comparison(readConfig());
  buildLayerCards();
  setState(keepRunning && state === "running" ? "running" : "idle");
}

ui.start.addEventListener("click", () => setState("running"));
ui.pause.addEventListener("click", () => setState("paused"));
ui.reset.addEventListener("click", () => newRun(false));
ui.dataset.addEventListener("change", () => newRun(true));
ui.depth.addEventListener("input", () => {
  ui.depthValue.value = ui.depth.value;
});
ui.depth.addEventListener("change", () => newRun(true));
ui.lr.addEventListener("change", () => {
  run.lr = Number(ui.lr.value);
});
window.addEventListener("resize", () => {
  lastBoundaryAt = -Infinity;
  requestDraw();
});

const tier = tg.kernelTier();
ui.tier.textContent = tier;
buildLayerCards();
setState("idle");

window.__playground = {
  tier,
  state: () => state,
  steps: () => run.steps,
  losses: () => ({ bn: run.bn.losses.slice(), plain: run.plain.losses.slice() }),
  gammaBeta: () => run.bn.gammaBeta(),
  config: () => ({ ...run.config, lr: run.lr }),
  draws: () => draws,
  start: () => setState("running"),
  pause: () => setState("paused"),
  reset: () => newRun(false),
};
