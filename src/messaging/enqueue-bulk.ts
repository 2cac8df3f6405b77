import { boundParameterLimit, runRawBatch } from "../../db/client";
import { chunk, insertRows, type RawStatement, rowsPerStatement } from "../../db/raw-batch";
import { messages, outbox } from "../../db/schema";
import type { Deps } from "../context";
import { assignConversation, type ConversationMessage } from "../domain/conversations";
import { derivedId, newId } from "../domain/ids";
import { nextAllowedSendTime } from "../domain/quiet-hours";
import { type Channel, type RecipientContact, resolveRecipient } from "../domain/resolve-recipient";
import { NotFoundError } from "../errors";
import type { OutboundRequest, OutboundSummary } from "./enqueue";
import { templateParams, welcomeMessage } from "./enqueue";
import { isKeywordReply, TEMPLATES, type TemplateParams } from "./templates/catalog";
import { renderEmail, renderSms } from "./templates/render";

/**
 * What a broadcast (an event invitation to a whole school) sends to each family: the request of
 * `prepareOutbound` without the per-message options a broadcast never uses.
 */
export type BulkOutboundRequest = Omit<OutboundRequest, "contactId" | "forceChannel" | "excludeChannel" | "visitId">;

/** Families read per query: the ids of one IN list stay within D1's 100 bound parameters. */
const FAMILIES_PER_READ = 90;
/**
 * Rows per multi-row INSERT at most: few distinct statement texts (a full one and the
 * remainder), so the native connection's statement cache (db/native-batches.ts) prepares each
 * once per process instead of once per batch.
 */
const MAX_ROWS_PER_INSERT = 50;

const MESSAGE_KEYS = [
  "id",
  "familyId",
  "contactId",
  "educatorId",
  "direction",
  "kind",
  "channel",
  "language",
  "templateKey",
  "templateParams",
  "fallbackFromLanguage",
  "body",
  "subject",
  "address",
  "segments",
  "status",
  "statusReason",
  "visitId",
  "eventId",
  "conversationId",
  "initiatedBy",
  "occurredAt",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof typeof messages.$inferInsert)[];
const OUTBOX_KEYS = [
  "id",
  "messageId",
  "state",
  "attempts",
  "nextAttemptAt",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof typeof outbox.$inferInsert)[];

/**
 * `prepareOutbound` for many families at once (broadcasts, event invitations): the same rows
 * that many single sends, one after another, would write — same recipients, channels,
 * languages, fallbacks, quiet hours, welcome texts, conversations and idempotent ids — from a
 * few reads per 90 families instead of five per message, with each distinct rendering done
 * once, as multi-row inserts (raw statements, see db/raw-batch.ts) instead of one per row.
 *
 * Returns per request its statements (welcome first, then the message, then the outbox rows,
 * in the order single sends write them: the dispatcher sends a number's texts by created_at,
 * then rowid) so the caller can cut the send into atomic batches by family with
 * `insertsFor`, and a summary per request. Nothing is written here.
 */
