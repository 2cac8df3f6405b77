import { desc, eq } from "drizzle-orm";
import { messages } from "../../db/schema";
import type { ServiceContext } from "../context";
import { queueAccessAudit } from "./record-audit";
import { requireFamilyInScope } from "./scope";

/** A family's thread, newest first (both directions, every channel). Viewing is audited. */
export async function listFamilyMessages(ctx: ServiceContext, familyId: string, limit = 200) {
  await requireFamilyInScope(ctx, familyId);
  const rows = await ctx.deps.db
    .select()
    .from(messages)
    .where(eq(messages.familyId, familyId))
    .orderBy(desc(messages.occurredAt), desc(messages.id))
    .limit(limit);
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
  }));
}
