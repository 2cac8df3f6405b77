import type { LanguageTag } from "../../domain/languages";
import { errorFromStatus, readErrorText, requestEngine, supportsPair, trimBase, unsupportedPair } from "./http";
import {
  TRANSLATION_TIMEOUT_MS,
  TranslationError,
  type TranslationProvider,
  type TranslationRequest,
  type TranslationResult,
} from "./types";

export type LibreTranslateSettings = {
  apiBaseUrl: string;
  /** Only instances configured with keys need one; self-hosted ones usually do not. */
  apiKey: string | undefined;
  timeoutMs?: number;
};

/**
 * Our tag → LibreTranslate's code, from the Argos models LibreTranslate lists. No Somali,
 * Hmong or Haitian Creole model exists: null, so the chain moves on. `zh` is accepted by old
 * and new servers (new ones call it `zh-Hans` and alias `zh`). Dari goes as Persian `fa`.
 * A server may lack a model we list; it answers 400 "… is not supported", which we treat as
 * unsupported_pair so the chain falls through.
 */
export const LIBRETRANSLATE_CODES: Readonly<Record<LanguageTag, string | null>> = {
  en: "en",
  es: "es",
  vi: "vi",
  "zh-Hans": "zh",
  ar: "ar",
  so: null,
  hmn: null,
  ht: null,
  pt: "pt",
  ru: "ru",
  ko: "ko",
  tl: "tl",
  uk: "uk",
  fr: "fr",
  prs: "fa",
};

/** LibreTranslate `POST /translate` with `format: "text"` (self-hosted; no data leaves the district). */
export class LibreTranslateProvider implements TranslationProvider {
  readonly name = "libretranslate" as const;
  constructor(
    private readonly settings: LibreTranslateSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  supports(from: string, to: string): boolean {
    return supportsPair(LIBRETRANSLATE_CODES, from, to);
  }

  async translate({ text, from, to }: TranslationRequest): Promise<TranslationResult> {
    if (!this.supports(from, to)) throw unsupportedPair(this.name, from, to);
    const body: Record<string, string> = {
      q: text,
      source: LIBRETRANSLATE_CODES[from as LanguageTag]!,
      target: LIBRETRANSLATE_CODES[to as LanguageTag]!,
      format: "text",
    };
    if (this.settings.apiKey) body.api_key = this.settings.apiKey;
    const response = await requestEngine(
      this.name,
      this.fetchImpl,
      `${trimBase(this.settings.apiBaseUrl)}/translate`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      this.settings.timeoutMs ?? TRANSLATION_TIMEOUT_MS,
    );
    if (!response.ok) {
      const detail = await readErrorText(response);
      if (response.status === 400 && /is not supported|not available as a target language/i.test(detail)) {
        throw new TranslationError(`libretranslate does not translate ${from} → ${to}: ${detail.slice(0, 200)}`, {
          engine: this.name,
          kind: "unsupported_pair",
          httpStatus: 400,
        });
      }
      throw errorFromStatus(this.name, response, detail);
    }
    const payload = (await response.json().catch(() => null)) as { translatedText?: unknown } | null;
    if (typeof payload?.translatedText !== "string") {
      throw new TranslationError("libretranslate answered 200 without translatedText", {
        engine: this.name,
        kind: "unavailable",
        httpStatus: response.status,
      });
    }
    return {
      text: payload.translatedText,
      engine: this.name,
      model: null,
      detectedFrom: null,
      detectionScore: null,
      chars: text.length,
    };
  }
}
