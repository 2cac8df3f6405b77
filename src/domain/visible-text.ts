/**
 * Characters that change how text around them looks without being seen: bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" set), zero-width
 * spaces and word joiners, the BOM, the Mongolian vowel separator, and C0/C1 controls other
 * than tab and newline. A family's text carrying U+202E could otherwise show staff a reversed
 * message. Kept on purpose: U+200C/U+200D (ZWNJ/ZWJ), which Persian and Dari spelling and
 * emoji sequences need, and U+200E/U+200F (LRM/RLM), ordinary in right-to-left writing and
 * harmless once the text is isolated.
 */
// Code point ranges, built into a character class below (a literal class of control characters trips the linter).
const HIDDEN_RANGES: [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x9f],
  [0x180e, 0x180e],
  [0x200b, 0x200b],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];
const hex = (n: number) => `\\u${n.toString(16).padStart(4, "0")}`;
const HIDDEN = new RegExp(`[${HIDDEN_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join("")}]`, "g");

export type VisiblePart = { text: string } | { control: string };

/** Splits `text` into plain runs and hidden characters (as "U+202E"), for display only. */
export function revealHidden(text: string): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ control: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function hasHidden(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/**
 * For plain-text places (a page title, a sentence built by i18next): hidden characters as
 * "[U+202E]", the whole wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the
 * plain-text equivalent of `<bdi>`.
 */
export function isolatedText(text: string): string {
  const shown = revealHidden(text)
    .map((part) => ("control" in part ? `[${part.control}]` : part.text))
    .join("");
  return `\u2068${shown}\u2069`;
}
