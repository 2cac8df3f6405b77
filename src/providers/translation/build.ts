import { AzureTranslationProvider } from "./azure";
import { chainProviders } from "./chain";
import type { TranslationBindings, TranslationConfig } from "./config";
import { GoogleTranslationProvider } from "./google";
import { GoogleServiceAccountTokens, parseServiceAccount } from "./google-auth";
import { LibreTranslateProvider } from "./libretranslate";
import { type MemoryEntry, MemoryTranslationProvider } from "./memory";
import { NoTranslationProvider } from "./none";
import type { TranslationProvider } from "./types";
import { WorkersAiTranslationProvider } from "./workers-ai";

/**
 * The provider buildDeps keeps on Deps: the configured engines in order, behind the demo's
 * memory when one is given, and ending on `none` so a text no engine takes says why.
 * Throws (at startup, not at the first message) when a named engine cannot be built.
 */
export function buildTranslationProvider(
  config: TranslationConfig,
  bindings: TranslationBindings = {},
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  options: { memory?: readonly MemoryEntry[]; now?: () => number } = {},
): TranslationProvider {
  const timeoutMs = config.timeoutMs;
  const engines: TranslationProvider[] = [];
  if (options.memory?.length) engines.push(new MemoryTranslationProvider(options.memory));
  for (const name of config.engines) {
    switch (name) {
      case "azure":
        if (!config.azure) throw new Error("TRANSLATION_PROVIDER=azure needs AZURE_TRANSLATOR_KEY");
        engines.push(new AzureTranslationProvider({ ...config.azure, timeoutMs }, fetchImpl));
        break;
      case "google": {
        if (!config.google) {
          throw new Error(
            "TRANSLATION_PROVIDER=google needs GOOGLE_TRANSLATE_PROJECT_ID and GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON",
          );
        }
        const { serviceAccountJson, ...google } = config.google;
        const tokens = new GoogleServiceAccountTokens(
          parseServiceAccount(serviceAccountJson),
          fetchImpl,
          options.now,
          timeoutMs,
        );
        engines.push(
          new GoogleTranslationProvider({ ...google, accessToken: () => tokens.token(), timeoutMs }, fetchImpl),
        );
        break;
      }
      case "workers-ai":
        if (!bindings.ai) {
          throw new Error(
            'TRANSLATION_PROVIDER=workers-ai needs an AI binding (wrangler.toml [ai] binding = "AI"); it runs only on Workers',
          );
        }
        engines.push(new WorkersAiTranslationProvider(bindings.ai, { timeoutMs }));
        break;
      case "libretranslate":
        if (!config.libretranslate)
          throw new Error("TRANSLATION_PROVIDER=libretranslate needs LIBRETRANSLATE_API_BASE_URL");
        engines.push(new LibreTranslateProvider({ ...config.libretranslate, timeoutMs }, fetchImpl));
        break;
    }
  }
  engines.push(new NoTranslationProvider());
  return chainProviders(engines);
}
