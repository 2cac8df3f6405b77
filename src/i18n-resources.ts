import type { Resource } from "i18next";
import arEmail from "../locales/ar/email.json";
import arFamily from "../locales/ar/family.json";
import arSms from "../locales/ar/sms.json";
import enEmail from "../locales/en/email.json";
import enFamily from "../locales/en/family.json";
import enSms from "../locales/en/sms.json";
import enWeb from "../locales/en/web.json";
import esEmail from "../locales/es/email.json";
import esFamily from "../locales/es/family.json";
import esSms from "../locales/es/sms.json";
import frEmail from "../locales/fr/email.json";
import frFamily from "../locales/fr/family.json";
import frSms from "../locales/fr/sms.json";
import hmnEmail from "../locales/hmn/email.json";
import hmnFamily from "../locales/hmn/family.json";
import hmnSms from "../locales/hmn/sms.json";
import htEmail from "../locales/ht/email.json";
import htFamily from "../locales/ht/family.json";
import htSms from "../locales/ht/sms.json";
import koEmail from "../locales/ko/email.json";
import koFamily from "../locales/ko/family.json";
import koSms from "../locales/ko/sms.json";
import prsEmail from "../locales/prs/email.json";
import prsFamily from "../locales/prs/family.json";
import prsSms from "../locales/prs/sms.json";
import ptEmail from "../locales/pt/email.json";
import ptFamily from "../locales/pt/family.json";
import ptSms from "../locales/pt/sms.json";
import ruEmail from "../locales/ru/email.json";
import ruFamily from "../locales/ru/family.json";
import ruSms from "../locales/ru/sms.json";
import soEmail from "../locales/so/email.json";
import soFamily from "../locales/so/family.json";
import soSms from "../locales/so/sms.json";
import tlEmail from "../locales/tl/email.json";
import tlFamily from "../locales/tl/family.json";
import tlSms from "../locales/tl/sms.json";
import ukEmail from "../locales/uk/email.json";
import ukFamily from "../locales/uk/family.json";
import ukSms from "../locales/uk/sms.json";
import viEmail from "../locales/vi/email.json";
import viFamily from "../locales/vi/family.json";
import viSms from "../locales/vi/sms.json";
import zhHansEmail from "../locales/zh-Hans/email.json";
import zhHansFamily from "../locales/zh-Hans/family.json";
import zhHansSms from "../locales/zh-Hans/sms.json";

/**
 * Every translation file, imported so bundlers include it. Staff pages (`web`) are English for
 * now; family-facing namespaces (sms, email, family) exist in all 15 languages (locales/STATUS.md).
 */
export const BUNDLED_RESOURCES: Resource = {
  en: { web: enWeb, sms: enSms, email: enEmail, family: enFamily },
  es: { sms: esSms, email: esEmail, family: esFamily },
  vi: { sms: viSms, email: viEmail, family: viFamily },
  "zh-Hans": { sms: zhHansSms, email: zhHansEmail, family: zhHansFamily },
  ar: { sms: arSms, email: arEmail, family: arFamily },
  so: { sms: soSms, email: soEmail, family: soFamily },
  hmn: { sms: hmnSms, email: hmnEmail, family: hmnFamily },
  ht: { sms: htSms, email: htEmail, family: htFamily },
  pt: { sms: ptSms, email: ptEmail, family: ptFamily },
  ru: { sms: ruSms, email: ruEmail, family: ruFamily },
  ko: { sms: koSms, email: koEmail, family: koFamily },
  tl: { sms: tlSms, email: tlEmail, family: tlFamily },
  uk: { sms: ukSms, email: ukEmail, family: ukFamily },
  fr: { sms: frSms, email: frEmail, family: frFamily },
  prs: { sms: prsSms, email: prsEmail, family: prsFamily },
};
