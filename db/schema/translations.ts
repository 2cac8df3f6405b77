import { check, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { TRANSLATION_DIRECTIONS, TRANSLATION_STATUSES } from "../../src/domain/enums";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { messages } from "./messaging";
import { educators } from "./organizations";

/**
 * The machine translation of one free-text message, beside it: the message's body is the record
 * and never changes. `to_staff`: a family's text (the body) in the staff language. `to_family`:
 * the body is what the family got; `original` is what the teacher wrote.
 *
 * A pending `to_staff` row is also the translate job's work item (claimed with a lease, retried
 * with backoff), written in the same batch that files the message — so nothing is lost between
 * routing and the job, and the webhook never waits for an engine.
 */
export const messageTranslations = sqliteTable(
  "message_translations",
  {
    id: idColumn(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    direction: text("direction", { enum: TRANSLATION_DIRECTIONS }).notNull(),
    sourceLanguage: text("source_language").notNull(),
    targetLanguage: text("target_language").notNull(),
    /** `to_family` only: the text as the teacher wrote it. */
    original: text("original"),
    /** The translation staff read (to_staff) or the family got (to_family); null until done. */
    text: text("text"),
    /** The engine's own output, kept when a person corrected or edited it. */
    machineText: text("machine_text"),
    engine: text("engine"),
    model: text("model"),
    /** What the engine detected (our tag), and its confidence: only a "written in another language?" flag. */
    detectedLanguage: text("detected_language"),
    detectionScore: real("detection_score"),
    status: text("status", { enum: TRANSLATION_STATUSES }).notNull(),
    statusReason: text("status_reason"),
    /** Characters sent to an engine for this row (0 when the cache or memory answered). */
    chars: integer("chars").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at"),
    leaseUntil: timestamp("lease_until"),
    leaseOwner: text("lease_owner"),
    correctedByEducatorId: text("corrected_by_educator_id").references(() => educators.id),
    correctedAt: timestamp("corrected_at"),
    ...timestamps(),
  },
  (t) => [
    check("message_translations_direction", oneOf(t.direction, TRANSLATION_DIRECTIONS)),
    check("message_translations_status", oneOf(t.status, TRANSLATION_STATUSES)),
    uniqueIndex("message_translations_once").on(t.messageId, t.direction),
    index("message_translations_due").on(t.status, t.nextAttemptAt),
  ],
);

/**
 * Identical (text, from, to) is paid for once: "Gracias" and "Cảm ơn" repeat all year. Keyed by
 * a SHA-256 of the three; holds message text, so the retention job purges it like messages.
 */
export const translationCache = sqliteTable(
  "translation_cache",
  {
    key: text("key").primaryKey(),
    sourceLanguage: text("source_language").notNull(),
    targetLanguage: text("target_language").notNull(),
    text: text("text").notNull(),
    engine: text("engine").notNull(),
    model: text("model"),
    hits: integer("hits").notNull().default(0),
    createdAt: timestamp("created_at").notNull(),
    lastUsedAt: timestamp("last_used_at").notNull(),
  },
  (t) => [index("translation_cache_last_used").on(t.lastUsedAt)],
);

/** Characters sent to engines per calendar month (UTC, `YYYY-MM`), for TRANSLATION_MONTHLY_CHAR_CAP. */
export const translationUsage = sqliteTable("translation_usage", {
  month: text("month").primaryKey(),
  chars: integer("chars").notNull().default(0),
  updatedAt: timestamp("updated_at").notNull(),
});
