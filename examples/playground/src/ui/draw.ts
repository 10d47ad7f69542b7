import { type Dataset, VIEW_EXTENT } from "../datasets.js";
import type { History } from "../history.js";
import type { LossPair } from "../comparison.js";
import type { GammaBeta } from "../trainer.js";

/** Class colours (RGB) shared by the boundary, the points and the legend. */
const CLASS_RGB: readonly [number, number, number][] = [
  [245, 140, 30], // class 0: orange
  [40, 110, 230], // class 1: blue
];

/** Curve colours of the two networks. */
export const BN_COLOR = "#7c3aed";
export const PLAIN_COLOR = "#64748b";

const AXIS_COLOR = "#94a3b8";
const TEXT_COLOR = "#334155";
const FONT = "11px system-ui, sans-serif";

/**
 * A canvas's 2-D context sized for the device pixel ratio, drawing in CSS pixels.
 * @returns the context and the canvas's CSS width and height
 */
export function prepareCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  if (ctx === null) throw new Error("playground: this browser gives no 2-D canvas context");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/**
 * Paints a classifier's decision regions and the training points: each cell takes its
 * class colour, paler where the network is less sure, with the 50 % line left white.
 * @param canvas - a square canvas
 * @param probs - P(class 1) on the `res × res` grid of `gridPoints(res)`
 * @param res - grid resolution
 * @param data - the training points
 */
export function drawBoundary(canvas: HTMLCanvasElement, probs: Float32Array, res: number, data: Dataset): void {
  const { ctx, width } = prepareCanvas(canvas);
  const cells = new ImageData(res, res);
  for (let i = 0; i < res * res; i++) {
    // a diverged network (NaN logits) paints white rather than black
    const p = Number.isFinite(probs[i]!) ? probs[i]! : 0.5;
    const [r, g, b] = CLASS_RGB[p > 0.5 ? 1 : 0]!;
    const sure = Math.min(1, Math.abs(2 * p - 1)) * 0.55; // at most 55 % colour, so the points stand out
    cells.data[4 * i] = Math.round(255 + (r - 255) * sure);
    cells.data[4 * i + 1] = Math.round(255 + (g - 255) * sure);
    cells.data[4 * i + 2] = Math.round(255 + (b - 255) * sure);
    cells.data[4 * i + 3] = 255;
  }
  const grid = document.createElement("canvas");
  grid.width = res;
  grid.height = res;
  grid.getContext("2d")!.putImageData(cells, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(grid, 0, 0, width, width);
  const toPx = (v: number): number => ((v + VIEW_EXTENT) / (2 * VIEW_EXTENT)) * width;
  for (let i = 0; i < data.n; i++) {
    const [r, g, b] = CLASS_RGB[data.y[i]!]!;
    ctx.beginPath();
    ctx.arc(toPx(data.x[2 * i]!), width - toPx(data.x[2 * i + 1]!), 3, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = "white";
    ctx.stroke();
  }
}

/** Maps data coordinates to a plot rectangle. */
interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function px(f: Frame, x: number): number {
  return f.left + ((x - f.x0) / (f.x1 - f.x0 || 1)) * f.width;
}

function py(f: Frame, y: number): number {
  return f.top + f.height - ((y - f.y0) / (f.y1 - f.y0 || 1)) * f.height;
}

function polyline(ctx: CanvasRenderingContext2D, f: Frame, xs: readonly number[], ys: readonly number[], color: string, lineWidth: number): void {
  if (xs.length === 0) return;
  ctx.beginPath();
  ctx.moveTo(px(f, xs[0]!), py(f, ys[0]!));
  for (let i = 1; i < xs.length; i++) ctx.lineTo(px(f, xs[i]!), py(f, ys[i]!));
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.stroke();
}

function axes(ctx: CanvasRenderingContext2D, f: Frame, yTicks: readonly { value: number; label: string }[], xLabel: string): void {
  ctx.font = FONT;
  ctx.fillStyle = TEXT_COLOR;
  ctx.strokeStyle = "#e2e8f0";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yTicks) {
    const y = py(f, t.value);
    ctx.beginPath();
    ctx.moveTo(f.left, y);
    ctx.lineTo(f.left + f.width, y);
    ctx.stroke();
    ctx.fillText(t.label, f.left - 4, y);
  }
  ctx.strokeStyle = AXIS_COLOR;
  ctx.strokeRect(f.left, f.top, f.width, f.height);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(String(Math.round(f.x0)), f.left, f.top + f.height + 3);
  ctx.fillText(String(Math.round(f.x1)), f.left + f.width, f.top + f.height + 3);
  ctx.fillText(xLabel, f.left + f.width / 2, f.top + f.height + 3);
}

/**
 * Both networks' smoothed training loss against the step, on a log scale from 0.001 to 1.
 * @param canvas - the chart's canvas
 * @param history - the smoothed losses
 */
export function drawLossChart(canvas: HTMLCanvasElement, history: History<LossPair>): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  const items = history.items;
  const lastStep = items.length > 0 ? items[items.length - 1]!.step : 0;
  const f: Frame = { left: 44, top: 10, width: width - 56, height: height - 34, x0: 0, x1: Math.max(lastStep, 10), y0: -3, y1: Math.log10(2) };
  axes(
    ctx,
    f,
    [1, 0.1, 0.01, 0.001].map((v) => ({ value: Math.log10(v), label: String(v) })),
    "step",
  );
  const xs = items.map((e) => e.step);
  const clampLog = (v: number): number => Math.min(f.y1, Math.max(f.y0, Math.log10(Math.max(v, 1e-12))));
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  polyline(ctx, f, xs, items.map((e) => clampLog(e.value.plain)), PLAIN_COLOR, 2);
  polyline(ctx, f, xs, items.map((e) => clampLog(e.value.bn)), BN_COLOR, 2);
  ctx.restore();
}

