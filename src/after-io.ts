/**
 * Runs `task` after the current round of I/O: pending requests get read first. Node's
 * `setImmediate` does exactly that; `setTimeout(…, 0)` would also wait at least 1 ms, which,
 * paid once per routed text, capped routing at a few hundred texts a second. Workers have no
 * `setImmediate`, and there a 0 ms timer is the closest equivalent.
 */
export const afterIo: (task: () => void) => void =
  typeof setImmediate === "function" ? (task) => setImmediate(task) : (task) => setTimeout(task, 0);

/** `await yieldToIo()`: let waiting requests run before continuing a long loop. */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => afterIo(resolve));
