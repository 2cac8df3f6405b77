/**
 * Retry delays for transient provider failures (429, 5xx, network): exponential from 30 s,
 * capped at one hour, with "equal jitter" (half fixed, half random) so a burst of failures
 * after an outage does not come back as a burst of retries at the same second.
 */
export const MAX_SEND_ATTEMPTS = 6;
const BASE_MS = 30_000;
const CAP_MS = 60 * 60_000;

export function retryDelayMs(attempt: number, random: () => number): number {
  const exponential = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
