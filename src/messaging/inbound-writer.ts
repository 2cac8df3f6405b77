import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { boundParameterLimit, type Db } from "../../db/client";
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
 * Group commit for inbound texts. Webhooks that arrive together are written together: one
 * multi-row INSERT for the messages, one for their queue rows, one UPDATE per consent change —
 * a single transaction (one fsync) for the whole group. Every caller waits for that commit
 * before answering Twilio, so nothing is acknowledged before it is durable. A caller learns
 * whether its text was new (a duplicate MessageSid inserts nothing).
 */
export class InboundWriter {
  private pending: { row: InboundRow; resolve: (isNew: boolean) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  private readonly maxRows: number;
  private readonly boundParameters: number;
  /** Parameters one row binds per table: fixed by the schema, so measured on the first flush only. */
  private paramsPerRow?: { messages: number; queue: number };

  constructor(
    private readonly db: Db,
    options: { maxRows?: number; boundParameters?: number } = {},
  ) {
    this.maxRows = options.maxRows ?? 400;
    this.boundParameters = options.boundParameters ?? boundParameterLimit(db);
  }

  write(row: InboundRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (this.pending.length >= this.maxRows) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // After this round of I/O: every request already read joins the same commit.
        afterIo(() => void this.flush());
      }
    });
  }

  private async flush() {
    this.scheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const { db } = this;
    const rows = group.map((g) => g.row);
    const now = new Date(rows[0]!.at);
    // Query builders, not raw `sql`: drizzle's D1 driver cannot batch raw statements with
    // parameters (drizzle-orm#2277). D1 also caps a statement at 100 bound parameters, so each
    // multi-row statement is cut to fit (`cutToFit`).
    const cutToFit = <T>(items: T[], paramsPerItem: number) => chunks(items, this.boundParameters, paramsPerItem);
    const insertMessages = (part: InboundRow[]) =>
      db.insert(messages).values(part.map(messageRow)).onConflictDoNothing().returning({ id: messages.id });
    const insertQueue = (part: InboundRow[]) =>
      db.insert(inboundQueue).values(part.map(queueRow)).onConflictDoNothing();
    this.paramsPerRow ??= {
      messages: insertMessages([rows[0]!]).toSQL().params.length,
      queue: insertQueue([rows[0]!]).toSQL().params.length,
    };
    const [firstMessages, ...moreMessages] = cutToFit(rows, this.paramsPerRow.messages).map(insertMessages);
    const statements: BatchItem<"sqlite">[] = [
      ...moreMessages,
      ...cutToFit(rows, this.paramsPerRow.queue).map(insertQueue),
    ];
    // A number's last STOP or START in the group wins, as it would had they committed one by one.
    const lastConsent = new Map<string, "opt_out" | "opt_in">();
    for (const r of rows) if (r.consent) lastConsent.set(r.from, r.consent);
    const phones = (consent: "opt_out" | "opt_in") => [...lastConsent].filter(([, c]) => c === consent).map(([p]) => p);
    const numberContacts = (part: string[]) => and(eq(contacts.active, true), inArray(contacts.phone, part));
    for (const part of cutToFit(phones("opt_out"), 1)) {
      statements.push(
        db
          .update(contacts)
          .set({ smsOptedOutAt: sql`coalesce(${contacts.smsOptedOutAt}, ${now.getTime()})`, updatedAt: now })
          .where(numberContacts(part)),
      );
    }
    for (const part of cutToFit(phones("opt_in"), 1)) {
      statements.push(db.update(contacts).set({ smsOptedOutAt: null, updatedAt: now }).where(numberContacts(part)));
    }
    try {
      const results = (await db.batch([firstMessages!, ...statements])) as unknown[];
      const inserted = results.slice(0, 1 + moreMessages.length) as { id: string }[][];
      const fresh = new Set(inserted.flat().map((r) => r.id));
      for (const g of group) {
        // The first delivery of an id in the group is the new one; its twins are duplicates.
        g.resolve(fresh.delete(g.row.messageId));
      }
    } catch (error) {
      // One commit, one outcome: every caller answers 500 and Twilio retries each text.
      for (const g of group) g.reject(error);
    }
  }
}

function messageRow(r: InboundRow): typeof messages.$inferInsert {
  const at = new Date(r.at);
  return {
    id: r.messageId,
    direction: "in",
    kind: r.kind,
    channel: "sms",
    // Until routing finds the family, a text is filed as English; routing sets the family's language.
    language: "en",
    body: r.body,
    address: r.from,
    media: r.media,
    status: "received",
    statusReason: r.statusReason,
    provider: "twilio",
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

/** Cuts `items` so each statement fits `limit`, leaving room for the two timestamps a consent update binds. */
function chunks<T>(items: T[], limit: number, paramsPerItem: number): T[][] {
  const size = Math.max(1, Math.floor((limit - 2) / paramsPerItem));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const afterIo: (task: () => void) => void =
  typeof setImmediate === "function" ? (task) => setImmediate(task) : (task) => setTimeout(task, 0);

const writers = new WeakMap<Db, InboundWriter>();
export function inboundWriter(db: Db): InboundWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = new InboundWriter(db);
    writers.set(db, writer);
  }
  return writer;
}
