import { asc, eq, inArray } from "drizzle-orm";
import { families, schools, visitSlots, visits } from "../../../db/schema";
import { hashLinkCode, normalizeLinkCode } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import { visitPair } from "../queries";

/** What the family's visit page shows, from its link code (null: unknown or mistyped). */
export async function loadFamilyVisitPage(ctx: SystemContext, code: string) {
  const { db, clock } = ctx.deps;
  const normalized = normalizeLinkCode(code);
  if (!normalized) return null;
  const hashed = await hashLinkCode(normalized);
  // The plain code matches a row stored before codes were hashed; it is hashed on first use.
  const [row] = await db
    .select({ visit: visits, family: families, school: schools })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(inArray(visits.linkCode, [hashed, normalized]));
  if (!row) return null;
  if (row.visit.linkCode !== hashed) {
    await db.update(visits).set({ linkCode: hashed }).where(eq(visits.id, row.visit.id));
    row.visit.linkCode = hashed;
  }
  const [slots, pair] = await Promise.all([
    db.select().from(visitSlots).where(eq(visitSlots.visitId, row.visit.id)).orderBy(asc(visitSlots.position)),
    visitPair(db, row.visit.id),
  ]);
  const expired = !row.visit.linkExpiresAt || row.visit.linkExpiresAt < clock.now();
  return { ...row, slots, educators: pair.map((p) => p.name), expired };
}
