import type { LanguageTag } from "../../domain/languages";
import {
  errorFromStatus,
  readErrorText,
  requestEngine,
  reverseCodes,
  supportsPair,
  trimBase,
  unsupportedPair,
} from "./http";
import {
  TRANSLATION_TIMEOUT_MS,
  TranslationError,
  type TranslationProvider,
  type TranslationRequest,
  type TranslationResult,
} from "./types";

export type GoogleTranslateSettings = {
  projectId: string;
  /** `global` unless the project pins a region. */
  location: string;
  /** Default https://translation.googleapis.com. */
  apiBaseUrl: string;
  /** A bearer access token for the cloud-translation scope (GoogleServiceAccountTokens). */
  accessToken: () => Promise<string>;
  timeoutMs?: number;
};

/**
 * Our tag → Cloud Translation's code (cloud.google.com/translate/docs/languages). Google lists
 * no separate Dari: `prs` goes as Persian `fa` (same script, written forms close; Azure's `prs`
 * is the better engine for Dari when both are configured — put azure first). Hmong is `hmn`.
 */
export const GOOGLE_CODES: Readonly<Record<LanguageTag, string>> = {
  en: "en",
  es: "es",
  vi: "vi",
  "zh-Hans": "zh-CN",
  ar: "ar",
  so: "so",
  hmn: "hmn",
  ht: "ht",
  pt: "pt",
  ru: "ru",
  ko: "ko",
  tl: "fil",
  uk: "uk",
  fr: "fr",
  prs: "fa",
};
const FROM_GOOGLE = reverseCodes(GOOGLE_CODES);

/**
 * Cloud Translation – Advanced (v3) `translateText` over `fetch`. `mimeType: text/plain`
 * matters: the default text/html returns `&amp;`, `&lt;` and drops line breaks.
 */
export class GoogleTranslationProvider implements TranslationProvider {
  readonly name = "google" as const;
  constructor(
    private readonly settings: GoogleTranslateSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  supports(from: string, to: string): boolean {
    return supportsPair(GOOGLE_CODES, from, to);
  }

  async translate({ text, from, to }: TranslationRequest): Promise<TranslationResult> {
    if (!this.supports(from, to)) throw unsupportedPair(this.name, from, to);
    const { projectId, location } = this.settings;
    const url = `${trimBase(this.settings.apiBaseUrl)}/v3/projects/${encodeURIComponent(projectId)}/locations/${encodeURIComponent(location)}:translateText`;
    const token = await this.settings.accessToken();
    const response = await requestEngine(
      this.name,
      this.fetchImpl,
      url,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({
          contents: [text],
          sourceLanguageCode: GOOGLE_CODES[from as LanguageTag],
          targetLanguageCode: GOOGLE_CODES[to as LanguageTag],
          mimeType: "text/plain",
        }),
      },
      this.settings.timeoutMs ?? TRANSLATION_TIMEOUT_MS,
    );
    if (!response.ok) {
      const body = await readErrorText(response);
      if (response.status === 400 && isLanguageComplaint(body)) {
        throw new TranslationError(`google does not translate ${from} → ${to}: ${body.slice(0, 200)}`, {
          engine: this.name,
          kind: "unsupported_pair",
          httpStatus: 400,
        });
      }
      // Google signals its quotas with 403 "User Rate Limit Exceeded" (per minute) or "Daily Limit
      // Exceeded" (resets at midnight Pacific): both pass with time, so back off, don't give up.
      if (response.status === 403 && /rate limit exceeded|daily limit exceeded|quota/i.test(body)) {
        throw new TranslationError(`google quota exceeded: ${body.slice(0, 200)}`, {
          engine: this.name,
          kind: "rate_limited",
          httpStatus: 403,
        });
      }
      throw errorFromStatus(this.name, response, body);
    }
    const payload = (await response.json().catch(() => null)) as {
      translations?: { translatedText?: string; detectedLanguageCode?: string; model?: string }[];
    } | null;
    const first = payload?.translations?.[0];
    if (typeof first?.translatedText !== "string") {
      throw new TranslationError("google answered 200 without translations[0].translatedText", {
        engine: this.name,
        kind: "unavailable",
        httpStatus: response.status,
      });
    }
    const detected = first.detectedLanguageCode;
    return {
      text: first.translatedText,
      engine: this.name,
      model: first.model ?? "v3",
      detectedFrom: detected ? (FROM_GOOGLE.get(detected.toLowerCase()) ?? detected) : null,
      detectionScore: null,
      chars: text.length,
    };
  }
}

/** Google answers 400 INVALID_ARGUMENT with e.g. "Target language is invalid." */
function isLanguageComplaint(body: string): boolean {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return (
      typeof message === "string" && /language/i.test(message) && /invalid|not supported|unsupported/i.test(message)
    );
  } catch {
    return false;
  }
}
