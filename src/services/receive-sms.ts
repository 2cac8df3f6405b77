import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { contacts } from "../../db/schema";
import type { SystemContext } from "../context";
import { derivedId } from "../domain/ids";
import { classifyKeyword, type KeywordKind } from "../domain/keywords";
import { groupCommitter } from "../messaging/group-commit";

export type InboundSms = Record<string, string>;

/**
 * The webhook's part — one atomic write (group-committed with concurrent webhooks), so Twilio
 * gets its answer in milliseconds and nothing is acknowledged before it is stored:
 *   - the message, as received (id derived from the MessageSid: a duplicate inserts nothing),
 *   - a row in `inbound_queue` for routing right after the response (route-inbound.ts),
 *   - for STOP / START: the number's opt-out itself, in the same write. "Stop" takes effect
 *     before the answer leaves; no dispatcher run can text the number after this commits.
 */
export async function acceptInboundSms(
  ctx: SystemContext,
  sms: InboundSms,
): Promise<{ messageId: string; isNew: boolean; keyword: KeywordKind | null }> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const sid = sms.MessageSid ?? sms.SmsSid ?? "";
  const from = sms.From ?? "";
  const body = sms.Body ?? "";
  const numMedia = Number(sms.NumMedia ?? 0) || 0;
  const media =
    numMedia > 0
      ? { count: numMedia, types: Array.from({ length: numMedia }, (_, i) => sms[`MediaContentType${i}`] ?? "unknown") }
      : null;
  const keyword = body.trim() && numMedia === 0 ? classifyKeyword(body) : null;
  const messageId = derivedId("msg", `twilio:${sid}`);

  // Only STOP/START need the number's state before this text (one confirmation, not two).
  const numberContacts =
    keyword?.kind === "opt_out" || keyword?.kind === "opt_in"
      ? await db
          .select({ smsOptedOutAt: contacts.smsOptedOutAt })
          .from(contacts)
          .where(and(eq(contacts.phone, from), eq(contacts.active, true)))
      : [];
  const priorSmsOptedOut = numberContacts.length > 0 && numberContacts.every((c) => c.smsOptedOutAt !== null);

  // The hot path of the busiest endpoint: plain parameterised SQL. (Drizzle's builder costs
  // ~70 µs per insert here — more than the write itself once commits are grouped.)
  const at = now.getTime();
  const statements: BatchItem<"sqlite">[] = [
    db.all(sql`insert into messages (id, direction, kind, channel, language, body, address, media, status,
        status_reason, provider, provider_message_id, occurred_at, created_at, updated_at)
      values (${messageId}, 'in', ${keyword ? "system" : "personal"}, 'sms', 'en', ${body}, ${from},
        ${media ? JSON.stringify(media) : null}, 'received', ${keyword ? `keyword ${keyword.keyword} (${keyword.kind})` : null},
        'twilio', ${sid}, ${at}, ${at}, ${at})
      on conflict do nothing returning id`),
    db.run(sql`insert into inbound_queue (message_id, prior_sms_opted_out, opt_out_type, created_at)
      values (${messageId}, ${priorSmsOptedOut ? 1 : 0}, ${sms.OptOutType || null}, ${at})
      on conflict do nothing`),
  ];
  if (keyword?.kind === "opt_out") {
    // STOP is about the number: every contact who uses it stops getting texts.
    statements.push(
      db
        .update(contacts)
        .set({ smsOptedOutAt: sql`coalesce(${contacts.smsOptedOutAt}, ${now.getTime()})`, updatedAt: now })
        .where(and(eq(contacts.phone, from), eq(contacts.active, true))),
    );
  } else if (keyword?.kind === "opt_in") {
    statements.push(
      db
        .update(contacts)
        .set({ smsOptedOutAt: null, updatedAt: now })
        .where(and(eq(contacts.phone, from), eq(contacts.active, true))),
    );
  }
  const [inserted] = (await groupCommitter(db).commit(statements)) as [unknown[]];
  return { messageId, isNew: inserted.length > 0, keyword: keyword?.kind ?? null };
}