export async function prepareOutboundBulk(
  deps: Deps,
  requests: readonly BulkOutboundRequest[],
): Promise<{ rows: BulkRows[]; summaries: OutboundSummary[] }> {
  const { clock, config } = deps;
  const now = clock.now();
  const recipients = await readRecipients(deps, requests);
  const renders = new Map<string, RenderedText>();
  const dueAtByZone = new Map<string, Date>();
  const namesBySender = new Map<string, Pick<TemplateParams, "school" | "sender" | "educators" | "educatorCount">>();
  /** Numbers texted earlier in this send: a later family sharing one gets no second welcome. */
  const textedNow = new Set<string>();
  const rows: BulkRows[] = [];
  const summaries: OutboundSummary[] = [];

  for (const request of requests) {
    const found = recipients.families.get(request.familyId);
    if (!found) throw new NotFoundError("Family not found");
    const { family, school } = found;
    const resolution = resolveRecipient({
      contacts: recipients.contacts.get(family.id) ?? [],
      family,
      school,
      requestedChannel: request.requestedChannel,
    });
    // templateParams without a visit: the sender's name (or the school's), read once per sender.
    const senderKey = `${school.name}|${request.educatorId ?? ""}`;
    let names = namesBySender.get(senderKey);
    if (!names) {
      const {
        school: _school,
        sender,
        educators,
        educatorCount,
      } = await templateParams(deps, { ...request, params: {} }, school.name);
      names = { school: school.name, sender, educators, educatorCount };
      namesBySender.set(senderKey, names);
    }
    const params: TemplateParams = { ...(request.params as Partial<TemplateParams>), ...names };
    const channel: Channel = resolution.ok
      ? resolution.channel
      : request.requestedChannel === "email"
        ? "email"
        : family.channel;
    const timeZone = family.timezone;
    const rendered = renderCached(deps, renders, channel, request.templateKey, resolution.language, params, timeZone);
    const kind = TEMPLATES[request.templateKey].kind;
    const dueAt =
      channel === "sms" && !isKeywordReply(request.templateKey)
        ? dueAtIn(dueAtByZone, timeZone, () => nextAllowedSendTime(now, timeZone, config.smsQuietHours))
        : now;
    const base = {
      familyId: family.id,
      educatorId: request.educatorId,
      direction: "out" as const,
      channel,
      visitId: null,
      eventId: request.eventId ?? null,
      initiatedBy: null,
      conversationId: null,
      statusReason: null,
      occurredAt: now,
      createdAt: now,
      updatedAt: now,
    };
    const key = request.idempotencyKey;
    const idFor = (prefix: "msg" | "obx", purpose: string) =>
      key ? derivedId(prefix, `${key}:${purpose}`) : newId(prefix, now.getTime());
    const out: BulkRows = { messages: [], outbox: [] };

    const welcomeFirst =
      resolution.ok &&
      channel === "sms" &&
      kind !== "system" &&
      !recipients.textedBefore.has(resolution.address) &&
      !textedNow.has(resolution.address);
    if (welcomeFirst && resolution.ok) {
      const welcome = renderCached(deps, renders, "sms", "welcome", resolution.language, params, timeZone);
      const welcomeId = idFor("msg", "welcome");
      out.messages.push(welcomeMessage(base, welcomeId, welcome, resolution));
      out.outbox.push(outboxRow(idFor("obx", "welcome"), welcomeId, dueAt, now));
    }
    if (resolution.ok && channel === "sms") textedNow.add(resolution.address);

    const id = idFor("msg", "message");
    const conversation =
      kind === "system"
        ? { conversationId: null, initiatedBy: null }
        : assignConversation(
            recipients.lastConversation.get(family.id) ?? null,
            { occurredAt: now, direction: "out" },
            config.conversationGapHours,
            () => newId("cnv", now.getTime()),
          );
    out.messages.push({
      ...base,
      id,
      contactId: resolution.contactId,
      kind,
      language: rendered.language,
      templateKey: request.templateKey,
      templateParams: request.params,
      fallbackFromLanguage: rendered.fallbackFrom,
      body: rendered.body,
      subject: rendered.subject ?? null,
      address: resolution.ok ? resolution.address : null,
      segments: rendered.segments,
      status: resolution.ok ? "queued" : "undeliverable",
      statusReason: resolution.ok ? null : resolution.reason,
      ...conversation,
    });
    if (resolution.ok) out.outbox.push(outboxRow(idFor("obx", "message"), id, dueAt, now));
    if (rendered.fallbackFrom) {
      deps.log("warn", "template missing in family language; sent in English", {
        template: request.templateKey,
        language: rendered.fallbackFrom,
        messageId: id,
      });
    }
    rows.push(out);
    summaries.push({
      id,
      status: resolution.ok ? "queued" : "undeliverable",
      channel,
      language: rendered.language,
      segments: rendered.segments,
      statusReason: resolution.ok ? null : resolution.reason,
    });
  }
  return { rows, summaries };
}

/** The rows one request writes: its messages (welcome first) and their outbox rows. */
export type BulkRows = {
  messages: (typeof messages.$inferInsert)[];
  outbox: (typeof outbox.$inferInsert)[];
};

/**
 * Multi-row INSERTs (conflicts ignored, as single sends do) for these requests' rows, in
 * request order — within the database's bound-parameter limit (D1: 100).
 */
