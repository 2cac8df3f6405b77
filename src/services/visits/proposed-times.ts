import type { visitSlots } from "../../../db/schema";
import { newId } from "../../domain/ids";
import { schoolYearOf, schoolYearSpan } from "../../domain/school-year";
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

/** The school year the times must fall in: its name ("2026-27") and the school's zone. */
export type YearBound = { schoolYear: string; timeZone: string };

/**
 * The 1–3 times a pair proposes (at invitation, or again after "none work"): at least one,
 * each a real time, in the future, none twice, and inside the school year (a visit belongs to
 * one year: a date two years out is refused, not filed under another year). Field names match
 * the API body (`slots.0`, …); pages show them as "Time 1".
 */
export function proposedTimeErrors(slots: readonly string[], now: Date, year?: YearBound): Record<string, string> {
  const fields: Record<string, string> = {};
  if (slots.length === 0) return { slots: "add at least one time" };
  if (slots.length > 3) return { slots: "propose at most 3 times" };
  const times = slots.map((s) => new Date(s));
  times.forEach((at, i) => {
    if (Number.isNaN(at.getTime())) {
      fields[`slots.${i}`] = "is not a time on the family's clock (check the date and the hour)";
      return;
    }
    if (at <= now) fields[`slots.${i}`] = "is in the past";
    else if (year && schoolYearOf(at, year.timeZone) !== year.schoolYear)
      fields[`slots.${i}`] = `is outside the ${year.schoolYear} school year (${schoolYearSpan(year.schoolYear)})`;
    if (times.findIndex((o) => o.getTime() === at.getTime()) !== i) fields[`slots.${i}`] = "is proposed twice";
  });
  return fields;
}

export function requireProposedTimes(slots: readonly string[], now: Date, year?: YearBound): Date[] {
  const fields = proposedTimeErrors(slots, now, year);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return slots.map((s) => new Date(s));
}
