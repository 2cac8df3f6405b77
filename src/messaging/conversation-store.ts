import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { messages } from "../../db/schema";
import { assignConversation, type ConversationAssignment } from "../domain/conversations";
import { newId } from "../domain/ids";

/** The conversation a new message of this family belongs to (see domain/conversations.ts). */
export async function conversationFor(
  db: Db,
  familyId: string,
  next: { occurredAt: Date; direction: "in" | "out" },
  gapHours: number,
): Promise<ConversationAssignment> {
  const [previous] = await db
    .select({
      occurredAt: messages.occurredAt,
      direction: messages.direction,
      conversationId: messages.conversationId,
      initiatedBy: messages.initiatedBy,
    })
    .from(messages)
    .where(and(eq(messages.familyId, familyId), isNotNull(messages.conversationId)))
    .orderBy(desc(messages.occurredAt), desc(messages.id))
    .limit(1);
  return assignConversation(previous ?? null, next, gapHours, () => newId("cnv", next.occurredAt.getTime()));
}