export function insertsFor(deps: Deps, part: readonly BulkRows[]): RawStatement[] {
  const limit = boundParameterLimit(deps.db);
  const perInsert = (keys: number) => Math.min(MAX_ROWS_PER_INSERT, rowsPerStatement(keys, limit));
  const messageRows = part.flatMap((r) => r.messages);
  const outboxRows = part.flatMap((r) => r.outbox);
  const tail = "on conflict do nothing";
  return [
    ...chunk(messageRows, perInsert(MESSAGE_KEYS.length)).map((rows) =>
      insertRows(messages, MESSAGE_KEYS, rows, { tail }),
    ),
    ...chunk(outboxRows, perInsert(OUTBOX_KEYS.length)).map((rows) => insertRows(outbox, OUTBOX_KEYS, rows, { tail })),
  ];
}

function outboxRow(id: string, messageId: string, dueAt: Date, now: Date): typeof outbox.$inferInsert {
  return { id, messageId, state: "pending", attempts: 0, nextAttemptAt: dueAt, createdAt: now, updatedAt: now };
}

function dueAtIn(cache: Map<string, Date>, timeZone: string, compute: () => Date): Date {
  let due = cache.get(timeZone);
  if (!due) {
    due = compute();
    cache.set(timeZone, due);
  }
  return due;
}

type RenderedText = {
  body: string;
  language: string;
  fallbackFrom: string | null;
  segments: number | null;
  /** An email's subject, stored with its body: the dispatcher sends both as written. */
  subject?: string;
};

/**
 * Stands for the link while a rendering is shared: invitations differ per family only in their
 * link (the RSVP code), so the text is rendered once per language, zone and other parameters,
 * and each family's link put in. A private-use character cannot occur in a template or a name.
 */
const LINK = "\u{E000}link\u{E000}";

function renderCached(
  deps: Deps,
  cache: Map<string, RenderedText>,
  channel: Channel,
  templateKey: BulkOutboundRequest["templateKey"],
  language: string,
  params: TemplateParams,
  timeZone: string,
): RenderedText {
  const { link, ...shared } = params;
  const cacheKey = `${channel}|${templateKey}|${language}|${timeZone}|${JSON.stringify(shared)}`;
  let hit = cache.get(cacheKey);
  if (!hit) {
    const withLink = link === undefined ? params : { ...params, link: LINK };
    hit = render(deps, channel, templateKey, language, withLink, timeZone);
    // A text's segments depend on its length: one that shows the link is rendered per family.
    if (channel === "sms" && hit.body.includes(LINK)) {
      return render(deps, channel, templateKey, language, params, timeZone);
    }
    cache.set(cacheKey, hit);
  }
  return link === undefined || !hit.body.includes(LINK) ? hit : { ...hit, body: hit.body.replaceAll(LINK, link) };
}

function render(
  deps: Deps,
  channel: Channel,
  templateKey: BulkOutboundRequest["templateKey"],
  language: string,
  params: TemplateParams,
  timeZone: string,
): RenderedText {
  if (channel === "sms") {
    const sms = renderSms(deps.i18n, templateKey, language, params, { timeZone });
    return { body: sms.body, language: sms.language, fallbackFrom: sms.fallbackFrom, segments: sms.segments.segments };
  }
  const email = renderEmail(deps.i18n, templateKey, language, params, { timeZone });
  return {
    body: email.text,
    language: email.language,
    fallbackFrom: email.fallbackFrom,
    segments: null,
    subject: email.subject,
  };
}

type RecipientFamily = {
  family: { id: string; language: string; channel: Channel; timezone: string };
  school: { name: string; defaultLanguage: string; defaultChannel: Channel };
};

type Recipients = {
  families: Map<string, RecipientFamily>;
  contacts: Map<string, RecipientContact[]>;
  /** Numbers that have been texted (or been meant to be): no welcome before their next text. */
  textedBefore: Set<string>;
  /** Each family's latest conversation message, for `assignConversation`. */
  lastConversation: Map<string, ConversationMessage>;
};

/** Statements per read batch: ~1,800 families a round trip, a bounded amount in memory. */
const READS_PER_BATCH = 40;

