// A view that would pass the maximum rank is refused by the call that makes it (unsqueeze,
// expand), and a pooling window far larger than its input costs its overlap with the input.
import { describe, expect, it } from "vitest";
import { MAX_RANK, ValueError, broadcastTo, expand, maxPool2d, ndarray, unsqueeze, zeros } from "@tsgrad/ndarray";

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("views past the maximum rank name the view", () => {
  it("unsqueeze, expand and broadcastTo", () => {
    const full = zeros(new Array<number>(MAX_RANK).fill(1));
    for (const [f, op] of [
      [() => unsqueeze(full, 0), "unsqueeze"],
      [() => expand(zeros([1]), new Array<number>(MAX_RANK + 1).fill(1)), "expand"],
      [() => broadcastTo(zeros([1]), new Array<number>(MAX_RANK + 1).fill(1)), "broadcastTo"],
    ] as const) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(ValueError);
      expect(e.message).toMatch(new RegExp(`^${op}: a shape of ${MAX_RANK + 1} axes is more than the maximum rank ${MAX_RANK}`));
    }
    expect(unsqueeze(zeros(new Array<number>(MAX_RANK - 1).fill(1)), 0).ndim).toBe(MAX_RANK);
  });
});

describe("max pooling visits only the taps inside the input", () => {
  it("a kernel of 2e9 with padding 1e9 over a 4 × 4 input returns at once, the input's maximum", () => {
    const x = ndarray([[[[1, 7, 3, 2], [0, 5, 9, 4], [8, 6, 2, 1], [3, 3, 3, 3]]]]);
    const start = Date.now();
    const y = maxPool2d(x, { kernelSize: 2e9, padding: 1e9 });
    expect(Date.now() - start).toBeLessThan(1000);
    expect(y.toArray()).toEqual([[[[9]]]]);
  });

  it("with dilation, padding and stride, the same result as visiting every tap", () => {
    const x = ndarray([[[[4, -1, 2, 8, 0, 3], [1, 6, -3, 5, 2, 0], [7, 0, 9, -2, 3, 1], [1, 1, 4, 6, -5, 2], [2, 8, 0, 1, 7, 4], [5, 2, 1, 0, 3, 9]]]]);
    const plane = (x.toArray() as number[][][][])[0]![0]!;
    for (const [k, d, p, st] of [[3, 2, 1, 1], [3, 1, 1, 2], [4, 2, 2, 1], [2, 3, 1, 3]] as const) {
      const out = Math.floor((6 + 2 * p - d * (k - 1) - 1) / st) + 1;
      const y = maxPool2d(x, { kernelSize: k, dilation: d, padding: p, stride: st }).toArray() as number[][][][];
      for (let oh = 0; oh < out; oh++) {
        for (let ow = 0; ow < out; ow++) {
          let best = -Infinity;
          for (let i = 0; i < k; i++) {
            for (let j = 0; j < k; j++) {
              const ih = oh * st - p + d * i;
              const iw = ow * st - p + d * j;
              if (ih >= 0 && ih < 6 && iw >= 0 && iw < 6) best = Math.max(best, plane[ih]![iw]!);
            }
          }
          expect(y[0]![0]![oh]![ow], `k=${k} d=${d} p=${p} s=${st} at ${oh},${ow}`).toBe(best);
        }
      }
    }
  });
});
