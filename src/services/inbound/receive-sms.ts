import { and, eq } from "drizzle-orm";
import { contacts } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { newId } from "../../domain/ids";
import { classifyKeyword, type KeywordKind } from "../../domain/keywords";
import type { Arrival } from "./inbound-writer";

export type InboundSms = Record<string, string>;

/**
 * The webhook's part — one atomic write, group-committed with concurrent webhooks
 * (services/inbound/inbound-writer.ts), so Twilio gets its answer in milliseconds and nothing is
 * acknowledged before it is stored:
 *   - the text's receipt in `inbound_queue`, everything Twilio told us (a repeated MessageSid
 *     inserts nothing); routing stores it in `messages` right after the response (route-inbound.ts),
 *   - for STOP / START: the number's opt-out itself, in the same write. "Stop" takes effect
 *     before the answer leaves; no dispatcher run can text the number after this commits.
 */
export async function receiveSms(
  ctx: SystemContext,
  readVerified: () => Promise<InboundSms>,
): Promise<{ messageId: string; isNew: boolean; keyword: KeywordKind | null }> {
  // Announced before the body is read, so the group commit waits for this text (inbound-writer.ts).
  const arrival = ctx.deps.inbound.writer.expect();
  try {
    return await acceptInboundSms(ctx, await readVerified(), arrival);
  } finally {
    arrival.done(); // rejected, or failed before writing: the commit must not wait for it
  }
}

async function acceptInboundSms(
  ctx: SystemContext,
  sms: InboundSms,
  arrival: Arrival,
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
  // A fresh, time-ordered id (not one derived from the MessageSid): appended ids keep the
  // group commit's inserts on the b-tree's last pages instead of dirtying a random page per
  // text, which cut its cost sharply (bench/inbound-sms.ts). Repeats of a MessageSid are
  // still stored once: the unique MessageSid of the receipt (and then of the message) decides.
  const messageId = newId("msg", now.getTime());

  // Only STOP/START need the number's state before this text (one confirmation, not two).
  const numberContacts =
    keyword?.kind === "opt_out" || keyword?.kind === "opt_in"
      ? await db
          .select({ smsOptedOutAt: contacts.smsOptedOutAt })
          .from(contacts)
          .where(and(eq(contacts.phone, from), eq(contacts.active, true)))
      : [];
  const priorSmsOptedOut = numberContacts.length > 0 && numberContacts.every((c) => c.smsOptedOutAt !== null);

  const isNew = await ctx.deps.inbound.writer.write(
    {
      messageId,
      providerMessageId: sid,
      address: from,
      body,
      kind: keyword ? "system" : "personal",
      statusReason: keyword ? `keyword ${keyword.keyword} (${keyword.kind})` : null,
      media,
      createdAt: now,
      priorSmsOptedOut,
      optOutType: sms.OptOutType || null,
      consent: keyword?.kind === "opt_out" || keyword?.kind === "opt_in" ? keyword.kind : null,
    },
    arrival,
  );
  return { messageId, isNew, keyword: keyword?.kind ?? null };
}
