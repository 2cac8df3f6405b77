import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  CONSENT_KINDS,
  CONSENT_SOURCES,
  INITIATORS,
  MESSAGE_CHANNELS,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  OUTBOX_STATES,
  PROVIDERS,
} from "../../src/domain/enums";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { events } from "./events";
import { contacts, families } from "./households";
import { educators } from "./organizations";
import { visits } from "./visits";

export const messages = sqliteTable(
  "messages",
  {
    id: idColumn(),
    familyId: text("family_id").references(() => families.id),
    contactId: text("contact_id").references(() => contacts.id),
    educatorId: text("educator_id").references(() => educators.id),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    language: text("language").notNull(),
    templateKey: text("template_key"),
    /** What the template was rendered with, so a failed SMS can be re-sent by email. */
    templateParams: text("template_params", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Set when the family's language lacked a string and the message went out in English. */
    fallbackFromLanguage: text("fallback_from_language"),
    /** What was sent or received, in the family's language. */
    body: text("body").notNull(),
    /**
     * An outbound email's subject, decided with its body when it was queued: the dispatcher sends
     * `subject` and `body` as stored (docs/messaging.md, "Rendered once"). Null for texts.
     */
    subject: text("subject"),
    /** An English rendering for staff who do not read the family's language. */
    translatedBody: text("translated_body"),
    /** The raw sender/recipient address, kept for inbound messages from unknown numbers. */
    address: text("address"),
    segments: integer("segments"),
    /** Inbound MMS / email attachments: noted (count and types), never fetched or stored. */
    media: text("media", { mode: "json" }).$type<{ count: number; types: string[] }>(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull(),
    statusReason: text("status_reason"),
    provider: text("provider", { enum: PROVIDERS }),
    providerMessageId: text("provider_message_id"),
    errorCode: text("error_code"),
    visitId: text("visit_id").references(() => visits.id),
    eventId: text("event_id").references(() => events.id),
    conversationId: text("conversation_id"),
    initiatedBy: text("initiated_by", { enum: INITIATORS }),
    /** When it was sent, received or (for logged contacts) when the talk happened. */
    occurredAt: timestamp("occurred_at").notNull(),
    readAt: timestamp("read_at"),
    ...timestamps(),
  },
  (t) => [
    check("messages_direction", oneOf(t.direction, MESSAGE_DIRECTIONS)),
    check("messages_kind", oneOf(t.kind, MESSAGE_KINDS)),
    check("messages_channel", oneOf(t.channel, MESSAGE_CHANNELS)),
    check("messages_status", oneOf(t.status, MESSAGE_STATUSES)),
    check("messages_provider", oneOf(t.provider, PROVIDERS)),
    check("messages_initiated_by", oneOf(t.initiatedBy, INITIATORS)),
    // A provider's id identifies one message: webhook retries and replays cannot store it twice.
    uniqueIndex("messages_provider_message").on(t.provider, t.providerMessageId),
    index("messages_family_time").on(t.familyId, t.occurredAt),
    index("messages_conversation").on(t.conversationId),
    // "Is this the first text to this number?" (the welcome message) and inbound matching.
    index("messages_address").on(t.address, t.channel),
  ],
);

/** Every raw provider event, kept; `dedupeKey` makes replays harmless. */
export const messageEvents = sqliteTable(
  "message_events",
  {
    id: idColumn(),
    messageId: text("message_id").references(() => messages.id),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at").notNull(),
    ...timestamps(),
  },
  (t) => [
    check("message_events_provider", oneOf(t.provider, PROVIDERS)),
    uniqueIndex("message_events_dedupe").on(t.provider, t.dedupeKey),
    index("message_events_message").on(t.messageId),
  ],
);

/** Work for the dispatcher: one row per outbound message, written in the same batch. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: idColumn(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    state: text("state", { enum: OUTBOX_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    leaseUntil: timestamp("lease_until"),
    leaseOwner: text("lease_owner"),
    /** First time a send ended in an unknown outcome; resends wait for reconciliation. */
    unknownSince: timestamp("unknown_since"),
    lastError: text("last_error"),
    ...timestamps(),
  },
  (t) => [
    check("outbox_state", oneOf(t.state, OUTBOX_STATES)),
    uniqueIndex("outbox_message").on(t.messageId),
    index("outbox_due").on(t.state, t.nextAttemptAt),
  ],
);

