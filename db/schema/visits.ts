import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  PLAN_CHANNELS,
  ROUND_HOLDING_VISIT_STATUSES,
  VISIT_EDUCATOR_ROLES,
  VISIT_LOCATIONS,
  VISIT_STATUSES,
} from "../../src/domain/enums";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { families, students } from "./households";
import { educators, schools } from "./organizations";

export const visits = sqliteTable(
  "visits",
  {
    id: idColumn(),
    familyId: text("family_id")
      .notNull()
      .references(() => families.id),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    /** "2026-27": the school year the visit belongs to, in the school's time zone. */
    schoolYear: text("school_year").notNull(),
    round: integer("round").notNull(),
    status: text("status", { enum: VISIT_STATUSES }).notNull(),
    startsAt: timestamp("starts_at"),
    durationMinutes: integer("duration_minutes"),
    location: text("location", { enum: VISIT_LOCATIONS }).notNull().default("home"),
    locationNote: text("location_note"),
    /** Language an adult interpreter will cover — never the student. */
    interpreterLanguage: text("interpreter_language"),
    /** Hopes and dreams: visible only to the visiting pair. */
    privateNotes: text("private_notes"),
    /** The communication plan agreed with the family at the visit. */
    planChannel: text("plan_channel", { enum: PLAN_CHANNELS }),
    planCadenceDays: integer("plan_cadence_days"),
    resourceRequests: text("resource_requests"),
    /** The pair's post-visit form (PTHV debrief, HOME WORKS! evaluation): question key → answer. */
    evaluation: text("evaluation", { mode: "json" }).$type<Record<string, string>>(),
    completedAt: timestamp("completed_at"),
    statusReason: text("status_reason"),
    createdByEducatorId: text("created_by_educator_id").references(() => educators.id),
    /**
     * The family's link to answer (/f/<code>): 12 random Crockford characters (60 bits), short
     * because it rides in an SMS where every character costs, unguessable, and it expires.
     */
    linkCode: text("link_code"),
    linkExpiresAt: timestamp("link_expires_at"),
    /** The hash of the confirmation's "add to calendar" code (/c/…); it expires with the link. */
    calendarCode: text("calendar_code"),
    ...timestamps(),
  },
  (t) => [
    check("visits_round", sql`${t.round} in (1, 2)`),
    check("visits_status", oneOf(t.status, VISIT_STATUSES)),
    check("visits_location", oneOf(t.location, VISIT_LOCATIONS)),
    check("visits_plan_channel", oneOf(t.planChannel, PLAN_CHANNELS)),
    check("visits_plan_cadence", sql`${t.planCadenceDays} is null or ${t.planCadenceDays} > 0`),
    // One household, one visit per round: the database refuses a second invitation even when
    // two teachers of siblings press "send" at the same moment.
    uniqueIndex("visits_one_open_per_round")
      .on(t.familyId, t.schoolYear, t.round)
      .where(oneOf(t.status, ROUND_HOLDING_VISIT_STATUSES)),
    index("visits_school_status").on(t.schoolId, t.status),
    index("visits_family").on(t.familyId),
    uniqueIndex("visits_link_code").on(t.linkCode),
    uniqueIndex("visits_calendar_code").on(t.calendarCode),
  ],
);

export const visitEducators = sqliteTable(
  "visit_educators",
  {
    visitId: text("visit_id")
      .notNull()
      .references(() => visits.id),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    role: text("role", { enum: VISIT_EDUCATOR_ROLES }).notNull(),
    /** When this educator confirmed they took part (for compensation). */
    attestedAt: timestamp("attested_at"),
    /** HVP: when the partner confirmed the time the lead scheduled, before the visit. */
    confirmedAt: timestamp("confirmed_at"),
    /**
     * This educator's own notes *about the family* (what they heard: hopes and dreams, what to
     * follow up) — the partner's place to write what the lead records in `private_notes`;
     * private like hopes and dreams, read by the pair. Not a reflection: it counts toward nothing.
     */
    notes: text("notes"),
    /** Arranging, visiting and debriefing time, for compensation: the sum of the three below. */
    minutesSpent: integer("minutes_spent"),
    /** The compensation log (PTHV, HVP: educators are paid for arranging, conducting and debriefing). */
    arrangingMinutes: integer("arranging_minutes"),
    conductingMinutes: integer("conducting_minutes"),
    debriefingMinutes: integer("debriefing_minutes"),
    /**
     * This educator's own reflection on *their practice* after a completed visit (PTHV's debrief:
     * "educators go in pairs and reflect"): what they learned, what challenged an assumption.
     * `reflected_at` is what the fidelity report counts, per pair; `notes` never is.
     */
    reflection: text("reflection"),
    reflectedAt: timestamp("reflected_at"),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.educatorId] }),
    check("visit_educators_role", oneOf(t.role, VISIT_EDUCATOR_ROLES)),
    index("visit_educators_educator").on(t.educatorId),
  ],
);

export const visitStudents = sqliteTable(
  "visit_students",
  {
    visitId: text("visit_id")
      .notNull()
      .references(() => visits.id),
    studentId: text("student_id")
      .notNull()
      .references(() => students.id),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.studentId] })],
);

/** The 1–3 times proposed to the family; `chosenAt` marks the one they picked. */
export const visitSlots = sqliteTable(
  "visit_slots",
  {
    id: idColumn(),
    visitId: text("visit_id")
      .notNull()
      .references(() => visits.id),
    position: integer("position").notNull(),
    startsAt: timestamp("starts_at").notNull(),
    chosenAt: timestamp("chosen_at"),
    ...timestamps(),
  },
  (t) => [
    check("visit_slots_position", sql`${t.position} between 1 and 3`),
    uniqueIndex("visit_slots_position_per_visit").on(t.visitId, t.position),
  ],
);

/** A coordinator's reproducible random draw of households to visit. */
export const selectionDraws = sqliteTable("selection_draws", {
  id: idColumn(),
  schoolId: text("school_id")
    .notNull()
    .references(() => schools.id),
  schoolYear: text("school_year").notNull(),
  seed: text("seed").notNull(),
  criteria: text("criteria", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  result: text("result", { mode: "json" }).$type<string[]>().notNull(),
  drawnByEducatorId: text("drawn_by_educator_id").references(() => educators.id),
  ...timestamps(),
});
