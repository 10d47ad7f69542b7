/** A terminal progress bar: steps/s, the latest losses and the ETA, redrawn in place on a TTY. */
export class ProgressBar {
  private readonly total: number;
  private readonly stream: NodeJS.WriteStream;
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastLoggedDecile = -1;

  constructor(total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.total = total;
    this.stream = stream;
  }

  /** Redraws (at most ten times a second on a TTY; at every 10% otherwise). */
  update(done: number, fields: Record<string, string>): void {
    const now = performance.now();
    const elapsed = (now - this.started) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const info = Object.entries(fields)
      .map(([k, v]) => `${k} ${v}`)
      .join("  ");
    const line = `${done}/${this.total}  ${rate.toFixed(1)} steps/s  ${info}  ETA ${formatDuration(eta)}`;
    if (this.stream.isTTY) {
      if (done < this.total && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.stream.write(`\r${fitLine(done / this.total, line, this.stream.columns)}\x1b[K`);
      if (done === this.total) this.stream.write("\n");
      return;
    }
    const decile = Math.floor((done / this.total) * 10);
    if (decile !== this.lastLoggedDecile) {
      this.lastLoggedDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }
}

/**
 * The bar and `line` in at most `columns − 1` characters (a full-width line would wrap on
 * some terminals and the carriage return would no longer redraw it in place): the bar
 * shrinks first (24 down to 10 cells, then none), then the text is cut with "…".
 */
export function fitLine(fraction: number, line: string, columns: number | undefined): string {
  const room = Math.max(10, (columns ?? 80) - 1);
  const bar = (width: number): string => {
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] `;
  };
  const width = Math.min(24, room - line.length - 3);
  if (width >= 10) return bar(width) + line;
  return line.length <= room ? line : `${line.slice(0, room - 1)}…`;
}

/** `83s` → `1m23s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
