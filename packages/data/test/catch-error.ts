// The error a call throws, for tests that inspect its class, op and message.

/** Runs `f` and returns what it throws; fails the test when it throws nothing. */
export function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}
