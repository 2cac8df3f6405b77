import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./_columns";

/**
 * Rollups for the coordinator dashboards (issue 6): derived from `messages`, `visits` and
 * `families`, kept current by SQLite triggers (db/migrations/0010_cadence_rollup_triggers.sql),
 * so no write path — webhooks, the dispatcher, imports, a hand-run SQL fix — can forget them.
 * They run the same on libsql and D1. Never write these tables from application code;
 * test/integration/cadence-rollups.test.ts checks them against a recomputation from raw rows.
 */

/** One row per family: the plan from its latest completed visit and its last touch. */
export const familyCadence = sqliteTable(
  "family_cadence",
  {
    familyId: text("family_id").primaryKey(),
    schoolId: text("school_id").notNull(),
    active: integer("active", { mode: "boolean" }).notNull(),
    planVisitedAt: timestamp("plan_visited_at"),
    planCadenceDays: integer("plan_cadence_days"),
    lastTouchAt: timestamp("last_touch_at"),
    /** School year (e.g. "2026-27") of the family's latest completed visit: "visited this year". */
    visitedYear: text("visited_year"),
    /** Some contact of the family has opted out (SMS or email) / is unreachable. */
    optedOut: integer("opted_out", { mode: "boolean" }).notNull().default(false),
    unreachable: integer("unreachable", { mode: "boolean" }).notNull().default(false),
    /** When the cadence clock last restarted: the visit or the last touch after it. Null without a plan. */
    baselineAt: timestamp("baseline_at").generatedAlwaysAs(
      sql`max(plan_visited_at, coalesce(last_touch_at, plan_visited_at))`,
      { mode: "stored" },
    ),
  },
  // Covering: the dashboards' passes over a school's families read the index, never the rows.
  (t) => [
    index("family_cadence_school").on(
      t.schoolId,
      t.active,
      t.planCadenceDays,
      t.baselineAt,
      t.visitedYear,
      t.optedOut,
      t.unreachable,
    ),
  ],
);

/**
 * Every touch (domain/cadence.ts `isTouch`), narrow and indexed by school and time: the weekly
 * chart, touches per educator and the days between touches read this instead of `messages`.
 */
export const touchLog = sqliteTable(
  "touch_log",
  {
    messageId: text("message_id").primaryKey(),
    familyId: text("family_id").notNull(),
    schoolId: text("school_id").notNull(),
    /** The family's `active`, copied so dashboards need no join. */
    active: integer("active", { mode: "boolean" }).notNull(),
    educatorId: text("educator_id"),
    at: timestamp("at").notNull(),
    fromFamily: integer("from_family", { mode: "boolean" }).notNull(),
  },
  (t) => [
    index("touch_log_school_time").on(t.schoolId, t.active, t.at, t.fromFamily),
    index("touch_log_school_educator").on(t.schoolId, t.active, t.fromFamily, t.educatorId, t.at),
    index("touch_log_school_family").on(t.schoolId, t.active, t.familyId, t.at),
    index("touch_log_family").on(t.familyId, t.at),
  ],
);

/** One row per conversation: who opened it and when its last message was. */
export const conversationRollup = sqliteTable(
  "conversation_rollup",
  {
    conversationId: text("conversation_id").primaryKey(),
    familyId: text("family_id").notNull(),
    schoolId: text("school_id").notNull(),
    /** The family's `active`, copied so dashboards need no join. */
    active: integer("active", { mode: "boolean" }).notNull(),
    initiatedBy: text("initiated_by").notNull(),
    lastMessageAt: timestamp("last_message_at").notNull(),
  },
  (t) => [
    index("conversation_rollup_school").on(t.schoolId, t.active, t.lastMessageAt, t.initiatedBy),
    index("conversation_rollup_family").on(t.familyId),
  ],
);

/**
 * Once a day per school: the gaps between its families' touch days over the last year, as a
 * histogram (`[[gapDays, count], …]`). The median days between touches needs every touch day
 * of the year — too much to read on each page view — and moves slowly, so it is read as of the
 * school's local midnight: computed by the first dashboard of the day (or the nightly job).
 */
export const schoolTouchGaps = sqliteTable(
  "school_touch_gaps",
  {
    schoolId: text("school_id").notNull(),
    /** The school's local day (days since 1970-01-01) the histogram covers up to, exclusive. */
    day: integer("day").notNull(),
    gaps: text("gaps", { mode: "json" }).$type<[number, number][]>().notNull(),
    /** The zone the days were counted in: when the school's zone changes, the histogram is rebuilt. */
    timeZone: text("time_zone"),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.day] })],
);

/*
 * The touch-gap histogram kept incrementally (services/cadence/advance-touch-gaps.ts), so the
 * first view of a day costs what a warm one does instead of a year of touches (3 s for a
 * district of 100,000 families). A trigger cannot know a school's local day (SQLite has no time
 * zones), so the triggers on touch_log only note which families changed; the first reader of a
 * new day (or the warm-touch-gaps job) turns those notes and the day that passed into changes
 * of the stored counts, in one batch. test/integration/touch-gaps-incremental.test.ts checks it
 * against the computation from scratch.
 */