/** A readable range around values, padded, always containing `anchor`. */
function range(values: Iterable<number>, anchor: number): [number, number] {
  let lo = anchor;
  let hi = anchor;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = Math.max((hi - lo) * 0.1, 0.05);
  return [lo - pad, hi + pad];
}

function channelColor(c: number, channels: number): string {
  return `hsl(${Math.round((360 * c) / channels)}, 65%, 48%)`;
}

/**
 * One BatchNorm layer's γ (top) and β (bottom) over the run, one line per feature, with
 * their starting values (γ = 1, β = 0) dashed.
 * @param canvas - the chart's canvas
 * @param history - γ and β of every BatchNorm layer over the run
 * @param layer - which BatchNorm layer
 */
export function drawGammaBeta(canvas: HTMLCanvasElement, history: History<GammaBeta[]>, layer: number): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  const items = history.items;
  if (items.length === 0) return;
  const xs = items.map((e) => e.step);
  const x1 = Math.max(xs[xs.length - 1]!, 10);
  const panelHeight = (height - 30) / 2;
  const panels: { key: "gamma" | "beta"; label: string; anchor: number; top: number }[] = [
    { key: "gamma", label: "γ", anchor: 1, top: 6 },
    { key: "beta", label: "β", anchor: 0, top: 14 + panelHeight },
  ];
  for (const panel of panels) {
    const series = items.map((e) => e.value[layer]?.[panel.key] ?? []);
    const channels = series[0]!.length;
    const [y0, y1] = range(
      series.flatMap((v) => v),
      panel.anchor,
    );
    const f: Frame = { left: 44, top: panel.top, width: width - 52, height: panelHeight, x0: 0, x1, y0, y1 };
    ctx.strokeStyle = AXIS_COLOR;
    ctx.lineWidth = 1;
    ctx.strokeRect(f.left, f.top, f.width, f.height);
    ctx.font = FONT;
    ctx.fillStyle = TEXT_COLOR;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(y1.toFixed(2), f.left - 4, f.top + 6);
    ctx.fillText(y0.toFixed(2), f.left - 4, f.top + f.height - 6);
    ctx.font = "bold 14px system-ui, sans-serif";
    ctx.fillText(panel.label, f.left - 18, f.top + f.height / 2);
    ctx.setLineDash([4, 3]);
    polyline(ctx, f, [0, x1], [panel.anchor, panel.anchor], AXIS_COLOR, 1);
    ctx.setLineDash([]);
    for (let c = 0; c < channels; c++) {
      polyline(
        ctx,
        f,
        xs,
        series.map((v) => v[c]!),
        channelColor(c, channels),
        1.25,
      );
    }
  }
  ctx.font = FONT;
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(`step (0 – ${Math.round(x1)})`, 44 + (width - 52) / 2, height - 14);
}
