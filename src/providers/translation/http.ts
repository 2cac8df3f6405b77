import { TRANSLATION_TIMEOUT_MS, TranslationError } from "./types";

/**
 * The one place the `fetch`-based adapters turn transport trouble into TranslationError kinds,
 * so Azure, Google and LibreTranslate back off the same way: a timeout is `timeout`, a reset
 * or DNS failure is `unavailable`, 429 is `rate_limited` (with Retry-After), 5xx `unavailable`,
 * any other 4xx `rejected` (a bad key or request; retrying will not help).
 */
export async function requestEngine(
  engine: string,
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number = TRANSLATION_TIMEOUT_MS,
): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new TranslationError(`${engine} did not answer within ${timeoutMs} ms`, { engine, kind: "timeout" });
    }
    throw new TranslationError(`${engine} request failed: ${(error as Error).message}`, {
      engine,
      kind: "unavailable",
    });
  }
}

/** A non-2xx answer as a TranslationError; `detail` is the vendor's own message, for logs. */
export function errorFromStatus(engine: string, response: Response, detail: string): TranslationError {
  const status = response.status;
  const message = `${engine} answered ${status}${detail ? `: ${detail.slice(0, 200)}` : ""}`;
  if (status === 429) {
    return new TranslationError(message, {
      engine,
      kind: "rate_limited",
      httpStatus: status,
      retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
    });
  }
  if (status >= 500) return new TranslationError(message, { engine, kind: "unavailable", httpStatus: status });
  return new TranslationError(message, { engine, kind: "rejected", httpStatus: status });
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The body of a failed answer, never throwing: a vendor's error page may not be JSON. */
export async function readErrorText(response: Response): Promise<string> {
  return response.text().catch(() => "");
}

/** Our tag → the engine's code, and back (for detected languages). */
export function reverseCodes(codes: Readonly<Record<string, string | null>>): Map<string, string> {
  const back = new Map<string, string>();
  for (const [tag, code] of Object.entries(codes))
    if (code && !back.has(code.toLowerCase())) back.set(code.toLowerCase(), tag);
  return back;
}

export function unsupportedPair(engine: string, from: string, to: string): TranslationError {
  return new TranslationError(`${engine} does not translate ${from} → ${to}`, { engine, kind: "unsupported_pair" });
}

/** The engine's code for one of our tags, or undefined (own keys only: no `constructor`). */
export function codeFor(codes: Readonly<Record<string, string | null>>, tag: string): string | undefined {
  return Object.hasOwn(codes, tag) ? (codes[tag] ?? undefined) : undefined;
}

/**
 * An engine translates a pair when it has a code for both languages and they differ (Dari and
 * Persian share `fa` on the engines without Dari: that is not a translation).
 */
export function supportsPair(codes: Readonly<Record<string, string | null>>, from: string, to: string): boolean {
  const source = codeFor(codes, from);
  const target = codeFor(codes, to);
  return source !== undefined && target !== undefined && source !== target;
}

/** `https://host/` and `https://host` both become `https://host`, so paths join cleanly. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}
