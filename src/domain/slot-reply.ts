import { normalizeForKeywords } from "./keywords";

/**
 * A family's answer to a pending visit invitation by text or email: a digit picks a proposed
 * time ("2", "2.", "#2", "option 2"), 0 means none of them work, and a decline in any of our
 * languages means no visit this round. Anything else is an ordinary message for the teachers.
 * Decline words are deliberately not STOP-like words (those opt out; see keywords.ts).
 */
export type SlotReply = { kind: "slot"; position: number } | { kind: "none_work" } | { kind: "decline" };

const DECLINES = [
  "no",
  "no thanks",
  "no thank you",
  "not interested",
  "no gracias",
  "no, gracias",
  "no me interesa",
  "khong",
  "khong cam on",
  "不用",
  "不用了",
  "不需要",
  "لا",
  "لا شكرا",
  "maya",
  "maya mahadsanid",
  "tsis",
  "tsis kam",
  "non",
  "non mesi",
  "nao",
  "nao obrigado",
  "nao obrigada",
  "нет",
  "нет спасибо",
  "아니요",
  "괜찮습니다",
  "hindi",
  "hindi po",
  "ні",
  "ні дякую",
  "non merci",
  "نه",
  "نه تشکر",
];
// Normalised on first use, not at module load: a cold start of the Worker should not pay for it.
let declineSet: Set<string> | undefined;

export function parseSlotReply(text: string, slotCount: number): SlotReply | null {
  const normalized = normalizeForKeywords(text);
  const digit = /^(?:#|option |opcion |so |số )?([0-9])\.?$/.exec(normalized)?.[1];
  if (digit !== undefined) {
    const n = Number(digit);
    if (n === 0) return { kind: "none_work" };
    if (n >= 1 && n <= slotCount) return { kind: "slot", position: n };
    return null;
  }
  declineSet ??= new Set(DECLINES.map(normalizeForKeywords));
  if (declineSet.has(normalized)) return { kind: "decline" };
  return null;
}

/** The visit's status reason when the family answers that none of the proposed times work. */
export const NONE_WORK_REASON = "the family says none of the proposed times work";
