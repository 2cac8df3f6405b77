import { describe, expect, it } from "vitest";
import { createPacer, SAFETY_MARGIN } from "../../src/messaging/pacer";

/** A pacer on a clock that moves only when it sleeps: every wait is exact. */
function virtualPacer(segmentsPerSecond: number) {
  let clock = 0;
  const sends: number[] = [];
  const pacer = createPacer(segmentsPerSecond, () => clock);
  return {
    pacer,
    sends,
    async send(segments: number) {
      clock += pacer.reserve(segments);
      sends.push(clock);
    },
    tick: (ms: number) => {
      clock += ms;
    },
  };
}

describe("the send pacer", () => {
  it("spaces texts by their segments at 95 % of the rate, the first at once", async () => {
    const p = virtualPacer(10);
    for (const segments of [1, 3, 1, 2]) await p.send(segments);
    const slot = 1000 / (10 * SAFETY_MARGIN);
    expect(p.sends.map((at) => Math.round(at))).toEqual([0, 1, 4, 5].map((n) => Math.round(n * slot)));
  });

  it("never lets more than the rate through in any second, whatever the mix of segments", async () => {
    const p = virtualPacer(10);
    const segments = Array.from({ length: 200 }, (_, i) => 1 + (i % 3));
    for (const s of segments) await p.send(s);
    for (let i = 0; i < p.sends.length; i++) {
      // Segments of the texts that left within one second after text i (its own included).
      let inSecond = 0;
      for (let j = i; j < p.sends.length && p.sends[j]! < p.sends[i]! + 1000; j++) inSecond += segments[j]!;
      expect(inSecond).toBeLessThanOrEqual(10 + 2); // the rate, plus the text that starts the second
    }
    const total = segments.reduce((a, b) => a + b, 0);
    expect(p.sends.at(-1)! / 1000).toBeGreaterThan(((total - 3) / 10) * 0.99);
  });

  it("a 429's pause holds everyone, and idle time is not saved up as a burst", async () => {
    const p = virtualPacer(2);
    await p.send(1);
    p.pacer.pause(5000);
    await p.send(1);
    expect(p.sends[1]).toBe(5000);
    p.tick(60_000); // a quiet minute
    await p.send(1);
    await p.send(1);
    expect(p.sends[3]! - p.sends[2]!).toBeCloseTo(1000 / (2 * SAFETY_MARGIN));
  });
});
