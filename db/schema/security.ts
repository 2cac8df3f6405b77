import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { OUTBOX_STATES } from "../../src/domain/enums";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { educators } from "./organizations";

/**
 * Fixed-window counters for rate limits and replay guards (src/auth/rate-limiter.ts): one row
 * per key ("login-address:<hash>", "login-client:<ip>", "link-miss:<ip>", "sendgrid-batch:<hash>").
 * A table, not memory: Workers isolates and Node processes share nothing else, and the same
 * SQL runs on libsql and D1. The retention job deletes windows that have ended.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStartedAt: timestamp("window_started_at").notNull(),
    windowEndsAt: timestamp("window_ends_at").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [index("rate_limits_ends").on(t.windowEndsAt)],
);

/**
 * Mail to staff (sign-in links, visit updates, "families wrote", weekly digests): its own small
 * outbox, with the family outbox's retry and dead-letter rules (src/messaging/staff-mail.ts).
 * Not rows in `messages`: those are a family's conversation and feed the cadence rollups.
 * The row is the record: who was mailed what kind of mail, when, and how it ended.
 */
export const staffMail = sqliteTable(
  "staff_mail",
  {
    id: idColumn(),
    educatorId: text("educator_id").references(() => educators.id),
    /** login_link, visit_update, educator_notification, cadence_digest */
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** Ids only, as for family mail; attachments are small generated files (a visit's .ics). */
    extra: text("extra", { mode: "json" }).$type<{
      customArgs?: Record<string, string>;
      attachments?: { filename: string; type: string; content: string }[];
    }>(),
    state: text("state", { enum: OUTBOX_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until"),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    sentAt: timestamp("sent_at"),
    ...timestamps(),
  },
  (t) => [
    check("staff_mail_state", oneOf(t.state, OUTBOX_STATES)),
    index("staff_mail_due").on(t.state, t.nextAttemptAt),
  ],
);
