import { asc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { educators, visitEducators } from "../../../db/schema";

/** One seat of a visit's pair, with the educator in it. */
export type PairSeat = typeof visitEducators.$inferSelect & { name: string; email: string; active: boolean };

const seatColumns = {
  ...getTableColumns(visitEducators),
  name: educators.name,
  email: educators.email,
  active: educators.active,
};

/**
 * THE read of a visit's pair: both seats (role, attestation, confirmation, time logged, notes,
 * reflection) with each educator's name, address and whether they are still active — the lead
 * first. Callers pick what they need (`.find((s) => s.role === "lead")`, `.filter((s) => s.active)`).
 */
export async function visitPair(db: Db, visitId: string): Promise<PairSeat[]> {
  return db
    .select(seatColumns)
    .from(visitEducators)
    .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
    .where(eq(visitEducators.visitId, visitId))
    .orderBy(asc(visitEducators.role));
}

/** The pairs of many visits in one read (lists and registers), by visit id, each lead first. */
export async function visitPairs(db: Db, visitIds: readonly string[]): Promise<Map<string, PairSeat[]>> {
  const pairs = new Map<string, PairSeat[]>();
  if (visitIds.length === 0) return pairs;
  const seats = await db
    .select(seatColumns)
    .from(visitEducators)
    .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
    .where(inArray(visitEducators.visitId, [...visitIds]))
    .orderBy(asc(visitEducators.visitId), asc(visitEducators.role));
  for (const seat of seats) pairs.set(seat.visitId, [...(pairs.get(seat.visitId) ?? []), seat]);
  return pairs;
}
