import type { DemoLanguage } from "../names";
import { ar } from "./ar";
import { type ChildRef, fillPhrase, type PhraseBank } from "./bank";
import { en } from "./en";
import { es } from "./es";
import { hmn } from "./hmn";
import { ht } from "./ht";
import { ko } from "./ko";
import { pt } from "./pt";
import { so } from "./so";
import { vi } from "./vi";
import { zhHans } from "./zh-hans";

export { type ChildRef, fillPhrase, type PhraseBank } from "./bank";

export const PHRASE_BANKS: Record<DemoLanguage, PhraseBank> = {
  en,
  es,
  vi,
  ar,
  "zh-Hans": zhHans,
  so,
  hmn,
  ht,
  pt,
  ko,
};

export type Rendered = { body: string; translatedBody: string | null };
export type PhraseSelector = (bank: PhraseBank) => string;

/**
 * One message in the family's language, with the English text at the same place in the
 * English bank as its translation (none for English-speaking families).
 */
export function renderPhrase(language: DemoLanguage, select: PhraseSelector, child: ChildRef): Rendered {
  const body = fillPhrase(select(PHRASE_BANKS[language]), child);
  return { body, translatedBody: language === "en" ? null : fillPhrase(select(en), child) };
}
