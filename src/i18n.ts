import i18next, { type i18n as I18nInstance, type Resource, type TFunction } from "i18next";
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
