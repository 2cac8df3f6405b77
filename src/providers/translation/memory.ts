import { TranslationError, type TranslationProvider, type TranslationRequest, type TranslationResult } from "./types";

/**
 * One known translation. `text` and `translation` may hold the slot `{child}`: it matches the
 * name (or the placeholder protect() put there) and the same value is written into the
 * translation, so one entry covers every child in the demo.
 */
export type MemoryEntry = { text: string; from: string; to: string; translation: string };

export const CHILD_SLOT = "{child}";

type Template = { pattern: RegExp; translation: string };

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
      if (text.includes(CHILD_SLOT)) {
        const list = this.templates.get(pair) ?? [];
        list.push({ pattern: slotPattern(text), translation });
        this.templates.set(pair, list);
      } else {
        const key = `${pair}\u0000${text}`;
        // The first entry wins: a later duplicate must not silently change an answer.
        if (!this.exact.has(key)) this.exact.set(key, translation);
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
      if (match) return template.translation.replaceAll(CHILD_SLOT, match[1]!);
    }
    return undefined;
  }
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** `Hi {child}, {child}!` → /^Hi (.+?), \1!$/: the same name at every slot. */
function slotPattern(template: string): RegExp {
  const parts = template.split(CHILD_SLOT).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const [head, ...rest] = parts;
  return new RegExp(`^${head}${rest.map((part, i) => `${i === 0 ? "(.+?)" : "\\1"}${part}`).join("")}$`, "su");
}
