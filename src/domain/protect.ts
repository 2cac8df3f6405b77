/**
 * Keeps the parts of a message an engine must not touch — names, school names, links, email
 * addresses, phone numbers, dates, times and numbers — out of machine translation. protect() swaps
 * each for a numbered token; restore() puts the originals back into the engine's output.
 *
 * The token is `{{0}}`: ASCII braces and digits, no markup (so it needs no HTML mode, which
 * would mangle `&`, `<` and line breaks), not a word in any of our languages, and the form
 * i18n systems use, which engines are trained to leave alone. Engines still bend it a little,
 * so restore() accepts spaces inside (`{{ 0 }}`, `{ {0} }`), a single brace pair (`{0}`),
 * full-width braces and digits (`｛｛０｝｝`, Chinese output) and Arabic-Indic digits (`{{٠}}`,
 * Arabic and Dari output). A token the engine dropped is reported by missing(), so the caller
 * can refuse a translation that lost a link or a time instead of sending it.
 *
 * Pure: no I/O, no clock.
 */
export type ProtectedText = {
  /** The text with tokens, to send to the engine. */
  text: string;
  /** The protected originals; token n stands for values[n]. */
  values: readonly string[];
  restore(translated: string): string;
  /** The originals whose token is absent from `translated` (dropped by the engine). */
  missing(translated: string): string[];
};

const TOKEN_IN = /[{｛]\s*[{｛]?\s*([0-9０-９٠-٩۰-۹]+)\s*[}｝]?\s*[}｝]/gu;

/** Longest and most specific first: a phone number is claimed before its digit runs. */
const PATTERNS: readonly RegExp[] = [
  // A token-like sequence already in the text: protect it so restore() cannot confuse it.
  /[{｛]\s*[{｛]?\s*[0-9０-９٠-٩۰-۹]+\s*[}｝]?\s*[}｝]/gu,
  /\bhttps?:\/\/[^\s<>"]+|\bwww\.[^\s<>"]+/giu,
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu,
  /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/gu,
  /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/gu,
  /\b\d{1,2}:\d{2}(?:\s?[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s?[ap]\.?\s?m\b\.?/giu,
];
const DIGITS = /\d+(?:[.,]\d+)*/gu;
const TRAILING_PUNCTUATION = /[.,!?;:)\]}'"]+$/u;

type Span = { start: number; end: number; value: string };

export function protect(text: string, names: readonly string[] = []): ProtectedText {
  const spans: Span[] = [];
  const claim = (start: number, value: string) => {
    const end = start + value.length;
    if (value.length === 0 || spans.some((s) => start < s.end && end > s.start)) return;
    spans.push({ start, end, value });
  };
  for (const [i, pattern] of PATTERNS.entries()) {
    for (const match of text.matchAll(pattern)) {
      // A link or address ends before the sentence's own punctuation.
      const value = i === 1 || i === 2 ? match[0].replace(TRAILING_PUNCTUATION, "") : match[0].trimEnd();
      claim(match.index, value);
    }
  }
  // Names are matched as written (case-sensitive, whole words): "Mai" the child is protected,
  // "ngày mai" (tomorrow) is not.
  const uniqueNames = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (const name of uniqueNames) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, "gu");
    for (const match of text.matchAll(pattern)) claim(match.index, match[0]);
  }
  for (const match of text.matchAll(DIGITS)) claim(match.index, match[0]);

  spans.sort((a, b) => a.start - b.start);
  const values: string[] = [];
  let out = "";
  let at = 0;
  for (const span of spans) {
    let index = values.indexOf(span.value);
    if (index === -1) index = values.push(span.value) - 1;
    out += `${text.slice(at, span.start)}{{${index}}}`;
    at = span.end;
  }
  out += text.slice(at);

  return {
    text: out,
    values,
    restore(translated: string): string {
      return translated.replace(TOKEN_IN, (whole, digits: string) => values[tokenIndex(digits)] ?? whole);
    },
    missing(translated: string): string[] {
      const seen = new Set<number>();
      for (const match of translated.matchAll(TOKEN_IN)) seen.add(tokenIndex(match[1]!));
      return values.filter((_, i) => !seen.has(i));
    },
  };
}

/** Any of the digit forms engines emit, as a number. */
function tokenIndex(digits: string): number {
  let n = 0;
  for (const char of digits) {
    const code = char.codePointAt(0)!;
    const digit =
      code >= 0xff10 && code <= 0xff19
        ? code - 0xff10
        : code >= 0x0660 && code <= 0x0669
          ? code - 0x0660
          : code >= 0x06f0 && code <= 0x06f9
            ? code - 0x06f0
            : code - 0x30;
    n = n * 10 + digit;
  }
  return n;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
