import { protect } from "../../domain/protect";
import { TranslationError, type TranslationProvider, type TranslationRequest, type TranslationResult } from "./types";

/**
 * One known translation. `text` and `translation` may hold the slot `{child}`: it matches the
 * name (or the placeholder protect() put there) and the same value is written into the
 * translation, so one entry covers every child in the demo.
 */
export type MemoryEntry = { text: string; from: string; to: string; translation: string };

export const CHILD_SLOT = "{child}";

/** `slot`: capture group of the child's name; `values`: group → the protected value it stands for. */
type Template = { pattern: RegExp; translation: string; slot: number | null; values: [group: number, value: string][] };

/** Trim and NFC, so a phrase typed on a phone matches the stored one. */
export function normalizeForMemory(text: string): string {
  return text.normalize("NFC").trim();
}

/**
 * A translation memory: answers texts it has exactly (after trim/NFC) with engine `memory`,
 * and throws `not_configured` otherwise so a chain falls through to a real engine. The demo
 * builds it from the seed's phrase banks (db/seed/phrases/memory.ts) so the seeded English
 * lines come through the same storage and display path as real translations.
 */
export class MemoryTranslationProvider implements TranslationProvider {
  readonly name = "memory" as const;
  private readonly exact = new Map<string, string>();
  private readonly templates = new Map<string, Template[]>();
  private readonly pairs = new Set<string>();

  constructor(entries: readonly MemoryEntry[]) {
    for (const entry of entries) {
      const pair = pairKey(entry.from, entry.to);
      this.pairs.add(pair);
      const text = normalizeForMemory(entry.text);
      const translation = normalizeForMemory(entry.translation);
      const key = `${pair}\u0000${text}`;
      // The first entry wins: a later duplicate must not silently change an answer.
      if (!text.includes(CHILD_SLOT) && !this.exact.has(key)) this.exact.set(key, translation);
      const template = compileTemplate(text, translation);
      if (template) {
        const list = this.templates.get(pair) ?? [];
        list.push(template);
        this.templates.set(pair, list);
      }
    }
  }

  supports(from: string, to: string): boolean {
    return this.pairs.has(pairKey(from, to));
  }

  async translate({ text, from, to }: TranslationRequest): Promise<TranslationResult> {
    const translated = this.lookup(normalizeForMemory(text), pairKey(from, to));
    if (translated === undefined) {
      throw new TranslationError(`memory has no ${from} → ${to} entry for this text`, {
        engine: this.name,
        kind: "not_configured",
      });
    }
    return {
      text: translated,
      engine: this.name,
      model: null,
      detectedFrom: null,
      detectionScore: null,
      chars: text.length,
    };
  }

  private lookup(text: string, pair: string): string | undefined {
    const exact = this.exact.get(`${pair}\u0000${text}`);
    if (exact !== undefined) return exact;
    for (const template of this.templates.get(pair) ?? []) {
      const match = template.pattern.exec(text);
      if (!match) continue;
      let out = template.translation;
      for (const [group, value] of template.values) out = replaceValue(out, value, match[group]!);
      if (template.slot !== null) out = out.replaceAll(CHILD_SLOT, match[template.slot]!);
      return out;
    }
    return undefined;
  }
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/**
 * An entry as a pattern, when it has a `{child}` slot or parts protect() would replace
 * (times, numbers, links). `Hi {child}, after 4!` → /^Hi (.+?), after (4|{{n}})!$/: the caller
 * may send the text raw or already protected, and the translation gets back whatever stood
 * there (the number, or its token for restore()). Null for plain text: the exact map has it.
 */
function compileTemplate(text: string, translation: string): Template | null {
  const pieces = text.split(CHILD_SLOT);
  const protectedValues = protect(pieces.join("\u0000")).values;
  if (pieces.length === 1 && protectedValues.length === 0) return null;
  let source = "";
  let group = 0;
  let slot: number | null = null;
  const values: [number, string][] = [];
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) {
      if (slot === null) {
        slot = ++group;
        source += "(.+?)";
      } else source += `\\${slot}`;
    }
    const guarded = protect(piece);
    // Rebuild the piece from protect()'s tokens: literal text escaped, each value either itself or a token.
    source += guarded.text
      .split(/(\{\{\d+\}\})/)
      .map((part) => {
        const token = /^\{\{(\d+)\}\}$/.exec(part);
        if (!token) return escapeRegExp(part);
        const value = guarded.values[Number(token[1])]!;
        values.push([++group, value]);
        return `(${escapeRegExp(value)}|\\{\\{\\s*\\d+\\s*\\}\\})`;
      })
      .join("");
  }
  return { pattern: new RegExp(`^${source}$`, "su"), translation, slot, values };
}

/** Every whole occurrence of `value` ("4" in "after 4", not in "14"). */
function replaceValue(text: string, value: string, replacement: string): string {
  const pattern = new RegExp(`(?<![\\p{N}])${escapeRegExp(value)}(?![\\p{N}])`, "gu");
  return text.replace(pattern, () => replacement);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
