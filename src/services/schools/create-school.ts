import { auditLog, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import type { School, SchoolCreate } from "../../schemas/schools";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { toSchool } from "../queries";
import { ensureDeploymentDistrict } from "./district";

export async function createSchool(ctx: ServiceContext, input: SchoolCreate): Promise<School> {
  requireRole(ctx.actor, ["district_admin"], "add schools");
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const districtId = ctx.actor.districtId ?? (await ensureDeploymentDistrict(db, input.timezone, now));
  const row = {
    id: newId("sch", now.getTime()),
    districtId,
    name: input.name,
    timezone: input.timezone,
    programModel: input.programModel,
    defaultLanguage: input.defaultLanguage,
    defaultChannel: input.defaultChannel,
    settings: {},
    externalId: null,
    createdAt: now,
    updatedAt: now,
  };
  await db.batch([
    db.insert(schools).values(row),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "school.create", subjectType: "school", subjectId: row.id })),
  ]);
  return toSchool(row);
}
