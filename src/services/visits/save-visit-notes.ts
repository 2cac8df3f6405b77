import { and, eq } from "drizzle-orm";
import { auditLog, visitEducators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { AppError, ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireVisitInScope } from "../queries";

export const VISIT_NOTES_MAX = 5000;

/**
 * One of the visiting pair writes their own notes about the family (not their reflection,
 * which is `record-reflection.ts` and counts toward the pairs-reflect rule). Recording the
 * visit (time, length, plan) is the lead's; the partner sat in the same home and heard the
 * same hopes and dreams, so she has a place of her own to write them — kept on her row of
 * the pair, read by the pair and district admins only (domain/visit-privacy.ts).
 */
export async function saveVisitNotes(
  ctx: ServiceContext,
  input: { visitId: string; notes: string },
): Promise<{ familyId: string }> {
  const { visit } = await requireVisitInScope(ctx, input.visitId);
  const { actor } = ctx;
  const { db, clock } = ctx.deps;
  const [own] =
    actor.type === "educator"
      ? await db
          .select({ role: visitEducators.role })
          .from(visitEducators)
          .where(and(eq(visitEducators.visitId, visit.id), eq(visitEducators.educatorId, actor.educatorId)))
      : [];
  if (!own || actor.type !== "educator")
    throw new AppError("forbidden", "Only the educators on this visit write notes on it");
  if (visit.status === "cancelled" || visit.status === "declined")
    throw new AppError("conflict", `This visit was ${visit.status}: there is nothing to write notes on`);
  const notes = input.notes.trim();
  if (notes.length > VISIT_NOTES_MAX)
    throw new ValidationError(
      {
        notes: `is ${notes.length.toLocaleString("en-US")} characters; the limit is ${VISIT_NOTES_MAX.toLocaleString("en-US")}`,
      },
      "Your notes are too long to save",
    );
  const now = clock.now();
  await db.batch([
    db
      .update(visitEducators)
      .set({ notes: notes || null })
      .where(and(eq(visitEducators.visitId, visit.id), eq(visitEducators.educatorId, actor.educatorId))),
    db
      .insert(auditLog)
      .values(auditRow(actor, now, { action: "visit.notes", subjectType: "visit", subjectId: visit.id })),
  ]);
  return { familyId: visit.familyId };
}
