// Every allocation goes through one checked allocator: a size above MAX_ELEMENTS (or one the
// engine refuses) is a typed error naming the op, never the engine's bare RangeError.
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";

describe("oversized allocations", () => {
  const cases: [string, string, () => unknown][] = [
    ["sum over a [1e10, 1] broadcast view", "sum", () => T.sum(T.broadcastTo(T.zeros([1, 1]), [1e10, 1]), { axis: 1 })],
    ["conv2d with padding 1e6 (its im2col scratch)", "conv2d", () => T.conv2d(T.zeros([1, 1, 2, 2]), T.zeros([1, 1, 1, 1]), null, { padding: 1e6 })],
    ["permutation(1e12)", "permutation", () => T.permutation(1e12)],
  ];
  for (const [name, op, f] of cases) {
    it(name, () => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).not.toBeInstanceOf(RangeError);
      expect(err).toBeInstanceOf(T.ValueError);
      expect((err as Error).message).toMatch(new RegExp(`^${op}: cannot allocate \\d+ elements of \\w+: more than the maximum of 2147483647`));
    });
  }
});

describe("every allocation names its op and respects MAX_ELEMENTS", () => {
  const over = T.MAX_ELEMENTS + 1;
  const cases: [string, () => unknown][] = [
    ["zeros", () => T.zeros([over])],
    ["full", () => T.full([over, 1], 2)],
    ["eye", () => T.eye(65536)],
    ["randn", () => T.randn([over])],
    ["arange", () => T.arange(over)],
    ["permutation", () => T.permutation(over)],
    ["conv2d", () => T.conv2d(T.zeros([1, 1, 2, 2]), T.zeros([1, 1, 1, 1]), null, { padding: 30000 })],
  ];
  for (const [op, f] of cases) {
    it(op, () => {
      expect(f).toThrow(T.ValueError);
      expect(f).toThrow(new RegExp(`^${op}: cannot allocate \\d+ elements`));
    });
  }
});
