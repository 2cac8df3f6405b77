import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { messages, outbox } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { classifyTwilioError, fromTwilioStatus, shouldApplyStatus } from "../../domain/delivery-status";
import { flagContact, markOptedOut, markUnreachable, pauseSender } from "../../messaging/contact-effects";
import { rerouteStatements } from "../../messaging/reroute";
import { findMessageForEvent, storeEventOnce } from "./provider-events";

const HANDSET_RETRY_MS = 30 * 60_000;
const HANDSET_MAX_ATTEMPTS = 3;

/**
 * A verified Twilio status callback. The raw event is kept once; the message's status moves
 * only forward; error codes update the contact as the send path does. The callback also
 * settles an "unknown outcome": it carries our id, so the dispatcher will not resend.
 */
export async function recordTwilioStatus(
  ctx: SystemContext,
  payload: Record<string, string>,
  ourMessageId: string | undefined,
): Promise<"stored" | "duplicate" | "unknown_message"> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const sid = payload.MessageSid ?? payload.SmsSid;
  const providerStatus = payload.MessageStatus ?? payload.SmsStatus ?? "";
  const message = await findMessageForEvent(db, ourMessageId, sid);
  const stored = await storeEventOnce(db, {
    provider: "twilio",
    dedupeKey: `${sid}:${providerStatus}:${payload.ErrorCode ?? ""}`,
    eventType: providerStatus,
    messageId: message?.id ?? null,
    payload,
    occurredAt: now,
    now,
  });
  if (!stored) return "duplicate";
  if (!message) return "unknown_message";

  const status = fromTwilioStatus(providerStatus);
  const statements: BatchItem<"sqlite">[] = [];
  if (status && shouldApplyStatus(message.status, status)) {
    statements.push(
      db
        .update(messages)
        .set({
          status,
          provider: "twilio",
          providerMessageId: message.providerMessageId ?? sid ?? null,
          errorCode: payload.ErrorCode ?? message.errorCode,
          updatedAt: now,
        })
        .where(eq(messages.id, message.id)),
      // Settled by the callback: the dispatcher has nothing left to do for this message.
      db.update(outbox).set({ state: "done", updatedAt: now }).where(eq(outbox.messageId, message.id)),
    );
  }
  if (payload.ErrorCode && message.contactId) {
    statements.push(...(await errorEffects(ctx, message, payload.ErrorCode, now)));
  }
  if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return "stored";
}

async function errorEffects(
  ctx: SystemContext,
  message: typeof messages.$inferSelect,
  code: string,
  now: Date,
): Promise<BatchItem<"sqlite">[]> {
  const { db } = ctx.deps;
  const contactId = message.contactId!;
  switch (classifyTwilioError(code)) {
    case "opted_out": {
      const next = await rerouteStatements(ctx.deps, message, "sms");
      return [
        ...markOptedOut(db, now, {
          contactId,
          familyId: message.familyId,
          messageId: message.id,
          channel: "sms",
          why: `twilio ${code}`,
        }),
        ...next.statements,
      ];
    }
    case "unreachable": {
      const next = await rerouteStatements(ctx.deps, message, "sms");
      return [markUnreachable(db, now, contactId, "sms", `Twilio ${code}`), ...next.statements];
    }
    case "handset_unreachable": {
      // Carrier could not reach the phone: try again later, at most twice in the next hour.
      const [item] = await db.select().from(outbox).where(eq(outbox.messageId, message.id));
      if (item && item.attempts < HANDSET_MAX_ATTEMPTS) {
        return [
          db
            .update(messages)
            .set({
              status: "queued",
              providerMessageId: null,
              statusReason: `retrying: handset unreachable (Twilio ${code})`,
              updatedAt: now,
            })
            .where(eq(messages.id, message.id)),
          db
            .update(outbox)
            .set({ state: "pending", nextAttemptAt: new Date(now.getTime() + HANDSET_RETRY_MS), updatedAt: now })
            .where(eq(outbox.id, item.id)),
        ];
      }
      return [
        flagContact(
          db,
          now,
          contactId,
          `handset unreachable (Twilio ${code}) after ${item?.attempts ?? "several"} tries`,
        ),
      ];
    }
    case "sender_blocked":
      ctx.deps.log("error", "ALERT: Twilio blocked or filtered our sender; texting is paused", { code });
      return [pauseSender(db, now, ctx.deps.sms.sender, code, `Twilio ${code} on message ${message.id}`)];
    default:
      return [];
  }
}
