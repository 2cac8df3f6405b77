import { and, eq, inArray, ne } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { contacts, educators, families, messages, outbox, schools, visitEducators } from "../../db/schema";
import type { Deps } from "../context";
import { derivedId, newId } from "../domain/ids";
import { nextAllowedSendTime } from "../domain/quiet-hours";
import { type Channel, type Resolution, resolveRecipient } from "../domain/resolve-recipient";
import { NotFoundError } from "../errors";
import { conversationFor } from "./conversation-store";
import { isKeywordReply, TEMPLATES, type TemplateKey, type TemplateParams } from "./templates/catalog";
import { renderEmail, renderSms } from "./templates/render";

export type OutboundRequest = {
  familyId: string;
  educatorId: string | null;
  templateKey: TemplateKey;
  /** Caller parameters, already validated against TEMPLATES[templateKey].params. */
  params: Record<string, unknown>;
  requestedChannel?: Channel | "auto";
  /** Send to this contact only (e.g. the number that texted STOP). */
  contactId?: string;
  /** With `contactId`: send on exactly this channel to that contact (keyword replies). */
  forceChannel?: Channel;
  /** A channel that just failed for this family (re-routing); treated as unusable. */
  excludeChannel?: Channel;
  /**
   * For messages written while handling a webhook: ids are derived from this key and inserts
   * ignore conflicts, so a duplicated or retried webhook queues the reply exactly once.
   */
  idempotencyKey?: string;
  visitId?: string;
  /**
   * The visiting pair (lead first), when the caller writes it in the same batch as the message
   * (an invitation): `{{educators}}` names them rather than reading `visit_educators`, which
   * does not hold them yet. The message is rendered once, here, and sent as stored.
   */
  visitEducatorIds?: readonly string[];
  eventId?: string;
  /**
   * A scheduled send: the message waits in the outbox until then (outbox.next_attempt_at) and
   * can be cancelled until it is claimed (cancel-scheduled-message.ts).
   */
  sendAt?: Date;
};

export type OutboundSummary = {
  id: string;
  status: "queued" | "undeliverable";
  channel: Channel;
  language: string;
  segments: number | null;
  statusReason: string | null;
};

/** What the family would see — for the compose form's preview (nothing is written). */
export type OutboundPreview = {
  body: string;
  subject: string | null;
  encoding: "GSM-7" | "UCS-2" | null;
  welcomeFirst: boolean;
};

/**
 * Decides recipient, channel and language, renders the message, and returns the rows to
 * write: the message, its outbox row, and — before the first text to a number — the
 * "welcome" text that names the program and says how to get HELP or STOP (carrier rules).
 * Nothing is written here: the caller puts the rows in one `db.batch` with its own rows.
 */
