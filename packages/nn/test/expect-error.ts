import { expect } from "vitest";
import type { TsgradError } from "@tsgrad/ndarray";

/**
 * Asserts `fn` throws an error of class `cls` raised by op `op`, whose message starts with
 * `<op>:` and contains every fragment. Shared by the nn test files.
 */
export function expectError(fn: () => unknown, cls: typeof TsgradError, op: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(cls);
  const err = caught as TsgradError;
  expect(err.op).toBe(op);
  expect(err.message.startsWith(`${op}:`)).toBe(true);
  for (const f of fragments) expect(err.message).toContain(f);
}
