import { and, eq } from "drizzle-orm";
import { auditLog, educators, messages, messageTranslations } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { languageName } from "../../domain/languages";
import { AppError, NotFoundError, ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireFamilyInScope } from "../queries";

export const MAX_CORRECTION_LENGTH = 2_000;

/**
 * A bilingual educator (the family's language among their own) corrects the staff-language
 * translation of a family's text. The original stays as it is — it is the record; the machine's
 * text is kept beside the correction, and the audit log says who changed it and when.
 */
export async function correctTranslation(ctx: ServiceContext, input: { messageId: string; text: string }) {
  const text = input.text.trim();
  if (!text) throw new ValidationError({ text: "is required" });
  if (text.length > MAX_CORRECTION_LENGTH) {
    throw new ValidationError({ text: `must be at most ${MAX_CORRECTION_LENGTH} characters` });
  }
  if (ctx.actor.type !== "educator") {
    throw new AppError("forbidden", "Only an educator who reads the family's language can correct a translation");
  }
  const { db, clock } = ctx.deps;
  const [row] = await db
    .select({ translation: messageTranslations, familyId: messages.familyId })
    .from(messageTranslations)
    .innerJoin(messages, eq(messages.id, messageTranslations.messageId))
    .where(and(eq(messageTranslations.messageId, input.messageId), eq(messageTranslations.direction, "to_staff")));
  if (!row?.familyId) throw new NotFoundError("Message not found");
  await requireFamilyInScope(ctx, row.familyId);
  const [me] = await db
    .select({ languages: educators.languages })
    .from(educators)
    .where(eq(educators.id, ctx.actor.educatorId));
  const source = row.translation.sourceLanguage;
  if (!me?.languages.includes(source)) {
    throw new AppError(
      "forbidden",
      `Only educators who read ${languageName(source)} can correct this translation (add it to your languages)`,
    );
  }
  const now = clock.now();
  const t = row.translation;
  await db.batch([
    db
      .update(messageTranslations)
      .set({
        text,
        // The first correction keeps what the machine said; later ones keep that, too.
        machineText: t.status === "corrected" ? t.machineText : t.text,
        status: "corrected",
        correctedByEducatorId: ctx.actor.educatorId,
        correctedAt: now,
        updatedAt: now,
      })
      .where(eq(messageTranslations.id, t.id)),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "translation.correct",
        subjectType: "family",
        subjectId: row.familyId,
        detail: { messageId: input.messageId, engine: t.engine, previousStatus: t.status },
      }),
    ),
  ]);
  return { familyId: row.familyId };
}
