import type { ExperimentResult } from "./experiment.js";

/** One line of a chart. */
export interface Series {
  name: string;
  color: string;
  xs: readonly number[];
  ys: readonly number[];
  dash?: string;
}

/** A chart's description. */
export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  yMin?: number;
  yMax?: number;
}

const W = 330;
const H = 300;
const M = { left: 52, right: 20, top: 52, bottom: 46 };

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** "Nice" tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function fmtTick(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(0);
  return String(Number(v.toPrecision(6)));
}

/** A self-contained SVG line chart with axes, ticks, grid and a legend. */
export function lineChart(spec: ChartSpec): string {
  const finite = (a: readonly number[]) => a.filter((v) => Number.isFinite(v));
  const allX = spec.series.flatMap((s) => finite(s.xs));
  const allY = spec.series.flatMap((s) => finite(s.ys));
  const xMin = Math.min(...allX, 0);
  const xMax = Math.max(...allX, 1);
  let yMin = spec.yMin ?? Math.min(...allY);
  let yMax = spec.yMax ?? Math.max(...allY);
  if (!(yMax > yMin)) {
    yMin -= 1;
    yMax += 1;
  }
  const pad = spec.yMin === undefined ? (yMax - yMin) * 0.05 : 0;
  yMin -= pad;
  yMax += spec.yMax === undefined ? pad : 0;
  const px = (x: number) => M.left + ((x - xMin) / (xMax - xMin)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - yMin) / (yMax - yMin)) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(spec.title)}">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(spec.title)}</text>`);
  for (const t of niceTicks(yMin, yMax)) {
    const y = py(t);
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${fmtTick(t)}</text>`);
  }
  for (const t of niceTicks(xMin, xMax)) {
    const x = px(t);
    parts.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${H - M.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${fmtTick(t)}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`);
  parts.push(
    `<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((s, i) => {
    const pts = s.xs
      .map((x, k) => [x, s.ys[k]!] as const)
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .map(([x, y]) => `${px(x).toFixed(1)},${py(Math.min(Math.max(y, yMin), yMax)).toFixed(1)}`)
      .join(" ");
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ""} points="${pts}"/>`);
    // Legend in a row under the title, clear of the lines.
    const ly = 38;
    const lx = M.left + i * Math.floor((W - M.left - M.right) / spec.series.length);
    parts.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ""}/>`);
    parts.push(`<text x="${lx + 22}" y="${ly + 4}" font-size="10">${escapeXml(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

function percentileSeries(steps: readonly number[], p: ExperimentResult["withBN"]["percentiles"], color: string): Series[] {
  return [
    { name: "85th pct", color, xs: steps, ys: p.p85, dash: "5 3" },
    { name: "50th pct", color, xs: steps, ys: p.p50 },
    { name: "15th pct", color, xs: steps, ys: p.p15, dash: "2 3" },
  ];
}

/** The HTML report: Figure 1 (a), (b) and (c) re-created, with the run's settings and end points. */
export function renderReport(r: ExperimentResult): string {
  const o = r.options;
  const last = (a: readonly number[]) => a[a.length - 1]!;
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
  const allPercentiles = [r.withoutBN, r.withBN].flatMap((n) => [...n.percentiles.p15, ...n.percentiles.p85]);
  const pMin = Math.min(...allPercentiles);
  const pMax = Math.max(...allPercentiles);
  const figA = lineChart({
    title: "(a) Test accuracy",
    xLabel: "training steps",
    yLabel: "test accuracy",
    series: [
      { name: "Without BN", color: "#d62728", xs: r.steps, ys: r.withoutBN.testAccuracy, dash: "6 3" },
      { name: "With BN", color: "#1f77b4", xs: r.steps, ys: r.withBN.testAccuracy },
    ],
    yMin: Math.max(0, Math.floor(Math.min(...r.withoutBN.testAccuracy.slice(1), ...r.withBN.testAccuracy.slice(1)) * 20) / 20),
    yMax: 1,
  });
  const figB = lineChart({
    title: "(b) Without BN: a sigmoid's input",
    xLabel: "training steps",
    yLabel: "sigmoid input",
    series: percentileSeries(r.steps, r.withoutBN.percentiles, "#d62728"),
    yMin: pMin,
    yMax: pMax,
  });
  const figC = lineChart({
    title: "(c) With BN: a sigmoid's input",
    xLabel: "training steps",
    yLabel: "sigmoid input",
    series: percentileSeries(r.steps, r.withBN.percentiles, "#1f77b4"),
    yMin: pMin,
    yMax: pMax,
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tsgrad — BatchNorm paper, Figure 1 on MNIST</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1040px; color: #222; line-height: 1.45; }
.figs { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border: 1px solid #ccc; padding: 0.3rem 0.7rem; text-align: left; }
th { background: #f5f5f5; }
code { background: #f3f3f3; padding: 0 0.2rem; }
</style>
</head>
<body>
<h1>Batch Normalization on MNIST — Figure 1 re-created with tsgrad</h1>
<p>Ioffe &amp; Szegedy (2015), section 4.1: a fully connected network with three hidden layers of 100 sigmoid
units, small random Gaussian initial weights and a 10-way softmax cross-entropy output, trained with SGD on
mini-batches of ${o.batchSize}, with and without BatchNorm after each hidden linear layer. Both nets start from the
same weights and see the same mini-batches.</p>
<table>
<tr><th>setting</th><th>value</th></tr>
<tr><td>training steps</td><td>${o.steps}</td></tr>
<tr><td>learning rate (SGD)</td><td>${o.lr}</td></tr>
<tr><td>initial weight std</td><td>${o.initStd}</td></tr>
<tr><td>seed</td><td>${o.seed}</td></tr>
<tr><td>evaluation every</td><td>${o.evalEvery} steps (10,000 test images)</td></tr>
<tr><td>sigmoid input followed</td><td>unit ${o.unit} of the last hidden layer, over ${o.probeSize} test images</td></tr>
</table>
<table>
<tr><th>net</th><th>final test accuracy</th><th>final training loss</th></tr>
<tr><td style="text-align:left">Without BN</td><td>${pct(last(r.withoutBN.testAccuracy))}</td><td>${last(r.withoutBN.trainLoss).toFixed(4)}</td></tr>
<tr><td style="text-align:left">With BN</td><td>${pct(last(r.withBN.testAccuracy))}</td><td>${last(r.withBN.trainLoss).toFixed(4)}</td></tr>
</table>
<p>Training took ${r.seconds.toFixed(1)} s in all, ${r.secondsPer1000Steps.toFixed(1)} s per 1,000 steps of both nets (evaluations excluded).</p>
<div class="figs">
<figure>${figA}</figure>
<figure>${figB}</figure>
<figure>${figC}</figure>
</div>
<p>(b, c): the 15th, 50th and 85th percentiles of the input to one sigmoid of the last hidden layer over the
probe images. The paper's point: with BatchNorm the distribution stays stable as training goes on.
Every number behind the charts is in <code>results.json</code> beside this page.</p>
</body>
</html>
`;
}
