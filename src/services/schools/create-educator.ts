import { eq } from "drizzle-orm";
import { isUniqueViolation } from "../../../db/errors";
import { auditLog, educators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { ConflictError, ValidationError } from "../../errors";
import type { Educator, EducatorCreate } from "../../schemas/educators";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope, toEducator } from "../queries";

export async function createEducator(ctx: ServiceContext, input: EducatorCreate): Promise<Educator> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "add educators");
  if (input.role === "district_admin" && ctx.actor.role !== "district_admin") {
    throw new ValidationError({ role: "only a district admin may add another district admin" });
  }
  await requireSchoolInScope(ctx, input.schoolId).catch(() => {
    throw new ValidationError({ schoolId: "is not a school you can add educators to" });
  });
  const { db, clock } = ctx.deps;
  const [existing] = await db.select({ id: educators.id }).from(educators).where(eq(educators.email, input.email));
  if (existing) throw new ConflictError("An educator with this email already exists", { email: "is already in use" });

  const now = clock.now();
  const row = {
    id: newId("edu", now.getTime()),
    schoolId: input.schoolId,
    name: input.name,
    email: input.email,
    phone: input.phone ?? null,
    role: input.role,
    languages: input.languages,
    notifyMode: input.notifyMode,
    externalId: null,
    officeHours: null,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.batch([
      db.insert(educators).values(row),
      db
        .insert(auditLog)
        .values(auditRow(ctx.actor, now, { action: "educator.create", subjectType: "educator", subjectId: row.id })),
    ]);
  } catch (error) {
    // Two requests for the same email at once: the unique index decides.
    if (isUniqueViolation(error, "email")) {
      throw new ConflictError("An educator with this email already exists", { email: "is already in use" });
    }
    throw error;
  }
  return toEducator(row);
}