/** (school, family) whose active touches changed since the histogram was last advanced. Triggers on touch_log. */
export const touchGapChanges = sqliteTable(
  "touch_gap_changes",
  {
    schoolId: text("school_id").notNull(),
    familyId: text("family_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.familyId] })],
);

/**
 * Each family's distinct local touch days (in its school's zone) from a year before the stored
 * day on, as of the last advance: what the stored counts were made of, so a changed family's
 * old gaps can be taken out exactly.
 */
export const touchGapDays = sqliteTable(
  "touch_gap_days",
  {
    schoolId: text("school_id").notNull(),
    familyId: text("family_id").notNull(),
    day: integer("day").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.familyId, t.day] }),
    // The families with a touch day entering or leaving the year's window, as the days roll.
    index("touch_gap_days_day").on(t.schoolId, t.day, t.familyId),
  ],
);

/** The stored day's histogram as rows (gap in days → how many), which the batch adjusts in SQL. */
export const touchGapCounts = sqliteTable(
  "touch_gap_counts",
  {
    schoolId: text("school_id").notNull(),
    gap: integer("gap").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.gap] })],
);

/**
 * Which households are in each educator's class this school year: one row per (educator, year,
 * family), counting the family's students in that class, with the family's cadence copied.
 * Kept from `student_educators`, `students` and `family_cadence`; the per-educator table reads
 * it instead of joining every student.
 */
export const classFamilies = sqliteTable(
  "class_families",
  {
    educatorId: text("educator_id").notNull(),
    schoolYear: text("school_year").notNull(),
    familyId: text("family_id").notNull(),
    schoolId: text("school_id").notNull(),
    students: integer("students").notNull(),
    /** Copied from the family's `family_cadence` row, so "overdue in each class" is an index range. */
    active: integer("active", { mode: "boolean" }).notNull(),
    planCadenceDays: integer("plan_cadence_days"),
    baselineAt: timestamp("baseline_at"),
  },
  (t) => [
    primaryKey({ columns: [t.educatorId, t.schoolYear, t.familyId] }),
    index("class_families_school").on(
      t.schoolId,
      t.schoolYear,
      t.educatorId,
      t.active,
      t.planCadenceDays,
      t.baselineAt,
    ),
    index("class_families_family").on(t.familyId, t.schoolYear),
  ],
);

/**
 * Students with a completed visit, per school year and school, counting those visits: "students
 * visited" is a count of these rows. Kept from `visit_students` and `visits`.
 */
export const studentVisits = sqliteTable(
  "student_visits",
  {
    studentId: text("student_id").notNull(),
    schoolYear: text("school_year").notNull(),
    schoolId: text("school_id").notNull(),
    visits: integer("visits").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studentId, t.schoolYear, t.schoolId] }),
    index("student_visits_school").on(t.schoolId, t.schoolYear),
  ],
);

/**
 * Touches of active families per school and UTC day (`at / 86 400 000`), by who sent them and
 * which educator: the dashboards count a range of instants as its whole UTC days from here plus
 * the two partial days at its ends from `touch_log`, so a 12-week chart reads ~170 rows, not
 * every touch — and stays exact for any time zone, since the ends are read as instants.
 */
export const touchDays = sqliteTable(
  "touch_days",
  {
    schoolId: text("school_id").notNull(),
    day: integer("day").notNull(),
    fromFamily: integer("from_family", { mode: "boolean" }).notNull(),
    /** '' when the touch names no educator. */
    educatorId: text("educator_id").notNull(),
    touches: integer("touches").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.day, t.fromFamily, t.educatorId] }),
    // Covering (they include the count), so the dashboards' sums never read the table.
    index("touch_days_chart").on(t.schoolId, t.day, t.fromFamily, t.touches),
    index("touch_days_educator").on(t.schoolId, t.fromFamily, t.educatorId, t.day, t.touches),
  ],
);

/** Conversations of active families per school and UTC day of their last message, by who opened them. */
export const conversationDays = sqliteTable(
  "conversation_days",
  {
    schoolId: text("school_id").notNull(),
    day: integer("day").notNull(),
    initiatedBy: text("initiated_by").notNull(),
    conversations: integer("conversations").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.day, t.initiatedBy] }),
    // Covering (it includes the count): a 90-day share sums ~9,000 rows district-wide, and through
    // the primary key each was a lookup in the table (2.1 → 0.8 ms, bench/dashboard-scale.ts).
    index("conversation_days_school").on(t.schoolId, t.day, t.initiatedBy, t.conversations),
  ],
);

/**
 * Per-school counts of active families (and students) by measure, so a school's or the whole
 * district's totals are a few rows instead of a pass over every family:
 *   families ('')            — active families
 *   plan (cadence days)      — active families with a plan on that cadence
 *   visited (school year)    — active families whose latest completed visit is in that year
 *   opted_out / unreachable ('') — active families with such a contact
 *   students ('')            — active students (by the student's school)
 * Kept by triggers on family_cadence and students.
 */
export const schoolCounts = sqliteTable(
  "school_counts",
  {
    schoolId: text("school_id").notNull(),
    measure: text("measure").notNull(),
    key: text("key").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.measure, t.key] })],
);
