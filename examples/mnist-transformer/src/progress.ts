// A terminal progress bar for the training loop (steps/s, the running loss, the ETA); separate so
// the loop in train.ts only reports numbers and the CLI decides how to show them.

/** `83` → `1m23s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** Redrawn in place on a TTY (at most ten times a second); one line per 10% otherwise, e.g. in a log file. */
export class ProgressBar {
  readonly #total: number;
  readonly #label: string;
  readonly #stream: NodeJS.WriteStream;
  readonly #started = performance.now();
  #lastDraw = 0;
  #lastDecile = -1;

  constructor(total: number, label: string, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = total;
    this.#label = label;
    this.#stream = stream;
  }

  /** Shows `done` of the total steps and the given fields. */
  update(done: number, fields: Record<string, string>): void {
    const now = performance.now();
    const elapsed = (now - this.#started) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.#total - done) / rate : Infinity;
    const info = Object.entries(fields)
      .map(([k, v]) => `${k} ${v}`)
      .join("  ");
    const line = `${this.#label} ${done}/${this.#total}  ${rate.toFixed(1)} steps/s  ${info}  ETA ${formatDuration(eta)}`;
    if (this.#stream.isTTY) {
      if (done < this.#total && now - this.#lastDraw < 100) return;
      this.#lastDraw = now;
      const width = 24;
      const filled = Math.round((done / this.#total) * width);
      this.#stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${line}\x1b[K`);
      if (done === this.#total) this.#stream.write("\n");
      return;
    }
    const decile = Math.floor((done / this.#total) * 10);
    if (decile !== this.#lastDecile) {
      this.#lastDecile = decile;
      this.#stream.write(`${line}\n`);
    }
  }
}
