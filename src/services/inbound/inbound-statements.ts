import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { chunk, insertRows, type RawStatement, rawOfQuery, rowsPerStatement } from "../../../db/raw-batch";
import { contacts, inboundQueue } from "../../../db/schema";

/** A text as the webhook stores it: its receipt row, and for STOP/START the consent change. */
export type InboundRow = typeof inboundQueue.$inferInsert & {
  /** STOP/START: the number's opt-out changes in the same write. */
  consent: "opt_out" | "opt_in" | null;
};

/**
 * The statements that store one group of inbound texts atomically: one multi-row INSERT of their
 * receipts into `inbound_queue` (returning the ids actually stored: a repeated MessageSid inserts
 * nothing), one UPDATE per consent change. The message rows themselves are written by routing
 * (route-inbound.ts), after Twilio has its answer. Pre-built SQL (db/raw-batch.ts): this runs for
 * every burst of texts, and building these inserts through drizzle cost more than running them.
 */
export function inboundStatements(
  db: Db,
  rows: InboundRow[],
  boundParameters: number,
): { statements: RawStatement[]; receiptInserts: number } {
  const now = rows[0]!.createdAt;
  // D1 caps a statement at 100 bound parameters, so each multi-row insert is cut to fit.
  const receiptInserts = chunk(rows, rowsPerStatement(RECEIPT_KEYS.length, boundParameters)).map((part) =>
    insertRows(inboundQueue, RECEIPT_KEYS, part, {
      // The unique MessageSid decides: twenty deliveries of one text leave one receipt.
      tail: "on conflict do nothing returning message_id as id",
    }),
  );
  const statements: RawStatement[] = [...receiptInserts];
  // A number's last STOP or START in the group wins, as it would had they committed one by one.
  // Rare, so drizzle builds these; `toSQL()` hands them to the same batch.
  const lastConsent = new Map<string, "opt_out" | "opt_in">();
  for (const r of rows) if (r.consent) lastConsent.set(r.address, r.consent);
  const phones = (consent: "opt_out" | "opt_in") => [...lastConsent].filter(([, c]) => c === consent).map(([p]) => p);
  const numberContacts = (part: string[]) => and(eq(contacts.active, true), inArray(contacts.phone, part));
  const consentLimit = boundParameters - 3; // the timestamps and `active` bind three more
  for (const part of chunk(phones("opt_out"), consentLimit)) {
    const update = db
      .update(contacts)
      .set({ smsOptedOutAt: sql`coalesce(${contacts.smsOptedOutAt}, ${now.getTime()})`, updatedAt: now })
      .where(numberContacts(part));
    statements.push(rawOfQuery(update));
  }
  for (const part of chunk(phones("opt_in"), consentLimit)) {
    const update = db.update(contacts).set({ smsOptedOutAt: null, updatedAt: now }).where(numberContacts(part));
    statements.push(rawOfQuery(update));
  }
  return { statements, receiptInserts: receiptInserts.length };
}

const RECEIPT_KEYS = [
  "messageId",
  "providerMessageId",
  "address",
  "body",
  "media",
  "kind",
  "statusReason",
  "priorSmsOptedOut",
  "optOutType",
  "createdAt",
] as const;
