import { parseServiceAccount } from "./google-auth";
import type { WorkersAiBinding } from "./workers-ai";

/**
 * The translation variables, read and checked (src/config.ts calls these: it is still the one
 * place the environment is read). Kept beside the adapters because each engine knows its keys.
 */
export const TRANSLATION_ENGINES = ["azure", "google", "workers-ai", "libretranslate", "none"] as const;
export type TranslationEngineName = (typeof TRANSLATION_ENGINES)[number];

/** Every variable this module reads; config.ts must let them through its schema. */
export const TRANSLATION_ENV_VARS = [
  "TRANSLATION_PROVIDER",
  "AZURE_TRANSLATOR_KEY",
  "AZURE_TRANSLATOR_REGION",
  "AZURE_TRANSLATOR_API_BASE_URL",
  "GOOGLE_TRANSLATE_PROJECT_ID",
  "GOOGLE_TRANSLATE_LOCATION",
  "GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON",
  "GOOGLE_TRANSLATE_API_KEY",
  "GOOGLE_TRANSLATE_API_BASE_URL",
  "LIBRETRANSLATE_API_BASE_URL",
  "LIBRETRANSLATE_API_KEY",
] as const;

export type TranslationConfig = {
  /** In order of preference; `[]` means none. A pair the first lacks goes to the next. */
  engines: Exclude<TranslationEngineName, "none">[];
  azure: { key: string; region: string | undefined; apiBaseUrl: string } | null;
  google: { projectId: string; location: string; apiBaseUrl: string; serviceAccountJson: string } | null;
  libretranslate: { apiBaseUrl: string; apiKey: string | undefined } | null;
  /** Per-call timeout; TRANSLATION_TIMEOUT_MS unless a test shortens it. */
  timeoutMs?: number;
};

export type TranslationBindings = {
  /** The Workers AI binding (`env.AI`); only the Worker has one. */
  ai?: WorkersAiBinding;
};

export type ConfigProblem = { variable: string; message: string };

const DEFAULT_AZURE_BASE = "https://api.cognitive.microsofttranslator.com";
const DEFAULT_GOOGLE_BASE = "https://translation.googleapis.com";

/**
 * What is wrong with the translation variables, each naming its variable (the shape of
 * config.ts's ConfigError problems). A provider named without its keys is a problem in every
 * environment: silently showing originals because a key is missing is the failure to avoid.
 */
export function translationConfigProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const env = cleaned(raw);
  const problems: ConfigProblem[] = [];
  const names = parseEngineList(env.TRANSLATION_PROVIDER);
  if ("error" in names) return [{ variable: "TRANSLATION_PROVIDER", message: names.error }];
  const need = (variable: string, why: string) => {
    if (env[variable] === undefined) problems.push({ variable, message: why });
  };
  for (const variable of [
    "AZURE_TRANSLATOR_API_BASE_URL",
    "GOOGLE_TRANSLATE_API_BASE_URL",
    "LIBRETRANSLATE_API_BASE_URL",
  ]) {
    const value = env[variable];
    if (value !== undefined && !isHttpUrl(value)) problems.push({ variable, message: "must be an http(s) URL" });
  }
  if (names.engines.includes("azure")) need("AZURE_TRANSLATOR_KEY", "is required with TRANSLATION_PROVIDER=azure");
  if (names.engines.includes("google")) {
    need("GOOGLE_TRANSLATE_PROJECT_ID", "is required with TRANSLATION_PROVIDER=google");
    if (env.GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON === undefined) {
      problems.push({
        variable: "GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON",
        message:
          "is required with TRANSLATION_PROVIDER=google (a service-account key; Cloud Translation v3 rejects API keys)",
      });
    } else {
      try {
        parseServiceAccount(env.GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON);
      } catch (error) {
        problems.push({ variable: "GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON", message: (error as Error).message });
      }
    }
  }
  if (env.GOOGLE_TRANSLATE_API_KEY !== undefined) {
    problems.push({
      variable: "GOOGLE_TRANSLATE_API_KEY",
      message: "is not used: Cloud Translation v3 does not accept API keys; set GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON",
    });
  }
  if (names.engines.includes("libretranslate")) {
    need("LIBRETRANSLATE_API_BASE_URL", "is required with TRANSLATION_PROVIDER=libretranslate (your server's URL)");
  }
  return problems;
}

/** The typed config from the raw variables. Call translationConfigProblems first: this assumes they passed. */
export function translationConfigFromEnv(raw: Record<string, unknown>): TranslationConfig {
  const env = cleaned(raw);
  const names = parseEngineList(env.TRANSLATION_PROVIDER);
  if ("error" in names) throw new Error(`TRANSLATION_PROVIDER ${names.error}`);
  const base = (value: string | undefined, fallback: string) => (value ?? fallback).replace(/\/+$/, "");
  return {
    engines: names.engines,
    azure: env.AZURE_TRANSLATOR_KEY
      ? {
          key: env.AZURE_TRANSLATOR_KEY,
          region: env.AZURE_TRANSLATOR_REGION,
          apiBaseUrl: base(env.AZURE_TRANSLATOR_API_BASE_URL, DEFAULT_AZURE_BASE),
        }
      : null,
    google:
      env.GOOGLE_TRANSLATE_PROJECT_ID && env.GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON
        ? {
            projectId: env.GOOGLE_TRANSLATE_PROJECT_ID,
            location: env.GOOGLE_TRANSLATE_LOCATION ?? "global",
            apiBaseUrl: base(env.GOOGLE_TRANSLATE_API_BASE_URL, DEFAULT_GOOGLE_BASE),
            serviceAccountJson: env.GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON,
          }
        : null,
    libretranslate: env.LIBRETRANSLATE_API_BASE_URL
      ? { apiBaseUrl: base(env.LIBRETRANSLATE_API_BASE_URL, ""), apiKey: env.LIBRETRANSLATE_API_KEY }
      : null,
  };
}

function parseEngineList(value: string | undefined): { engines: TranslationConfig["engines"] } | { error: string } {
  if (value === undefined) return { engines: [] };
  const names = value.split(",").map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(TRANSLATION_ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return {
      error: `must be ${TRANSLATION_ENGINES.join(", ")} or a comma list of them (unknown: ${unknown.join(", ")})`,
    };
  }
  if (names.includes("none")) {
    return names.length === 1 ? { engines: [] } : { error: "none cannot be combined with other engines" };
  }
  if (new Set(names).size !== names.length) return { error: "names an engine twice" };
  return { engines: names as TranslationConfig["engines"] };
}

/** `.env` files carry `NAME=` for "unset": empty strings count as absent, as in config.ts. */
function cleaned(raw: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of TRANSLATION_ENV_VARS) {
    const value = raw[name];
    if (typeof value === "string" && value.trim() !== "") out[name] = value.trim();
  }
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
