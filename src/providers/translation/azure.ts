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

export type AzureTranslatorSettings = {
  key: string;
  /** The resource's region (e.g. `eastus`); required for regional and multi-service resources. */
  region: string | undefined;
  /** Default https://api.cognitive.microsofttranslator.com (or a geography, e.g. api-nam.…). */
  apiBaseUrl: string;
  timeoutMs?: number;
};

/**
 * Our tag → Azure Translator's code, as Azure's `GET /languages?scope=translation` lists them.
 * Azure covers all fifteen: Hmong is Hmong Daw (White Hmong, `mww`), the dialect our Hmong
 * families write; Tagalog is Filipino `fil`; Portuguese `pt` is Brazilian Portuguese.
 */
export const AZURE_CODES: Readonly<Record<LanguageTag, string>> = {
  en: "en",
  es: "es",
  vi: "vi",
  "zh-Hans": "zh-Hans",
  ar: "ar",
  so: "so",
  hmn: "mww",
  ht: "ht",
  pt: "pt",
  ru: "ru",
  ko: "ko",
  tl: "fil",
  uk: "uk",
  fr: "fr",
  prs: "prs",
};
const FROM_AZURE = reverseCodes(AZURE_CODES);

/** Azure's documented error codes for a `from` / `to` it does not know (400035, 400036). */
const BAD_LANGUAGE_CODES = new Set([400035, 400036]);

type AzureTranslateItem = {
  detectedLanguage?: { language: string; score: number };
  translations: { text: string; to: string }[];
};

/**
 * Azure Translator v3 `translate` over `fetch`. We always send `from` (short SMS defeat
 * detectors), and Azure then returns no `detectedLanguage`: detectedFrom stays null. Only the
 * text travels, in the body; the query carries the two language codes and nothing else.
 */
export class AzureTranslationProvider implements TranslationProvider {
  readonly name = "azure" as const;
  constructor(
    private readonly settings: AzureTranslatorSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  supports(from: string, to: string): boolean {
    return supportsPair(AZURE_CODES, from, to);
  }

  async translate({ text, from, to }: TranslationRequest): Promise<TranslationResult> {
    if (!this.supports(from, to)) throw unsupportedPair(this.name, from, to);
    const url = new URL(`${trimBase(this.settings.apiBaseUrl)}/translate`);
    url.searchParams.set("api-version", "3.0");
    url.searchParams.set("from", AZURE_CODES[from as LanguageTag]);
    url.searchParams.set("to", AZURE_CODES[to as LanguageTag]);
    url.searchParams.set("textType", "plain");
    const headers: Record<string, string> = {
      "Ocp-Apim-Subscription-Key": this.settings.key,
      "content-type": "application/json; charset=UTF-8",
    };
    if (this.settings.region) headers["Ocp-Apim-Subscription-Region"] = this.settings.region;

    const response = await requestEngine(
      this.name,
      this.fetchImpl,
      url.toString(),
      { method: "POST", headers, body: JSON.stringify([{ Text: text }]) },
      this.settings.timeoutMs ?? TRANSLATION_TIMEOUT_MS,
    );
    if (!response.ok) {
      const body = await readErrorText(response);
      const code = parseAzureErrorCode(body);
      if (response.status === 400 && code !== undefined && BAD_LANGUAGE_CODES.has(code)) {
        throw new TranslationError(`azure does not translate ${from} → ${to}: ${body.slice(0, 200)}`, {
          engine: this.name,
          kind: "unsupported_pair",
          httpStatus: 400,
        });
      }
      throw errorFromStatus(this.name, response, body);
    }
    const payload = (await response.json().catch(() => null)) as AzureTranslateItem[] | null;
    const first = Array.isArray(payload) ? payload[0] : undefined;
    const translated = first?.translations?.[0]?.text;
    if (typeof translated !== "string") {
      throw new TranslationError("azure answered 200 without translations[0].text", {
        engine: this.name,
        kind: "unavailable",
        httpStatus: response.status,
      });
    }
    const detected = first?.detectedLanguage;
    return {
      text: translated,
      engine: this.name,
      model: "v3.0",
      detectedFrom: detected ? (FROM_AZURE.get(detected.language.toLowerCase()) ?? detected.language) : null,
      detectionScore: detected ? detected.score : null,
      chars: text.length,
    };
  }
}

function parseAzureErrorCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "number" ? code : undefined;
  } catch {
    return undefined;
  }
}
