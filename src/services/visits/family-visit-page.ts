import { asc, eq } from "drizzle-orm";
import { educators, families, schools, visitEducators, visitSlots, visits } from "../../../db/schema";
import { verifyExpiringId } from "../../auth/signed-ids";
import type { SystemContext } from "../../context";

/** What the family's visit page shows, from its link token (null: forged or unknown). */
export async function loadFamilyVisitPage(ctx: SystemContext, token: string) {
  const { db, config, clock } = ctx.deps;
  const verified = await verifyExpiringId(config.sessionSecret, "visit", token, clock.now());
  if (!verified) return null;
  const [row] = await db
    .select({ visit: visits, family: families, school: schools })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(eq(visits.id, verified.id));
  if (!row) return null;
  const [slots, pair] = await Promise.all([
    db.select().from(visitSlots).where(eq(visitSlots.visitId, row.visit.id)).orderBy(asc(visitSlots.position)),
    db
      .select({ name: educators.name })
      .from(visitEducators)
      .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
      .where(eq(visitEducators.visitId, row.visit.id))
      .orderBy(asc(visitEducators.role)),
  ]);
  return { ...row, slots, educators: pair.map((p) => p.name), expired: verified.expired };
}
