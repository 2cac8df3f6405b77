import { and, eq } from "drizzle-orm";
import { auditLog, educators, messages } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { ValidationError } from "../../errors";
import type { LoggedContactCreate } from "../../schemas/cadence";
import { auditRow } from "../audit";
import { requireFamilyInScope } from "../queries";

/**
 * An educator logs a phone call or an in-person talk with the family. It joins the family's
 * timeline as a touch for cadence (DOMAIN: calls and talks count), never as something sent.
 */
export async function logContact(ctx: ServiceContext, familyId: string, input: LoggedContactCreate) {
  const family = await requireFamilyInScope(ctx, familyId);
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const at = new Date(input.at);
  const fields: Record<string, string> = {};
  if (at > now) fields.at = "is in the future";
  if (ctx.actor.type === "educator" && ctx.actor.educatorId !== input.educatorId)
    fields.educatorId = "must be your own educator id";
  const [educator] = await db
    .select({ id: educators.id })
    .from(educators)
    .where(and(eq(educators.id, input.educatorId), eq(educators.schoolId, family.schoolId)));
  if (!educator) fields.educatorId ??= "is not an educator of this family's school";
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  const id = newId("msg", now.getTime());
  await db.batch([
    db.insert(messages).values({
      id,
      familyId: family.id,
      educatorId: input.educatorId,
      direction: "out",
      kind: input.kind === "call" ? "logged_call" : "logged_in_person",
      channel: input.kind === "call" ? "voice" : "in_person",
      language: family.language,
      body: input.note ?? "",
      status: "logged",
      occurredAt: at,
      createdAt: now,
      updatedAt: now,
    }),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "contact.log", subjectType: "family", subjectId: family.id })),
  ]);
  return { id, familyId: family.id, kind: input.kind, at: at.toISOString(), note: input.note ?? null };
}
