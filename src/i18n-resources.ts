import type { Resource } from "i18next";
import arEmail from "../locales/ar/email.json";
import arSms from "../locales/ar/sms.json";
import enEmail from "../locales/en/email.json";
import enSms from "../locales/en/sms.json";
import enWeb from "../locales/en/web.json";
import esEmail from "../locales/es/email.json";
import esSms from "../locales/es/sms.json";
import frEmail from "../locales/fr/email.json";
import frSms from "../locales/fr/sms.json";
import hmnEmail from "../locales/hmn/email.json";
import hmnSms from "../locales/hmn/sms.json";
import htEmail from "../locales/ht/email.json";
import htSms from "../locales/ht/sms.json";
import koEmail from "../locales/ko/email.json";
import koSms from "../locales/ko/sms.json";
import prsEmail from "../locales/prs/email.json";
import prsSms from "../locales/prs/sms.json";
import ptEmail from "../locales/pt/email.json";
import ptSms from "../locales/pt/sms.json";
import ruEmail from "../locales/ru/email.json";
import ruSms from "../locales/ru/sms.json";
import soEmail from "../locales/so/email.json";
import soSms from "../locales/so/sms.json";
import tlEmail from "../locales/tl/email.json";
import tlSms from "../locales/tl/sms.json";
import ukEmail from "../locales/uk/email.json";
import ukSms from "../locales/uk/sms.json";
import viEmail from "../locales/vi/email.json";
import viSms from "../locales/vi/sms.json";
import zhHansEmail from "../locales/zh-Hans/email.json";
import zhHansSms from "../locales/zh-Hans/sms.json";

/**
 * Every translation file, imported so bundlers include it. Staff pages (`web`) are English for
 * now; family-facing namespaces exist in all 15 languages (see locales/STATUS.md).
 */
export const BUNDLED_RESOURCES: Resource = {
  en: { web: enWeb, sms: enSms, email: enEmail },
  es: { sms: esSms, email: esEmail },
  vi: { sms: viSms, email: viEmail },
  "zh-Hans": { sms: zhHansSms, email: zhHansEmail },
  ar: { sms: arSms, email: arEmail },
  so: { sms: soSms, email: soEmail },
  hmn: { sms: hmnSms, email: hmnEmail },
  ht: { sms: htSms, email: htEmail },
  pt: { sms: ptSms, email: ptEmail },
  ru: { sms: ruSms, email: ruEmail },
  ko: { sms: koSms, email: koEmail },
  tl: { sms: tlSms, email: tlEmail },
  uk: { sms: ukSms, email: ukEmail },
  fr: { sms: frSms, email: frEmail },
  prs: { sms: prsSms, email: prsEmail },
};
