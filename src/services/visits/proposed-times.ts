import type { visitSlots } from "../../../db/schema";
import { newId } from "../../domain/ids";
import { ValidationError } from "../../errors";

/** Links stay valid for a day after the last proposed time, so a late answer still lands. */
const LINK_GRACE_MS = 24 * 60 * 60_000;

/** When the family's link to these times stops working. */
export function linkExpiry(times: readonly Date[]): Date {
  return new Date(Math.max(...times.map((t) => t.getTime())) + LINK_GRACE_MS);
}

/** The visit's slot rows, numbered 1–3 in the order proposed ("1" in a reply means the first). */
export function slotRows(visitId: string, times: readonly Date[], now: Date): (typeof visitSlots.$inferInsert)[] {
  return times.map((startsAt, i) => ({
    id: newId("slt", now.getTime()),
    visitId,
    position: i + 1,
    startsAt,
    createdAt: now,
    updatedAt: now,
  }));
}

/**
 * The 1–3 times a pair proposes (at invitation, or again after "none work"): each in the
 * future and none twice. Field names match the API body (`slots.0`, …).
 */
export function proposedTimeErrors(slots: readonly string[], now: Date): Record<string, string> {
  const times = slots.map((s) => new Date(s));
  const fields: Record<string, string> = {};
  times.forEach((at, i) => {
    if (at <= now) fields[`slots.${i}`] = "is in the past";
    if (times.findIndex((o) => o.getTime() === at.getTime()) !== i) fields[`slots.${i}`] = "is proposed twice";
  });
  return fields;
}

export function requireProposedTimes(slots: readonly string[], now: Date): Date[] {
  const fields = proposedTimeErrors(slots, now);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return slots.map((s) => new Date(s));
}
