import { normalizeForKeywords } from "./keywords";

/** At most this many slots in one conference: a class of 30 over two evenings fits easily. */
export const MAX_SLOTS = 60;
/** Open times listed by number in an invitation text: three keep it within its segment budget. */
export const TIMES_PER_TEXT = 3;

export type Block = { startsAt: Date; endsAt: Date };

/**
 * The slot start times a teacher publishes: each block (an evening, say 16:00–18:00) cut into
 * `minutes`-long slots, earliest first. A block shorter than one slot, blocks that overlap, or
 * more than MAX_SLOTS slots are refused with the field that is wrong.
 */
export function slotTimes(
  blocks: Block[],
  minutes: number,
): { ok: true; times: Date[] } | { ok: false; field: string; message: string } {
  const sorted = [...blocks].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const times: Date[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const block = sorted[i]!;
    const length = block.endsAt.getTime() - block.startsAt.getTime();
    if (length < minutes * 60_000)
      return {
        ok: false,
        field: `blocks.${blocks.indexOf(block)}.endsAt`,
        message: `leaves no room for one ${minutes}-minute slot`,
      };
    const next = sorted[i + 1];
    if (next && next.startsAt < block.endsAt)
      return { ok: false, field: `blocks.${blocks.indexOf(next)}.startsAt`, message: "overlaps another block" };
    for (let at = block.startsAt.getTime(); at + minutes * 60_000 <= block.endsAt.getTime(); at += minutes * 60_000)
      times.push(new Date(at));
  }
  if (times.length > MAX_SLOTS)
    return {
      ok: false,
      field: "blocks",
      message: `make ${times.length} slots: at most ${MAX_SLOTS} in one conference`,
    };
  return { ok: true, times };
}

/**
 * A text that books a conference slot: the slot's number as the invitation lists it ("4",
 * "#4", "4.", "١٢"), 1 to the number of slots. Only a bare number is a booking — words are
 * a message for the teacher — and no number is an opt-out word (docs/keywords.md).
 */
export function parseSlotNumber(text: string, slotCount: number): number | null {
  const match = /^#?([0-9]{1,2})\.?$/.exec(normalizeForKeywords(text));
  if (!match) return null;
  const n = Number(match[1]);
  return n >= 1 && n <= slotCount ? n : null;
}

/**
 * The open slots one invitation text lists, by number: TIMES_PER_TEXT of them, spread over
 * the open slots and rotated by the family's place in the class list, so families are not all
 * offered (and racing for) the same first three. The page lists every open slot.
 */
export function offeredSlots<T>(open: T[], familyIndex: number, count = TIMES_PER_TEXT): T[] {
  if (open.length <= count) return open;
  const step = open.length / count;
  const start = familyIndex % open.length;
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add((start + Math.floor(i * step)) % open.length);
  return [...picked].sort((a, b) => a - b).map((i) => open[i]!);
}