export async function prepareOutbound(
  deps: Deps,
  request: OutboundRequest,
): Promise<{ statements: BatchItem<"sqlite">[]; summary: OutboundSummary; preview: OutboundPreview }> {
  const { db, clock, i18n, config } = deps;
  const now = clock.now();
  const [row] = await db
    .select({ family: families, school: schools })
    .from(families)
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(eq(families.id, request.familyId))
    .limit(1);
  if (!row) throw new NotFoundError("Family not found");
  const { family, school } = row;
  const contactRows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.familyId, family.id), request.contactId ? eq(contacts.id, request.contactId) : undefined))
    .orderBy(contacts.id);

  const resolution = request.forceChannel
    ? forcedRecipient(contactRows[0], request.forceChannel, family.language)
    : resolveRecipient({
        contacts: contactRows,
        family,
        school,
        requestedChannel: request.requestedChannel,
        excludeChannel: request.excludeChannel,
      });
  const params = await templateParams(deps, request, school.name);
  const channel: Channel = resolution.ok
    ? resolution.channel
    : request.requestedChannel === "email"
      ? "email"
      : family.channel;
  const timeZone = family.timezone;
  const rendered =
    channel === "sms"
      ? renderSms(i18n, request.templateKey, resolution.language, params, { timeZone })
      : renderEmail(i18n, request.templateKey, resolution.language, params, { timeZone });
  const body = "body" in rendered ? rendered.body : rendered.text;
  const segments = "segments" in rendered ? rendered.segments.segments : null;
  const kind = TEMPLATES[request.templateKey].kind;

  // Texts wait for the end of quiet hours in the family's zone; the dispatcher checks again.
  // A scheduled message is written now and goes at its time (still outside quiet hours). It
  // joins its number's queue at that time too (outbox.created_at orders the queue, see
  // claimDue): a message for tomorrow must not hold up today's.
  const at = request.sendAt && request.sendAt > now ? request.sendAt : now;
  const dueAt =
    channel === "sms" && !isKeywordReply(request.templateKey)
      ? nextAllowedSendTime(at, timeZone, config.smsQuietHours)
      : at;
  // The welcome goes now, even before a scheduled message: whatever is sent to the number next
  // (a message written later but sent sooner) must come after it (carrier rules).
  const welcomeDueAt = channel === "sms" ? nextAllowedSendTime(now, timeZone, config.smsQuietHours) : now;
  const statements: BatchItem<"sqlite">[] = [];
  const base = {
    familyId: family.id,
    educatorId: request.educatorId,
    direction: "out" as const,
    channel,
    visitId: request.visitId ?? null,
    eventId: request.eventId ?? null,
    initiatedBy: null,
    occurredAt: at,
    createdAt: now,
    updatedAt: now,
  };

  // System messages (keyword replies, confirmations) never get a welcome in front of them.
  const welcomeFirst =
    resolution.ok && channel === "sms" && kind !== "system" && (await isFirstTextTo(deps, resolution.address));
  const key = request.idempotencyKey;
  const idFor = (prefix: "msg" | "obx", purpose: string) =>
    key ? derivedId(prefix, `${key}:${purpose}`) : newId(prefix, now.getTime());
  if (welcomeFirst && resolution.ok) {
    const welcome = renderSms(i18n, "welcome", resolution.language, params, { timeZone });
    const welcomeId = idFor("msg", "welcome");
    statements.push(
      db
        .insert(messages)
        .values(welcomeMessage(base, welcomeId, { ...welcome, segments: welcome.segments.segments }, resolution))
        .onConflictDoNothing(),
      db
        .insert(outbox)
        .values({
          id: idFor("obx", "welcome"),
          messageId: welcomeId,
          nextAttemptAt: welcomeDueAt,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing(),
    );
  }

  const id = idFor("msg", "message");
  // Personal, scheduling, reminder and broadcast messages are conversation; system ones are not.
  const conversation =
    kind === "system"
      ? { conversationId: null, initiatedBy: null }
      : await conversationFor(db, family.id, { occurredAt: at, direction: "out" }, config.conversationGapHours);
  statements.push(
    db
      .insert(messages)
      .values({
        ...base,
        id,
        contactId: resolution.contactId,
        kind,
        language: rendered.language,
        templateKey: request.templateKey,
        templateParams: request.params,
        fallbackFromLanguage: rendered.fallbackFrom,
        body,
        // An email goes out as written here (dispatcher): its subject is stored with its body.
        subject: "subject" in rendered ? rendered.subject : null,
        address: resolution.ok ? resolution.address : null,
        segments,
        status: resolution.ok ? "queued" : "undeliverable",
        statusReason: resolution.ok ? null : resolution.reason,
        ...conversation,
      })
      .onConflictDoNothing(),
  );
  if (resolution.ok) {
    statements.push(
      db
        .insert(outbox)
        .values({
          id: idFor("obx", "message"),
          messageId: id,
          nextAttemptAt: dueAt,
          createdAt: at,
          updatedAt: now,
        })
        .onConflictDoNothing(),
    );
  }
  if (rendered.fallbackFrom) {
    deps.log("warn", "template missing in family language; sent in English", {
      template: request.templateKey,
      language: rendered.fallbackFrom,
      messageId: id,
    });
  }
  return {
    statements,
    preview: {
      body,
      subject: "subject" in rendered ? rendered.subject : null,
      encoding: "segments" in rendered ? rendered.segments.encoding : null,
      welcomeFirst,
    },
    summary: {
      id,
      status: resolution.ok ? "queued" : "undeliverable",
      channel,
      language: rendered.language,
      segments,
      statusReason: resolution.ok ? null : resolution.reason,
    },
  };
}

/**
 * The first-contact text (program name, HELP/STOP) in front of a number's first message: the
 * same row for a single send and a school-wide one (enqueue-bulk.ts).
 */
export function welcomeMessage<B extends object>(
  base: B,
  id: string,
  welcome: { language: string; fallbackFrom: string | null; body: string; segments: number | null },
  to: { contactId: string; address: string },
) {
  return {
    ...base,
    id,
    educatorId: null,
    contactId: to.contactId,
    kind: "system" as const,
    language: welcome.language,
    templateKey: "welcome",
    templateParams: {},
    fallbackFromLanguage: welcome.fallbackFrom,
    body: welcome.body,
    address: to.address,
    segments: welcome.segments,
    status: "queued" as const,
  };
}

/** The names a template needs, from the database: school, sender, and the visiting pair. */
export async function templateParams(
  deps: Deps,
  request: OutboundRequest,
  schoolName: string,
): Promise<TemplateParams> {
  const { db } = deps;
  const [sender] = request.educatorId
    ? await db.select({ name: educators.name }).from(educators).where(eq(educators.id, request.educatorId))
    : [];
  let pair: string[] = [];
  if (request.visitEducatorIds?.length) {
    const ids = request.visitEducatorIds;
    const rows = await db
      .select({ id: educators.id, name: educators.name })
      .from(educators)
      .where(inArray(educators.id, [...ids]));
    pair = ids.flatMap((id) => rows.filter((r) => r.id === id).map((r) => r.name));
  } else if (request.visitId) {
    const rows = await db
      .select({ name: educators.name })
      .from(visitEducators)
      .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
      .where(eq(visitEducators.visitId, request.visitId))
      .orderBy(visitEducators.role);
    pair = rows.map((r) => r.name);
  }
  const senderName = sender?.name ?? schoolName;
  return {
    ...(request.params as Partial<TemplateParams>),
    school: schoolName,
    sender: senderName,
    educators: pair.length > 0 ? pair.join(" & ") : senderName,
    educatorCount: pair.length > 0 ? pair.length : 1,
  };
}

function forcedRecipient(
  contact: typeof contacts.$inferSelect | undefined,
  channel: Channel,
  familyLanguage: string,
): Resolution {
  const address = channel === "sms" ? contact?.phone : contact?.email;
  const language = contact?.language ?? familyLanguage;
  if (!contact || !address)
    return { ok: false, reason: `${channel}: no address`, language, contactId: contact?.id ?? null };
  return { ok: true, contactId: contact.id, channel, address, language, fellBack: false };
}

/** Has this number ever been texted (or been meant to be)? Undeliverable rows never reached it. */
async function isFirstTextTo(deps: Deps, phone: string): Promise<boolean> {
  const [previous] = await deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.address, phone),
        eq(messages.channel, "sms"),
        eq(messages.direction, "out"),
        ne(messages.status, "undeliverable"),
      ),
    )
    .limit(1);
  return !previous;
}
