import i18next, { type i18n as I18nInstance, type TFunction } from "i18next";
import enWeb from "../locales/en/web.json";

/**
 * Translations are bundled (imported JSON), not read from disk, so the Worker needs no file
 * system. Each namespace lives in `locales/<lng>/<namespace>.json`; later issues add the
 * family-facing namespaces (sms, email, family) in every supported language.
 */
const resources = {
  en: { web: enWeb },
};

export type I18n = {
  t: (lng: string, key: string, options?: Record<string, unknown>) => string;
  instance: I18nInstance;
};

export function createI18n(): I18n {
  const instance = i18next.createInstance();
  // Resources are in memory, so initialisation completes synchronously.
  void instance.init({
    resources,
    lng: "en",
    fallbackLng: "en",
    ns: ["web"],
    defaultNS: "web",
    initAsync: false,
    interpolation: { escapeValue: false }, // Hono JSX escapes on output.
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
