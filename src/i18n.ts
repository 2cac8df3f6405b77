import i18next, { type i18n as I18nInstance, type Resource, type TFunction } from "i18next";
import { isLanguageTag, LANGUAGE_TAGS, type LanguageTag } from "./domain/languages";
import { BUNDLED_RESOURCES } from "./i18n-resources";

/**
 * Translations are bundled (imported JSON), not read from disk, so the Worker needs no file
 * system. Namespaces: `web` (staff pages), `sms` and `email` (messages to families).
 */
export type I18n = {
  t: (lng: string, key: string, options?: Record<string, unknown>) => string;
  instance: I18nInstance;
};

export function createI18n(resources: Resource = BUNDLED_RESOURCES): I18n {
  const instance = i18next.createInstance();
  // Resources are in memory, so initialisation completes synchronously.
  void instance.init({
    resources,
    lng: "en",
    fallbackLng: "en",
    ns: ["web", "sms", "email", "family"],
    defaultNS: "web",
    initAsync: false,
    // Messages are plain text; HTML emails escape the rendered text as a whole, and Hono JSX
    // escapes pages. skipOnVariables keeps a family's or teacher's words from being read as
    // i18next syntax ("{{…}}", "$t(…)").
    interpolation: { escapeValue: false, skipOnVariables: true },
    returnNull: false,
  });
  const fixed = new Map<string, TFunction>();
  return {
    instance,
    t(lng, key, options) {
      let t = fixed.get(lng);
      if (!t) {
        t = instance.getFixedT(lng);
        fixed.set(lng, t);
      }
      return t(key, (options ?? {}) as Record<string, string>) as string;
    },
  };
}

/** Tags browsers send that name one of our languages by another code. */
const ALIASES: Record<string, LanguageTag> = { zh: "zh-Hans", fa: "prs", fil: "tl" };

/**
 * The family language a browser asks for (`Accept-Language`), for pages where no family is
 * known yet (a mistyped or unknown link code): the highest-weighted tag we write in, by exact
 * tag, then alias ("fa-AF" → Dari, "zh-TW" → Chinese) or primary subtag ("es-MX" → es); else English.
 */
export function languageFromAcceptLanguage(header: string | null | undefined): LanguageTag {
  const wanted = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((w) => w.tag && w.tag !== "*" && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = LANGUAGE_TAGS.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split("-")[0]!;
    const found = ALIASES[primary] ?? (isLanguageTag(primary) ? primary : undefined);
    if (found) return found;
  }
  return "en";
}
