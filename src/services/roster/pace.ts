/**
 * Cooperative pacing for long, CPU-bound work inside one request (inflating a zip, parsing a big
 * CSV): the caller reports how much it has done, and every `budget` units it gives the event
 * loop a turn, so other requests — /healthz, a family's text — are answered meanwhile. Counted
 * in bytes, not milliseconds, because a Worker's clock does not advance while it computes.
 */
export type Pacer = (units: number) => Promise<void>;

export function pacer(budget: number): Pacer {
  let spent = 0;
  return async (units) => {
    spent += units;
    if (spent < budget) return;
    spent = 0;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  };
}
