import { CHILD_SLOT, type MemoryEntry } from "../../../src/providers/translation/memory";
import type { PhraseBank } from "./bank";
import { en } from "./en";
import { PHRASE_BANKS } from "./index";

/**
 * The translation memory of the demo: every phrase of every bank paired with the English
 * phrase at the same place, both ways (family language → English for staff, English → the
 * family's language for teachers' replies). The seed renders the same banks, so its messages
 * and this memory share one source.
 *
 * `{child}` stays a slot (MemoryTranslationProvider fills in the name it matched). The
 * `[boy|girl]` choices are expanded; when the source reads the same for both but the
 * translation does not (Vietnamese "em" → English "him"/"her"), the translation shows both,
 * "him/her", rather than guessing.
 */
export function demoPhraseMemoryEntries(): MemoryEntry[] {
  const entries: MemoryEntry[] = [];
  for (const [language, bank] of Object.entries(PHRASE_BANKS)) {
    if (language === "en") continue;
    const pairs = alignedPhrases(bank, en);
    for (const [theirs, english] of pairs) {
      entries.push(...entriesFor(theirs, language, english, "en"));
      entries.push(...entriesFor(english, "en", theirs, language));
    }
  }
  return entries;
}

const CHOICE = /\[([^|\]]*)\|([^\]]*)\]/g;

function entriesFor(source: string, from: string, target: string, to: string): MemoryEntry[] {
  const [sourceBoy, sourceGirl] = [choose(source, 1), choose(source, 2)];
  const [targetBoy, targetGirl] = [choose(target, 1), choose(target, 2)];
  // A name the translation needs but the source does not give cannot be filled in.
  if (target.includes(CHILD_SLOT) && !source.includes(CHILD_SLOT)) return [];
  if (sourceBoy === sourceGirl) {
    const translation = targetBoy === targetGirl ? targetBoy : target.replace(CHOICE, "$1/$2");
    return [{ text: sourceBoy, from, to, translation }];
  }
  return [
    { text: sourceBoy, from, to, translation: targetBoy },
    { text: sourceGirl, from, to, translation: targetGirl },
  ];
}

function choose(template: string, which: 1 | 2): string {
  return template.replace(CHOICE, (_, boy: string, girl: string) => (which === 1 ? boy : girl));
}

/** The strings at the same place in two banks (every bank has the English bank's shape). */
function alignedPhrases(bank: PhraseBank, reference: PhraseBank): [string, string][] {
  const out: [string, string][] = [];
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === "string" && typeof b === "string") out.push([a, b]);
    else if (Array.isArray(a) && Array.isArray(b)) {
      for (const [i, item] of a.entries()) walk(item, b[i]);
    } else if (a && b && typeof a === "object" && typeof b === "object") {
      for (const key of Object.keys(b)) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
    }
  };
  walk(bank, reference);
  return out;
}
