import type { Resource } from "i18next";
import enEmail from "../locales/en/email.json";
import enSms from "../locales/en/sms.json";
import enWeb from "../locales/en/web.json";

/** Every translation file, imported so bundlers include it (see locales/STATUS.md). */
export const BUNDLED_RESOURCES: Resource = {
  en: { web: enWeb, sms: enSms, email: enEmail },
};
