import * as tg from "tsgrad";

/**
 * A bounded record of a series sampled over training steps: it keeps every
 * `stride`-th sample and, when full, drops every other sample it holds and doubles the
 * stride. The whole run stays visible in at most `capacity` entries, so charts redraw
 * in the same time at step 100 and at step 100,000.
 */
export class History<T> {
  /** Largest number of entries kept. */
  readonly capacity: number;
  private readonly entries: { step: number; value: T }[] = [];
  private stride = 1;

  /**
   * @param capacity - largest number of entries kept, an even number ≥ 2
   * @throws ValueError for any other capacity
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
      throw new tg.ValueError("History", `capacity must be an even integer ≥ 2, got ${capacity}`, { capacity });
    }
    this.capacity = capacity;
  }

  /**
   * Offers the value at a step; it is kept when the step is a multiple of the stride.
   * Steps must be offered in increasing order.
   * @param step - the training step the value belongs to
   * @param value - the sample (kept by reference)
   */
  offer(step: number, value: T): void {
    if (step % this.stride !== 0) return;
    this.entries.push({ step, value });
    if (this.entries.length >= this.capacity) {
      this.stride *= 2;
      let kept = 0;
      for (const e of this.entries) if (e.step % this.stride === 0) this.entries[kept++] = e;
      this.entries.length = kept;
    }
  }

  /** The kept entries, oldest first. */
  get items(): readonly { step: number; value: T }[] {
    return this.entries;
  }

  /** Number of entries kept. */
  get length(): number {
    return this.entries.length;
  }

  /** Current sampling stride in steps. */
  get sampleStride(): number {
    return this.stride;
  }
}
