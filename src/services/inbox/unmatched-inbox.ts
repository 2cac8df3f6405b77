import { and, desc, eq, isNull, notExists } from "drizzle-orm";
import { contacts, inboundQueue, messages } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { conversationFor } from "../../messaging/conversation-store";
import { recordAudit } from "../audit";
import { requireRole } from "../auth";
import { requireFamilyInScope } from "../queries";

/**
 * Messages from numbers and addresses we could not match to a family. Nothing is dropped:
 * coordinators read them here and file each under the right family.
 */
export async function listUnmatched(ctx: ServiceContext) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see the unmatched inbox");
  const { db } = ctx.deps;
  return (
    db
      .select({
        id: messages.id,
        channel: messages.channel,
        address: messages.address,
        body: messages.body,
        occurredAt: messages.occurredAt,
        media: messages.media,
      })
      .from(messages)
      // Texts still waiting to be routed are not "unmatched" yet.
      .where(
        and(
          isNull(messages.familyId),
          eq(messages.direction, "in"),
          notExists(db.select().from(inboundQueue).where(eq(inboundQueue.messageId, messages.id))),
        ),
      )
      .orderBy(desc(messages.occurredAt))
      .limit(200)
  );
}

/** Files an unmatched message under a family (in the actor's scope), naming the contact if known. */
export async function assignUnmatched(ctx: ServiceContext, messageId: string, familyId: string): Promise<void> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "assign unmatched messages");
  const family = await requireFamilyInScope(ctx, familyId);
  const { db } = ctx.deps;
  const [message] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), isNull(messages.familyId)));
  if (!message) throw new NotFoundError("Message not found");
  const column = message.channel === "email" ? contacts.email : contacts.phone;
  const [contact] = message.address
    ? await db
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.familyId, family.id), eq(column, message.address)))
    : [];
  const conversation = await conversationFor(
    db,
    family.id,
    { occurredAt: message.occurredAt, direction: "in" },
    ctx.deps.config.conversationGapHours,
  );
  await db
    .update(messages)
    .set({
      familyId: family.id,
      contactId: contact?.id ?? null,
      language: family.language,
      ...conversation,
      updatedAt: ctx.deps.clock.now(),
    })
    .where(eq(messages.id, messageId));
  await recordAudit(ctx, {
    action: "message.assign",
    subjectType: "message",
    subjectId: messageId,
    detail: { familyId },
  });
}
