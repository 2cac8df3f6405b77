import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { chunk, insertRows, type RawStatement, rowsPerStatement, type SqlValue } from "../../db/raw-batch";
import { contacts, inboundQueue, messages } from "../../db/schema";

export type InboundRow = {
  messageId: string;
  sid: string;
  from: string;
  body: string;
  kind: "personal" | "system";
  statusReason: string | null;
  media: { count: number; types: string[] } | null;
  at: number;
  priorSmsOptedOut: boolean;
  optOutType: string | null;
  /** STOP/START: the number's opt-out changes in the same write. */
  consent: "opt_out" | "opt_in" | null;
};

/**
 * The statements that store one group of inbound texts atomically: one multi-row INSERT for the
 * messages (returning the ids actually stored), one for their queue rows, one UPDATE per consent
 * change. Pre-built SQL (db/raw-batch.ts): this runs for every burst of texts, and building these
 * inserts through drizzle cost more than running them.
 */
export function inboundStatements(
  db: Db,
  rows: InboundRow[],
  boundParameters: number,
): { statements: RawStatement[]; messageInserts: number } {
  const now = new Date(rows[0]!.at);
  // D1 caps a statement at 100 bound parameters, so each multi-row insert is cut to fit.
  const cut = <T>(items: T[], keyCount: number) => chunk(items, rowsPerStatement(keyCount, boundParameters));
  const messageInserts = cut(rows, MESSAGE_KEYS.length).map((part) =>
    insertRows(messages, MESSAGE_KEYS, part.map(messageRow), {
      fixed: FIXED_MESSAGE_VALUES,
      tail: "on conflict do nothing returning id",
    }),
  );
  const statements: RawStatement[] = [
    ...messageInserts,
    // Queue only the texts whose message row exists: a repeated MessageSid inserted nothing
    // above (the provider id is unique), and its fresh id names no row, so it is not queued.
    ...cut(rows, QUEUE_KEYS.length).map((part) =>
      insertRows(inboundQueue, QUEUE_KEYS, part.map(queueRow), {
        where: "exists (select 1 from messages where messages.id = column1)",
        tail: "on conflict do nothing",
      }),
    ),
  ];
  // A number's last STOP or START in the group wins, as it would had they committed one by one.
  // Rare, so drizzle builds these; `toSQL()` hands them to the same batch.
  const lastConsent = new Map<string, "opt_out" | "opt_in">();
  for (const r of rows) if (r.consent) lastConsent.set(r.from, r.consent);
  const phones = (consent: "opt_out" | "opt_in") => [...lastConsent].filter(([, c]) => c === consent).map(([p]) => p);
  const numberContacts = (part: string[]) => and(eq(contacts.active, true), inArray(contacts.phone, part));
  const consentLimit = boundParameters - 3; // the timestamps and `active` bind three more
  for (const part of chunk(phones("opt_out"), consentLimit)) {
    const update = db
      .update(contacts)
      .set({ smsOptedOutAt: sql`coalesce(${contacts.smsOptedOutAt}, ${now.getTime()})`, updatedAt: now })
      .where(numberContacts(part));
    statements.push(raw(update.toSQL()));
  }
  for (const part of chunk(phones("opt_in"), consentLimit)) {
    const update = db.update(contacts).set({ smsOptedOutAt: null, updatedAt: now }).where(numberContacts(part));
    statements.push(raw(update.toSQL()));
  }
  return { statements, messageInserts: messageInserts.length };
}

const MESSAGE_KEYS = [
  "id",
  "kind",
  "body",
  "address",
  "media",
  "statusReason",
  "providerMessageId",
  "occurredAt",
  "createdAt",
  "updatedAt",
] as const;
/**
 * The same for every inbound text, so written into the SQL once rather than bound per row.
 * Until routing finds the family, a text is filed as English; routing sets the family's language.
 */
const FIXED_MESSAGE_VALUES = {
  direction: "in",
  channel: "sms",
  language: "en",
  status: "received",
  provider: "twilio",
} as const satisfies Partial<typeof messages.$inferInsert>;
/** `messageId` first: the queue insert's filter reads it as `column1`. */
const QUEUE_KEYS = ["messageId", "priorSmsOptedOut", "optOutType", "createdAt"] as const;

const raw = (query: { sql: string; params: unknown[] }): RawStatement => ({
  sql: query.sql,
  args: query.params as SqlValue[],
});

function messageRow(r: InboundRow): Partial<typeof messages.$inferInsert> {
  const at = new Date(r.at);
  return {
    id: r.messageId,
    kind: r.kind,
    body: r.body,
    address: r.from,
    media: r.media,
    statusReason: r.statusReason,
    providerMessageId: r.sid,
    occurredAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

function queueRow(r: InboundRow): typeof inboundQueue.$inferInsert {
  return {
    messageId: r.messageId,
    priorSmsOptedOut: r.priorSmsOptedOut,
    optOutType: r.optOutType,
    createdAt: new Date(r.at),
  };
}
