/**
 * The languages Doorstep writes to families in. Tags are BCP-47 as i18next and Intl use
 * them; `prs` is Dari. `dir` drives the `dir` attribute of pages and emails.
 */
export const LANGUAGES = {
  en: { english: "English", native: "English", dir: "ltr" },
  es: { english: "Spanish", native: "Español", dir: "ltr" },
  vi: { english: "Vietnamese", native: "Tiếng Việt", dir: "ltr" },
  "zh-Hans": { english: "Chinese (Simplified)", native: "简体中文", dir: "ltr" },
  ar: { english: "Arabic", native: "العربية", dir: "rtl" },
  so: { english: "Somali", native: "Soomaali", dir: "ltr" },
  hmn: { english: "Hmong", native: "Hmoob", dir: "ltr" },
  ht: { english: "Haitian Creole", native: "Kreyòl ayisyen", dir: "ltr" },
  pt: { english: "Portuguese", native: "Português", dir: "ltr" },
  ru: { english: "Russian", native: "Русский", dir: "ltr" },
  ko: { english: "Korean", native: "한국어", dir: "ltr" },
  tl: { english: "Tagalog", native: "Tagalog", dir: "ltr" },
  uk: { english: "Ukrainian", native: "Українська", dir: "ltr" },
  fr: { english: "French", native: "Français", dir: "ltr" },
  prs: { english: "Dari", native: "دری", dir: "rtl" },
} as const;

export type LanguageTag = keyof typeof LANGUAGES;
export const LANGUAGE_TAGS = Object.keys(LANGUAGES) as [LanguageTag, ...LanguageTag[]];

export function isLanguageTag(tag: string): tag is LanguageTag {
  return Object.hasOwn(LANGUAGES, tag);
}

export function textDirection(tag: string): "ltr" | "rtl" {
  return isLanguageTag(tag) ? LANGUAGES[tag].dir : "ltr";
}

export function languageName(tag: string): string {
  return isLanguageTag(tag) ? LANGUAGES[tag].english : tag;
}
