/**
 * What the rest of the app knows about machine translation: one interface, real adapters over
 * `fetch` (Azure Translator, Google Cloud Translation, LibreTranslate) or a binding (Workers
 * AI), a translation memory for the demo, and `none`. buildDeps picks a chain of them; a
 * language pair one engine lacks falls to the next (Workers AI has no Hmong).
 *
 * Only the text crosses: no names, ids or phone numbers ride in URLs, headers or metadata.
 * Names, links, times and digits are protected by the caller (domain/protect.ts)
 * before the text reaches an engine.
 */
export type TranslationRequest = {
  text: string;
  /** Our tag (domain/languages.ts), e.g. `vi`, `zh-Hans`, `prs`. Always given: short SMS defeat detectors. */
  from: string;
  to: string;
};

export type TranslationResult = {
  text: string;
  /** Which engine answered (`azure`, `google`, `workers-ai`, `libretranslate`, `memory`, `fake`). */
  engine: string;
  /** The engine's model or API version, as far as it says (e.g. `@cf/meta/m2m100-1.2b`, `v3.0`). */
  model: string | null;
  /**
   * What the engine thinks the text is written in, when it says (our tag). Used only to raise a
   * "written in another language?" flag, never to pick the source language.
   */
  detectedFrom: string | null;
  /** The engine's detection confidence, 0–1, when it gives one (Azure). */
  detectionScore: number | null;
  /** Characters billed: the source text's length in UTF-16 code units, as the vendors count. */
  chars: number;
};

export type TranslationErrorKind =
  /** The engine does not translate this pair: try the next engine in the chain, or show the original. */
  | "unsupported_pair"
  /** 429 or a vendor quota: retry later. */
  | "rate_limited"
  /** 5xx, a network error: retry later. */
  | "unavailable"
  /** No answer within TRANSLATION_TIMEOUT_MS: retry later. */
  | "timeout"
  /** 4xx other than 429 (bad key, bad request): retrying will not help; someone must look. */
  | "rejected"
  /** No engine is configured (`none`), or the memory has no entry for this text. */
  | "not_configured";

export class TranslationError extends Error {
  constructor(
    message: string,
    readonly details: {
      engine: string;
      kind: TranslationErrorKind;
      httpStatus?: number;
      /** Seconds the engine asked us to wait (Retry-After), when it said. */
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
    this.name = "TranslationError";
  }

  get retryable(): boolean {
    return (
      this.details.kind === "rate_limited" || this.details.kind === "unavailable" || this.details.kind === "timeout"
    );
  }
}

export interface TranslationProvider {
  /** `azure` | `google` | `workers-ai` | `libretranslate` | `memory` | `fake` | `none`. */
  readonly name: string;
  /** False when the engine cannot translate this pair at all: the chain skips it without a call. */
  supports(from: string, to: string): boolean;
  /** One text; throws TranslationError. Adapters give up after TRANSLATION_TIMEOUT_MS. */
  translate(request: TranslationRequest): Promise<TranslationResult>;
}

/** An engine call gives up after this long; the job retries later with backoff. */
export const TRANSLATION_TIMEOUT_MS = 8_000;
