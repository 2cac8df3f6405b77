/**
 * Keeps texts to the sender's rate, counted in segments — Twilio's throughput limits count
 * segments, so a 3-segment text costs three 1-segment ones. A token bucket without burst
 * (GCRA): each text books the next free slot and the slot after it moves on by its segments,
 * at SAFETY_MARGIN × SMS_MPS, so the timer jitter of a busy process (a send that leaves late,
 * then one on time) never adds up to more than the provider's rate. Slots are booked
 * synchronously, so runs that ask together get consecutive slots. A 429 pauses everyone who
 * sends through the pacer.
 *
 * One pacer per process (it lives on Deps), shared by every dispatcher run in it: two runs in
 * one process (the timer and a request's kick) take turns instead of each sending at the full
 * rate. Runs in other processes have their own; the provider's 429s (handled by the
 * dispatcher) are the backstop there.
 */
export const SAFETY_MARGIN = 0.95;

export type Pacer = {
  /**
   * Books the next slot for `segments` and says how many ms to wait for it. The caller waits
   * (with deps.sleep, which tests replace); the pacer only keeps the schedule.
   */
  reserve(segments: number): number;
  /** The provider said "too many": nobody sends for `ms`. */
  pause(ms: number): void;
};

export function createPacer(segmentsPerSecond: number, now: () => number = () => performance.now()): Pacer {
  const interval = 1000 / (segmentsPerSecond * SAFETY_MARGIN);
  let next = Number.NEGATIVE_INFINITY;
  return {
    reserve(segments) {
      const at = now();
      const start = Math.max(next, at);
      next = start + Math.max(1, segments) * interval;
      return start - at;
    },
    pause(ms) {
      next = Math.max(next, now() + ms);
    },
  };
}
