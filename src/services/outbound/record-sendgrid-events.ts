import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { messages } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { fromSendGridEvent, sendGridContactEffect, shouldApplyStatus } from "../../domain/delivery-status";
import { markOptedOut, markUnreachable } from "../../messaging/contact-effects";
import { rerouteStatements } from "../../messaging/reroute";
import { findMessageForEvent, storeEventOnce } from "./provider-events";

export type SendGridEvent = {
  event?: string;
  sg_event_id?: string;
  sg_message_id?: string;
  timestamp?: number;
  messageId?: string; // our custom arg
  reason?: string;
  [key: string]: unknown;
};

/** A verified batch of SendGrid events: each stored once, applied by rank, contacts updated. */
export async function recordSendGridEvents(ctx: SystemContext, events: SendGridEvent[]) {
  const { db, clock } = ctx.deps;
  let stored = 0;
  let duplicates = 0;
  for (const event of events) {
    const now = clock.now();
    if (!event.event || !event.sg_event_id) continue;
    const message = await findMessageForEvent(db, event.messageId, event.sg_message_id);
    const isNew = await storeEventOnce(db, {
      provider: "sendgrid",
      dedupeKey: event.sg_event_id,
      eventType: event.event,
      messageId: message?.id ?? null,
      payload: event,
      occurredAt: event.timestamp ? new Date(event.timestamp * 1000) : now,
      now,
    });
    if (!isNew) {
      duplicates++;
      continue;
    }
    stored++;
    if (!message) continue;
    const statements: BatchItem<"sqlite">[] = [];
    const status = fromSendGridEvent(event.event);
    if (status && shouldApplyStatus(message.status, status)) {
      statements.push(
        db
          .update(messages)
          .set({
            status,
            statusReason: event.reason ? String(event.reason).slice(0, 300) : message.statusReason,
            updatedAt: now,
          })
          .where(eq(messages.id, message.id)),
      );
    }
    const effect = sendGridContactEffect(event.event);
    if (effect && message.contactId) {
      if (effect === "opted_out") {
        statements.push(
          ...markOptedOut(db, now, {
            contactId: message.contactId,
            familyId: message.familyId,
            messageId: message.id,
            channel: "email",
            why: `sendgrid ${event.event}`,
          }),
        );
      } else {
        statements.push(
          markUnreachable(db, now, message.contactId, "email", `SendGrid ${event.event}: ${event.reason ?? ""}`.trim()),
        );
        statements.push(...(await rerouteStatements(ctx.deps, message, "email")).statements);
      }
    }
    if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
  return { stored, duplicates };
}
