import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";
import { consentEvents, contacts, senderPauses } from "../../db/schema";
import { newId } from "../domain/ids";

/**
 * What a provider (or staff) can tell us about a contact, as statements to add to a batch. Used
 * by the dispatcher (errors when sending), the status webhooks (errors after sending) and the
 * opt-out review queue, so every path changes contacts the same way.
 */
export function markOptedOut(
  db: Db,
  at: Date,
  target: {
    contactId: string;
    familyId: string | null;
    messageId: string | null;
    channel: "sms" | "email";
    why: string;
    source?: "provider" | "staff";
  },
): BatchItem<"sqlite">[] {
  return [
    db
      .update(contacts)
      .set(target.channel === "sms" ? { smsOptedOutAt: at, updatedAt: at } : { emailOptedOutAt: at, updatedAt: at })
      .where(eq(contacts.id, target.contactId)),
    db.insert(consentEvents).values({
      id: newId("cns", at.getTime()),
      familyId: target.familyId,
      contactId: target.contactId,
      channel: target.channel,
      kind: "opt_out",
      source: target.source ?? "provider",
      keyword: target.why,
      messageId: target.messageId,
      createdAt: at,
      updatedAt: at,
    }),
  ];
}

export function markUnreachable(
  db: Db,
  at: Date,
  contactId: string,
  channel: "sms" | "email",
  why: string,
): BatchItem<"sqlite"> {
  return db
    .update(contacts)
    .set(
      channel === "sms"
        ? { smsUnreachableAt: at, unreachableReason: why, updatedAt: at }
        : { emailUnreachableAt: at, unreachableReason: why, updatedAt: at },
    )
    .where(eq(contacts.id, contactId));
}

export function flagContact(db: Db, at: Date, contactId: string, why: string): BatchItem<"sqlite"> {
  return db.update(contacts).set({ unreachableReason: why, updatedAt: at }).where(eq(contacts.id, contactId));
}

export function pauseSender(db: Db, at: Date, sender: string, code: string, reason: string): BatchItem<"sqlite"> {
  return db
    .insert(senderPauses)
    .values({ id: newId("snd", at.getTime()), sender, errorCode: code, reason, pausedAt: at });
}
