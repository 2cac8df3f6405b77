import { desc, eq, inArray } from "drizzle-orm";
import { families, selectionDraws } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

/** A school's household draws, newest first, with the display name of every family drawn. */
export async function listDraws(ctx: ServiceContext, schoolId: string) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see draws");
  await requireSchoolInScope(ctx, schoolId);
  const draws = await ctx.deps.db
    .select()
    .from(selectionDraws)
    .where(eq(selectionDraws.schoolId, schoolId))
    .orderBy(desc(selectionDraws.createdAt));
  const ids = [...new Set(draws.flatMap((d) => d.result))];
  const rows = ids.length
    ? await ctx.deps.db
        .select({ id: families.id, name: families.displayName })
        .from(families)
        .where(inArray(families.id, ids))
    : [];
  return { draws, names: new Map(rows.map((r) => [r.id, r.name])) };
}
