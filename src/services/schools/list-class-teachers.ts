import { and, eq } from "drizzle-orm";
import { educators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireSchoolInScope } from "../queries";

/**
 * The school's active classroom teachers, for "invite these classes". Classes belong to
 * teachers: a coordinator or district admin has none to invite.
 */
export async function listClassTeachers(ctx: ServiceContext, schoolId: string) {
  await requireSchoolInScope(ctx, schoolId);
  return ctx.deps.db
    .select({ id: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.schoolId, schoolId), eq(educators.active, true), eq(educators.role, "educator")));
}