/** Opt-outs, opt-ins and help requests, with where they came from. */
export const consentEvents = sqliteTable(
  "consent_events",
  {
    id: idColumn(),
    familyId: text("family_id").references(() => families.id),
    contactId: text("contact_id").references(() => contacts.id),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    kind: text("kind", { enum: CONSENT_KINDS }).notNull(),
    source: text("source", { enum: CONSENT_SOURCES }).notNull(),
    keyword: text("keyword"),
    messageId: text("message_id").references(() => messages.id),
    resolvedAt: timestamp("resolved_at"),
    ...timestamps(),
  },
  (t) => [
    check("consent_events_kind", oneOf(t.kind, CONSENT_KINDS)),
    check("consent_events_source", oneOf(t.source, CONSENT_SOURCES)),
    index("consent_events_contact").on(t.contactId),
  ],
);

/**
 * A sender Twilio says is blocked or filtered (30002, 30007, 30034). While a row has no
 * `resumedAt`, the dispatcher holds every SMS (nothing is lost) and coordinators see why.
 */
export const senderPauses = sqliteTable("sender_pauses", {
  id: idColumn(),
  sender: text("sender").notNull(),
  errorCode: text("error_code").notNull(),
  reason: text("reason").notNull(),
  pausedAt: timestamp("paused_at").notNull(),
  resumedAt: timestamp("resumed_at"),
  resumedByEducatorId: text("resumed_by_educator_id").references(() => educators.id),
});

/**
 * "A family wrote": one row per educator to tell about an inbound message. The notify job
 * sends them as one email (at once, or in a daily digest) outside the educator's quiet hours.
 */
export const educatorNotifications = sqliteTable(
  "educator_notifications",
  {
    id: idColumn(),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    sentAt: timestamp("sent_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("educator_notifications_once").on(t.educatorId, t.messageId),
    index("educator_notifications_pending").on(t.sentAt, t.educatorId),
  ],
);

/**
 * "This family texted a cancel word (CANCELAR, 取消, …) soon after a visit message": the number
 * is opted out, but they may have meant "cancel the visit". One row per educator of that visit,
 * emailed at once by the `cancel-word-alerts` job (no digest: the visit may be hours away).
 */
export const cancelWordAlerts = sqliteTable(
  "cancel_word_alerts",
  {
    id: idColumn(),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    familyId: text("family_id")
      .notNull()
      .references(() => families.id),
    /** The family's text (the cancel word). */
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    visitId: text("visit_id")
      .notNull()
      .references(() => visits.id),
    keyword: text("keyword").notNull(),
    sentAt: timestamp("sent_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("cancel_word_alerts_once").on(t.educatorId, t.messageId),
    index("cancel_word_alerts_pending").on(t.sentAt),
  ],
);

/**
 * Inbound texts received but not yet routed: the webhook's durable receipt. The webhook writes
 * only this row (and, for STOP/START, the number's opt-out) and answers Twilio; routing then
 * stores the message in `messages` and does the rest (family, conversation, replies,
 * notifications) right after, or from the `route-inbound` job if the process stopped in between.
 * Why not write `messages` in the webhook: an insert there compiles and runs the cadence
 * rollup triggers and five indexes, and a flood of texts paid that before each answer
 * (docs/decisions.md, "Inbound texts: a receipt first").
 */
export const inboundQueue = sqliteTable(
  "inbound_queue",
  {
    /** The id the message will have in `messages` (time-ordered, fresh per delivery). */
    messageId: text("message_id").primaryKey(),
    /** Twilio's MessageSid: one receipt per text, however often Twilio (or anyone) repeats it. */
    providerMessageId: text("provider_message_id").notNull(),
    address: text("address").notNull(),
    body: text("body").notNull(),
    media: text("media", { mode: "json" }).$type<{ count: number; types: string[] }>(),
    /** `system` for STOP/START/HELP (keyword replies are not touches), else `personal`. */
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    statusReason: text("status_reason"),
    /** Whether the number was opted out before this text: a repeated STOP gets no second confirmation. */
    priorSmsOptedOut: integer("prior_sms_opted_out", { mode: "boolean" }).notNull(),
    optOutType: text("opt_out_type"),
    /** When the text arrived: the message's `occurred_at`. */
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [uniqueIndex("inbound_queue_provider_message").on(t.providerMessageId)],
);
