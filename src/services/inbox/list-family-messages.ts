import { desc, eq } from "drizzle-orm";
import { messages } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { queueAccessAudit } from "../audit";
import { requireFamilyInScope } from "../queries";
import { type TranslationView, translationsOf } from "../translation";

/** A family's thread, newest first (both directions, every channel). Viewing is audited. */
export async function listFamilyMessages(ctx: ServiceContext, familyId: string, limit = 200) {
  await requireFamilyInScope(ctx, familyId);
  const rows = await ctx.deps.db
    .select()
    .from(messages)
    .where(eq(messages.familyId, familyId))
    .orderBy(desc(messages.occurredAt), desc(messages.id))
    .limit(limit);
  const translations = await translationsOf(
    ctx.deps.db,
    rows.map((m) => m.id),
  );
  queueAccessAudit(ctx, { action: "family.messages.view", subjectType: "family", subjectId: familyId });
  return rows.map((m) => ({
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    channel: m.channel,
    language: m.language,
    templateKey: m.templateKey,
    body: m.body,
    status: m.status,
    statusReason: m.statusReason,
    errorCode: m.errorCode,
    segments: m.segments,
    initiatedBy: m.initiatedBy,
    conversationId: m.conversationId,
    createdAt: m.createdAt.toISOString(),
    translation: translationToApi(translations.get(m.id)),
  }));
}

/** The API's view of a translation: the machine's and any person's text, and where it came from. */
function translationToApi(t: TranslationView | undefined) {
  if (!t) return null;
  return {
    direction: t.direction,
    status: t.status,
    sourceLanguage: t.sourceLanguage,
    targetLanguage: t.targetLanguage,
    original: t.original,
    text: t.text,
    machineText: t.machineText,
    engine: t.engine,
    model: t.model,
    detectedLanguage: t.detectedLanguage,
    detectionScore: t.detectionScore,
    statusReason: t.statusReason,
    correctedBy: t.correctedBy,
    correctedAt: t.correctedAt?.toISOString() ?? null,
  };
}
