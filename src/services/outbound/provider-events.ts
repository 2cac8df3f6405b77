import { and, eq, like, or } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { messageEvents, messages } from "../../../db/schema";
import { newId } from "../../domain/ids";

/**
 * Stores a raw provider event once. The UNIQUE (provider, dedupe_key) index decides: a
 * replayed or parallel duplicate inserts nothing and the caller stops there.
 */
export async function storeEventOnce(
  db: Db,
  event: {
    provider: "twilio" | "sendgrid";
    dedupeKey: string;
    eventType: string;
    messageId: string | null;
    payload: Record<string, unknown>;
    occurredAt: Date;
    now: Date;
  },
): Promise<boolean> {
  const inserted = await db
    .insert(messageEvents)
    .values({
      id: newId("mev", event.now.getTime()),
      messageId: event.messageId,
      provider: event.provider,
      dedupeKey: event.dedupeKey,
      eventType: event.eventType,
      payload: event.payload,
      occurredAt: event.occurredAt,
      createdAt: event.now,
      updatedAt: event.now,
    })
    .onConflictDoNothing()
    .returning({ id: messageEvents.id });
  return inserted.length > 0;
}

/**
 * The message an event is about: by our id (status callback URL / custom args) — which also
 * works after a timeout, before we ever learned the provider's id — else by the provider's id.
 * SendGrid's sg_message_id is the X-Message-Id plus a suffix, hence the prefix match.
 */
export async function findMessageForEvent(db: Db, ours: string | undefined, providerId: string | undefined) {
  const conditions = [];
  if (ours) conditions.push(eq(messages.id, ours));
  if (providerId) {
    conditions.push(eq(messages.providerMessageId, providerId));
    const base = providerId.split(".")[0];
    if (base && base !== providerId)
      conditions.push(and(eq(messages.provider, "sendgrid"), like(messages.providerMessageId, `${base}%`)));
  }
  if (conditions.length === 0) return null;
  const [message] = await db
    .select()
    .from(messages)
    .where(or(...conditions))
    .limit(1);
  return message ?? null;
}
