// The examples' progress bar (steps/s, the latest losses, the ETA), redrawn in place on a terminal
// within its width, one line per 10% in a log; and the `1m23s` durations the examples print.

/** `83` → `1m23s` (`--` for a duration not known yet). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** Where a run stands: `done` of `total` steps after `seconds`, and fields to show (e.g. the loss). */
export interface ProgressState {
  /** Put in front (e.g. `"epoch 2/5"`); none when empty. */
  label?: string;
  done: number;
  total: number;
  seconds: number;
  fields: Readonly<Record<string, string>>;
}

/** `epoch 2/5 120/469  85.3 steps/s  loss 0.1234  ETA 4s`: the progress without the bar. */
export function progressText(s: ProgressState): string {
  const rate = s.done / Math.max(s.seconds, 1e-9);
  const eta = rate > 0 ? (s.total - s.done) / rate : Infinity;
  const info = Object.entries(s.fields).map(([k, v]) => `${k} ${v}`);
  const head = s.label === undefined || s.label === "" ? `${s.done}/${s.total}` : `${s.label} ${s.done}/${s.total}`;
  return [head, `${rate.toFixed(1)} steps/s`, ...info, `ETA ${formatDuration(eta)}`].join("  ");
}

/**
 * The bar and `line` in at most `columns − 1` characters (a full-width line would wrap on some
 * terminals, and the carriage return would no longer redraw it in place; one character for a
 * terminal of one column): the bar shrinks first (24 down to 10 cells, then none), then the text is
 * cut with "…".
 */
export function fitLine(fraction: number, line: string, columns: number | undefined): string {
  const room = Math.max(1, Math.floor(columns ?? 80) - 1);
  const bar = (width: number): string => {
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] `;
  };
  const width = Math.min(24, room - line.length - 3);
  if (width >= 10) return bar(width) + line;
  return line.length <= room ? line : `${line.slice(0, room - 1)}…`;
}

/** The line a terminal of `columns` columns shows for `s`: {@link fitLine} of {@link progressText}. */
export function renderProgress(s: ProgressState, columns: number | undefined): string {
  return fitLine(s.total > 0 ? s.done / s.total : 1, progressText(s), columns);
}

/** The width of the terminal behind `stream`: its columns, else stdout's, else 80. */
export function terminalColumns(stream: { columns?: number } = process.stderr): number {
  const c = stream.columns ?? process.stdout.columns;
  return c !== undefined && c > 0 ? c : 80;
}

/** What {@link ProgressBar} writes to (process.stderr by default). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Redrawn in place on a terminal (at most ten times a second), within its width; one line per 10% otherwise, e.g. in a log file. */
export class ProgressBar {
  readonly #total: number;
  readonly #label: string;
  readonly #stream: ProgressStream;
  readonly #started = performance.now();
  #lastDraw = 0;
  #lastDecile = -1;

  /**
   * @param total - the steps to go
   * @param label - put in front of the count (none when empty)
   * @param stream - where to draw
   */
  constructor(total: number, label = "", stream: ProgressStream = process.stderr) {
    this.#total = total;
    this.#label = label;
    this.#stream = stream;
  }

  /** Shows `done` of the total steps and the given fields. */
  update(done: number, fields: Readonly<Record<string, string>>): void {
    const now = performance.now();
    const state = { label: this.#label, done, total: this.#total, seconds: (now - this.#started) / 1000, fields };
    if (this.#stream.isTTY === true) {
      if (done < this.#total && now - this.#lastDraw < 100) return;
      this.#lastDraw = now;
      this.#stream.write(`\r${renderProgress(state, terminalColumns(this.#stream))}\x1b[K`);
      if (done >= this.#total) this.#stream.write("\n");
      return;
    }
    const decile = Math.floor((done / this.#total) * 10);
    if (decile !== this.#lastDecile) {
      this.#lastDecile = decile;
      this.#stream.write(`${progressText(state)}\n`);
    }
  }
}
