import { check, index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ACTOR_TYPES } from "../../src/domain/enums";
import { idColumn, oneOf, timestamp } from "./_columns";

/** Who looked at, exported or sent what. Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: idColumn(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    check("audit_log_actor_type", oneOf(t.actorType, ACTOR_TYPES)),
    index("audit_log_subject").on(t.subjectType, t.subjectId),
    index("audit_log_time").on(t.createdAt),
    // The audit reader's "what did this person do" filter, newest first.
    index("audit_log_actor").on(t.actorId, t.createdAt),
  ],
);
