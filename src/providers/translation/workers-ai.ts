import type { LanguageTag } from "../../domain/languages";
import { supportsPair, unsupportedPair } from "./http";
import {
  TRANSLATION_TIMEOUT_MS,
  TranslationError,
  type TranslationProvider,
  type TranslationRequest,
  type TranslationResult,
} from "./types";

export const WORKERS_AI_MODEL = "@cf/meta/m2m100-1.2b" as const;

/**
 * The slice of the Workers `Ai` binding we call. Typed minimally so tests can pass a plain
 * object with `run()`; the real `env.AI` (workers-types `Ai`) satisfies it.
 */
export type WorkersAiBinding = {
  run(
    model: typeof WORKERS_AI_MODEL,
    inputs: { text: string; source_lang: string; target_lang: string },
    options?: { signal?: AbortSignal },
  ): Promise<unknown>;
};

/**
 * Our tag → m2m100's language id (the model's 100 languages). m2m100 has no Hmong: `hmn` is
 * null, supports() says no and the chain moves on. Dari goes as Persian `fa`.
 */
export const WORKERS_AI_CODES: Readonly<Record<LanguageTag, string | null>> = {
  en: "en",
  es: "es",
  vi: "vi",
  "zh-Hans": "zh",
  ar: "ar",
  so: "so",
  hmn: null,
  ht: "ht",
  pt: "pt",
  ru: "ru",
  ko: "ko",
  tl: "tl",
  uk: "uk",
  fr: "fr",
  prs: "fa",
};

export type WorkersAiSettings = { timeoutMs?: number };

/**
 * Cloudflare Workers AI m2m100 through the `AI` binding. `source_lang` is always sent: the
 * model assumes English without it and would "translate" Vietnamese as if it were English.
 * Any error from the binding is `unavailable` (the binding hides HTTP statuses); no answer
 * within the timeout is `timeout`.
 */
export class WorkersAiTranslationProvider implements TranslationProvider {
  readonly name = "workers-ai" as const;
  constructor(
    private readonly ai: WorkersAiBinding,
    private readonly settings: WorkersAiSettings = {},
  ) {}

  supports(from: string, to: string): boolean {
    return supportsPair(WORKERS_AI_CODES, from, to);
  }

  async translate({ text, from, to }: TranslationRequest): Promise<TranslationResult> {
    if (!this.supports(from, to)) throw unsupportedPair(this.name, from, to);
    const timeoutMs = this.settings.timeoutMs ?? TRANSLATION_TIMEOUT_MS;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The binding takes a signal, but a mocked or older binding may ignore it: race a timer too.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Settle as a timeout first: aborting makes the binding reject too, and that must not win.
        reject(
          new TranslationError(`workers-ai did not answer within ${timeoutMs} ms`, {
            engine: this.name,
            kind: "timeout",
          }),
        );
        controller.abort();
      }, timeoutMs);
    });
    let output: unknown;
    try {
      output = await Promise.race([
        this.ai.run(
          WORKERS_AI_MODEL,
          {
            text,
            source_lang: WORKERS_AI_CODES[from as LanguageTag]!,
            target_lang: WORKERS_AI_CODES[to as LanguageTag]!,
          },
          { signal: controller.signal },
        ),
        timedOut,
      ]);
    } catch (error) {
      if (error instanceof TranslationError) throw error;
      throw new TranslationError(`workers-ai failed: ${(error as Error).message}`, {
        engine: this.name,
        kind: "unavailable",
      });
    } finally {
      clearTimeout(timer);
    }
    const translated = (output as { translated_text?: unknown } | null)?.translated_text;
    if (typeof translated !== "string") {
      throw new TranslationError("workers-ai answered without translated_text", {
        engine: this.name,
        kind: "unavailable",
      });
    }
    return {
      text: translated,
      engine: this.name,
      model: WORKERS_AI_MODEL,
      detectedFrom: null,
      detectionScore: null,
      chars: text.length,
    };
  }
}
