// The kit's progress bar: the line fits the terminal (never wider than its columns, for any width
// and any progress), the bar shrinks before the text is cut, one line per 10% when not a terminal.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProgressBar, fitLine, formatDuration, progressText, renderProgress, terminalColumns } from "../src/progress.js";

describe("fitLine", () => {
  const line = "1200/3000  85.3 steps/s  loss(noBN) 0.123  loss(BN) 0.045  ETA 21s";
  for (const columns of [undefined, 200, 80, 60, 40, 20, 10, 2, 1]) {
    it(`fits ${String(columns)} columns`, () => {
      const out = fitLine(0.4, line, columns);
      expect(out.length).toBeLessThanOrEqual(Math.max(1, (columns ?? 80) - 1));
    });
  }
  it("keeps the full bar when there is room, and drops it before cutting the text", () => {
    expect(fitLine(0.5, "abc", 200)).toBe(`[${"#".repeat(12)}${"-".repeat(12)}] abc`);
    expect(fitLine(0.5, line, line.length + 1)).toBe(line);
    expect(fitLine(0.5, line, line.length + 14)).toBe(`[${"#".repeat(5)}${"-".repeat(5)}] ${line}`);
    expect(fitLine(0.5, line, 30)).toMatch(/…$/);
    expect(fitLine(0.5, line, 30)).toBe(`${line.slice(0, 28)}…`);
  });
  it("clamps the fraction", () => {
    expect(fitLine(-1, "a", 80)).toBe(`[${"-".repeat(24)}] a`);
    expect(fitLine(2, "a", 80)).toBe(`[${"#".repeat(24)}] a`);
  });
});

describe("renderProgress", () => {
  const state = fc.record({
    label: fc.oneof(fc.constant(""), fc.string({ maxLength: 30 })),
    total: fc.integer({ min: 1, max: 10_000_000 }),
    doneFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    seconds: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e7, noNaN: true })),
    fields: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.oneof(fc.string({ maxLength: 20 }), fc.double().map((v) => v.toFixed(4))), { maxKeys: 4 }),
  });

  it("is never wider than the terminal: for 20 to 300 columns and any progress, the line has fewer characters than columns", () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 300 }), state, (columns, s) => {
        const done = Math.round(s.doneFraction * s.total);
        const line = renderProgress({ label: s.label, done, total: s.total, seconds: s.seconds, fields: s.fields }, columns);
        expect(line.length).toBeLessThanOrEqual(columns);
        expect(line.length).toBeLessThan(columns); // one column spare, so the line never wraps
        expect(line).not.toContain("\n");
      }),
    );
  });

  it("shows the whole text when it fits, with a bar as wide as there is room for (10 to 24 cells)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 300 }), state, (columns, s) => {
        const done = Math.round(s.doneFraction * s.total);
        const p = { label: s.label, done, total: s.total, seconds: s.seconds, fields: s.fields };
        const text = progressText(p);
        const line = renderProgress(p, columns);
        const room = columns - 1;
        if (text.length + 13 <= room) {
          const width = Math.min(24, room - text.length - 3);
          expect(line).toMatch(new RegExp(`^\\[[#-]{${width}}\\] `));
          expect(line).toBe(line.slice(0, width + 3) + text);
        } else if (text.length <= room) expect(line).toBe(text);
        else expect(line).toBe(`${text.slice(0, room - 1)}…`);
      }),
    );
  });

  it("reads: label, count, rate, fields, ETA", () => {
    expect(progressText({ label: "epoch 1/5", done: 50, total: 200, seconds: 10, fields: { loss: "0.1234" } })).toBe("epoch 1/5 50/200  5.0 steps/s  loss 0.1234  ETA 30s");
    expect(progressText({ done: 0, total: 10, seconds: 0, fields: {} })).toBe("0/10  0.0 steps/s  ETA --");
  });
});

describe("formatDuration", () => {
  it("seconds, then minutes and seconds", () => {
    expect([0, 4.4, 59.6, 83, 3600, -5, Infinity, Number.NaN].map(formatDuration)).toEqual(["0s", "4s", "1m00s", "1m23s", "60m00s", "0s", "--", "--"]);
  });
});

describe("ProgressBar", () => {
  const sink = (isTTY: boolean, columns?: number) => {
    const writes: string[] = [];
    return { stream: { isTTY, ...(columns === undefined ? {} : { columns }), write: (t: string) => writes.push(t) }, writes };
  };

  it("on a terminal: redraws in place within its width, and ends the line when done", () => {
    for (const columns of [30, 50, 120]) {
      const { stream, writes } = sink(true, columns);
      const bar = new ProgressBar(3, "epoch 1/1", stream);
      bar.update(1, { loss: "2.3026" });
      bar.update(3, { loss: "0.5000" });
      expect(writes.length).toBeGreaterThanOrEqual(2);
      expect(writes[writes.length - 1]).toBe("\n");
      for (const w of writes.slice(0, -1)) {
        expect(w).toMatch(/^\r.*\x1b\[K$/);
        expect(w.slice(1, -3).length).toBeLessThan(columns);
      }
    }
  });

  it("in a log: the first step, then one line per 10%", () => {
    const { stream, writes } = sink(false);
    const bar = new ProgressBar(100, "", stream);
    for (let i = 1; i <= 100; i++) bar.update(i, { loss: "1" });
    expect(writes.map((w) => w.split("/")[0])).toEqual(["1", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"]);
    expect(writes[1]).toMatch(/^10\/100 {2}[\d.]+ steps\/s {2}loss 1 {2}ETA /);
    expect(writes.every((w) => w.endsWith("\n") && !w.includes("\r"))).toBe(true);
  });

  it("terminalColumns: the stream's, else stdout's, else 80", () => {
    expect(terminalColumns({ columns: 132 })).toBe(132);
    const saved = process.stdout.columns;
    try {
      Object.defineProperty(process.stdout, "columns", { value: undefined, configurable: true, writable: true });
      expect(terminalColumns({})).toBe(80);
      Object.defineProperty(process.stdout, "columns", { value: 100, configurable: true, writable: true });
      expect(terminalColumns({})).toBe(100);
    } finally {
      Object.defineProperty(process.stdout, "columns", { value: saved, configurable: true, writable: true });
    }
  });
});