/**
 * Families (with school and last conversation message) and contacts (with whether their number
 * was ever texted): two statements per 90 families, raw so that the native connection keeps
 * them prepared and rows are not mapped through drizzle's per-column machinery — at 10,000
 * families that mapping cost more than the writes.
 */
async function readRecipients(deps: Deps, requests: readonly BulkOutboundRequest[]): Promise<Recipients> {
  const out: Recipients = {
    families: new Map(),
    contacts: new Map(),
    textedBefore: new Set(),
    lastConversation: new Map(),
  };
  const familyIds = [...new Set(requests.map((r) => r.familyId))];
  const statements = chunk(familyIds, FAMILIES_PER_READ).flatMap((ids): RawStatement[] => {
    const list = ids.map(() => "?").join(", ");
    return [
      { sql: familiesSql(list), args: ids },
      { sql: contactsSql(list), args: ids },
    ];
  });
  for (const part of chunk(statements, READS_PER_BATCH)) {
    const results = await runRawBatch(deps.db, part, "read");
    for (let i = 0; i < results.length; i += 2) {
      for (const row of results[i]!.rows) {
        const id = row.id as string;
        out.families.set(id, {
          family: {
            id,
            language: row.language as string,
            channel: row.channel as Channel,
            timezone: row.timezone as string,
          },
          school: {
            name: row.school_name as string,
            defaultLanguage: row.default_language as string,
            defaultChannel: row.default_channel as Channel,
          },
        });
        if (typeof row.last_conversation === "string") {
          const [occurredAt, direction, conversationId, initiatedBy] = JSON.parse(row.last_conversation);
          out.lastConversation.set(id, { occurredAt: new Date(occurredAt), direction, conversationId, initiatedBy });
        }
      }
      for (const row of results[i + 1]!.rows) {
        const familyId = row.family_id as string;
        const contact: RecipientContact = {
          id: row.id as string,
          phone: (row.phone as string | null) ?? null,
          email: (row.email as string | null) ?? null,
          language: (row.language as string | null) ?? null,
          channel: (row.channel as Channel | null) ?? null,
          smsOptedOutAt: dateOrNull(row.sms_opted_out_at),
          emailOptedOutAt: dateOrNull(row.email_opted_out_at),
          smsUnreachableAt: dateOrNull(row.sms_unreachable_at),
          emailUnreachableAt: dateOrNull(row.email_unreachable_at),
          active: Number(row.active) === 1,
        };
        const list = out.contacts.get(familyId) ?? [];
        list.push(contact);
        out.contacts.set(familyId, list);
        if (contact.phone && Number(row.texted) === 1) out.textedBefore.add(contact.phone);
      }
    }
  }
  return out;
}

const dateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(Number(value));

const statementText = new Map<string, string>();
function cachedText(key: string, build: () => string): string {
  let text = statementText.get(key);
  if (!text) {
    text = build();
    statementText.set(key, text);
  }
  return text;
}

/** The family's latest conversation message as conversationFor reads it: one probe on messages_family_time. */
const familiesSql = (list: string) =>
  cachedText(
    `f${list.length}`,
    () => `select f.id, f.language, f.channel, f.timezone, s.name as school_name, s.default_language, s.default_channel,
  (select json_array(m.occurred_at, m.direction, m.conversation_id, m.initiated_by) from messages m
    where m.family_id = f.id and m.conversation_id is not null order by m.occurred_at desc, m.id desc limit 1) as last_conversation
from families f join schools s on s.id = f.school_id where f.id in (${list})`,
  );

/**
 * In contact id order, as prepareOutbound reads them (resolveRecipient tries contacts in order).
 * `texted`: isFirstTextTo's question — has this number had an outbound text that was not undeliverable?
 */
const contactsSql = (list: string) =>
  cachedText(
    `c${list.length}`,
    () => `select c.id, c.family_id, c.phone, c.email, c.language, c.channel, c.sms_opted_out_at, c.email_opted_out_at,
  c.sms_unreachable_at, c.email_unreachable_at, c.active,
  c.phone is not null and exists (select 1 from messages m where m.address = c.phone and m.channel = 'sms'
    and m.direction = 'out' and m.status <> 'undeliverable') as texted
from contacts c where c.family_id in (${list}) order by c.id`,
  );
