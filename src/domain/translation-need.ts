import { classifyKeyword } from "./keywords";

/**
 * Whether a family's free text is worth sending to a translation engine, and if not, why. A
 * reason is shown to staff ("not translated: a digit answer"), so every skip is explainable.
 *
 * - The text is already in the staff language: nothing to do.
 * - Keywords (STOP, AYUDA, 取消…) are handled by the consent rules and never translated: their
 *   meaning is fixed, and a machine must never be what decides an opt-out.
 * - Digit, slot and RSVP answers ("2", "١", "0 ✓") are read by the answer parsers.
 * - Emoji, punctuation and blank texts have no words to translate.
 */
export type TranslationSkip = "same_language" | "keyword" | "digits" | "no_words";

export function translationSkip(text: string, from: string, to: string): TranslationSkip | null {
  if (sameLanguage(from, to)) return "same_language";
  if (classifyKeyword(text)) return "keyword";
  const letters = text.replace(/[\p{N}\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\p{M}]/gu, "");
  if (letters.length === 0) return /\p{N}/u.test(text) ? "digits" : "no_words";
  return null;
}

/** `zh-Hans` and `zh` are one language for this purpose; so are `en` and `en-US`. */
export function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase().split("-")[0] === b.toLowerCase().split("-")[0];
}
