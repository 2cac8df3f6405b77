import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { consentEvents, contacts, educatorNotifications, families, messages, schools } from "../../db/schema";
import type { SystemContext } from "../context";
import { derivedId } from "../domain/ids";
import { classifyKeyword, type KeywordKind, optOutRequest } from "../domain/keywords";
import { conversationFor } from "../messaging/conversation-store";
import { prepareOutbound } from "../messaging/enqueue";
import { responsibleEducators } from "../messaging/responsible-educators";

export type InboundSms = Record<string, string>;

/**
 * A verified inbound text from Twilio, written durably before Twilio gets its answer.
 * Everything this message causes — the message row, opt-out/opt-in on every contact with that
 * number, consent records, the one confirmation text, staff notifications — goes in ONE
 * batch whose ids derive from the MessageSid, so a duplicated or retried webhook (even 20 at
 * once) writes each row once. Returns whether this delivery was the first.
 */
export async function receiveSms(
  ctx: SystemContext,
  sms: InboundSms,
): Promise<{ messageId: string; isNew: boolean; keyword: KeywordKind | null }> {
  const { db, clock, config } = ctx.deps;
  const now = clock.now();
  const sid = sms.MessageSid ?? sms.SmsSid ?? "";
  const from = sms.From ?? "";
  const body = sms.Body ?? "";
  const messageId = derivedId("msg", `twilio:${sid}`);
  const numMedia = Number(sms.NumMedia ?? 0) || 0;
  const media =
    numMedia > 0
      ? { count: numMedia, types: Array.from({ length: numMedia }, (_, i) => sms[`MediaContentType${i}`] ?? "unknown") }
      : null;

  const matches = await db
    .select({ contact: contacts, family: families, timeZone: schools.timezone })
    .from(contacts)
    .innerJoin(families, eq(families.id, contacts.familyId))
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(and(eq(contacts.phone, from), eq(contacts.active, true)));
  const match = await pickFamily(ctx, matches, from);
  const keyword = body.trim() && numMedia === 0 ? classifyKeyword(body) : null;
  const conversation =
    match && !keyword
      ? await conversationFor(db, match.family.id, { occurredAt: now, direction: "in" }, config.conversationGapHours)
      : null;

  const statements: BatchItem<"sqlite">[] = [
    db
      .insert(messages)
      .values({
        id: messageId,
        familyId: match?.family.id ?? null,
        contactId: match?.contact.id ?? null,
        direction: "in",
        kind: keyword ? "system" : "personal",
        channel: "sms",
        language: match?.contact.language ?? match?.family.language ?? "en",
        body,
        address: from,
        media,
        status: "received",
        statusReason: keyword ? `keyword ${keyword.keyword} (${keyword.kind})` : null,
        provider: "twilio",
        providerMessageId: sid,
        conversationId: conversation?.conversationId ?? null,
        initiatedBy: conversation?.initiatedBy ?? null,
        occurredAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: messages.id }),
  ];
  const consent = (contactId: string, familyId: string, kind: "opt_out" | "opt_in" | "help" | "opt_out_review") =>
    db
      .insert(consentEvents)
      .values({
        id: derivedId("cns", `${sid}:${contactId}:${kind}`),
        familyId,
        contactId,
        channel: "sms",
        kind,
        source: "keyword",
        keyword: keyword?.keyword ?? null,
        messageId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
  // Twilio's Advanced Opt-Out already answered STOP/START/HELP when it sets OptOutType.
  const twilioAnswered = Boolean(sms.OptOutType);

  if (keyword?.kind === "opt_out") {
    // STOP is about the number: every contact who uses it stops getting texts.
    const wasOptedIn = matches.some((m) => !m.contact.smsOptedOutAt);
    statements.push(
      db
        .update(contacts)
        .set({ smsOptedOutAt: sql`coalesce(${contacts.smsOptedOutAt}, ${now.getTime()})`, updatedAt: now })
        .where(and(eq(contacts.phone, from), eq(contacts.active, true))),
      ...matches.map((m) => consent(m.contact.id, m.family.id, "opt_out")),
    );
    if (match && wasOptedIn && !twilioAnswered)
      statements.push(...(await reply(ctx, match, sid, "opt_out_confirmation")));
  } else if (keyword?.kind === "opt_in") {
    const wasOptedOut = matches.some((m) => m.contact.smsOptedOutAt);
    statements.push(
      db
        .update(contacts)
        .set({ smsOptedOutAt: null, updatedAt: now })
        .where(and(eq(contacts.phone, from), eq(contacts.active, true))),
      ...matches.map((m) => consent(m.contact.id, m.family.id, "opt_in")),
    );
    if (match && wasOptedOut && !twilioAnswered)
      statements.push(...(await reply(ctx, match, sid, "opt_in_confirmation")));
  } else if (keyword?.kind === "help") {
    if (match) statements.push(consent(match.contact.id, match.family.id, "help"));
    if (match && !twilioAnswered) statements.push(...(await reply(ctx, match, sid, "help_reply")));
  } else if (match) {
    if (optOutRequest(body)) statements.push(consent(match.contact.id, match.family.id, "opt_out_review"));
    for (const educatorId of await responsibleEducators(db, match.family.id, now, match.timeZone)) {
      statements.push(
        db
          .insert(educatorNotifications)
          .values({ id: derivedId("ntf", `${sid}:${educatorId}`), educatorId, messageId, createdAt: now })
          .onConflictDoNothing(),
      );
    }
  }

  const [inserted] = (await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as [
    unknown[],
  ];
  const isNew = inserted.length > 0;
  return { messageId, isNew, keyword: keyword?.kind ?? null };
}

type Match = { contact: typeof contacts.$inferSelect; family: typeof families.$inferSelect; timeZone: string };

/** A number shared by two households: the one we last wrote to (or heard from) wins. */
async function pickFamily(ctx: SystemContext, matches: Match[], from: string): Promise<Match | null> {
  if (matches.length <= 1) return matches[0] ?? null;
  const familyIds = [...new Set(matches.map((m) => m.family.id))];
  if (familyIds.length === 1) return matches[0]!;
  const [latest] = await ctx.deps.db
    .select({ familyId: messages.familyId })
    .from(messages)
    .where(and(eq(messages.address, from), inArray(messages.familyId, familyIds)))
    .orderBy(desc(messages.occurredAt))
    .limit(1);
  return matches.find((m) => m.family.id === latest?.familyId) ?? matches[0]!;
}

/** The one automatic answer to a keyword, in the family's language, queued idempotently. */
async function reply(
  ctx: SystemContext,
  match: Match,
  sid: string,
  templateKey: "opt_out_confirmation" | "opt_in_confirmation" | "help_reply",
) {
  const { statements } = await prepareOutbound(ctx.deps, {
    familyId: match.family.id,
    educatorId: null,
    templateKey,
    params: {},
    contactId: match.contact.id,
    // Answer the number that wrote, whatever its opt-out state is at this instant.
    forceChannel: "sms",
    idempotencyKey: `twilio:${sid}:${templateKey}`,
  });
  return statements;
}
