import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { COMMITMENTS, TRAINING_KINDS } from "../../src/domain/enums";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { educators, schools } from "./organizations";

/**
 * A training the school's educators took (PTHV's 3-hour introductory training, HOME WORKS!'
 * two mandatory trainings a year). Invitations check these before an educator leads or
 * partners on a visit (src/domain/program-models.ts `checkPairTraining`).
 */
export const trainings = sqliteTable(
  "trainings",
  {
    id: idColumn(),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    /** "2026-27", from `heldOn` in the school's calendar: HOME WORKS! counts trainings per year. */
    schoolYear: text("school_year").notNull(),
    kind: text("kind", { enum: TRAINING_KINDS }).notNull(),
    title: text("title").notNull(),
    /** The local calendar day it was held (YYYY-MM-DD); a training is a day, not an instant. */
    heldOn: text("held_on").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    recordedByEducatorId: text("recorded_by_educator_id").references(() => educators.id),
    /**
     * Written once by migration 0030 (never by a form): educators already leading or partnering
     * visits when the training rule shipped were trained before Doorstep recorded trainings. It
     * counts as the model's training, and for HOME WORKS! stands for the two of that school year
     * only (docs/fidelity.md, "Existing data"). Its `durationMinutes` is not known: 180 is stored.
     */
    beforeDoorstep: integer("before_doorstep", { mode: "boolean" }).notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    check("trainings_kind", oneOf(t.kind, TRAINING_KINDS)),
    check("trainings_duration", sql`${t.durationMinutes} > 0`),
    index("trainings_school_year").on(t.schoolId, t.schoolYear),
  ],
);

/** Who attended a training. */
export const trainingAttendance = sqliteTable(
  "training_attendance",
  {
    trainingId: text("training_id")
      .notNull()
      .references(() => trainings.id),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
  },
  (t) => [
    primaryKey({ columns: [t.trainingId, t.educatorId] }),
    index("training_attendance_educator").on(t.educatorId),
  ],
);

/**
 * Where each educator stands on the program this school year: agreed to visit, supports it
 * without visiting (PTHV counts both toward "≥ 50 % of staff support"), or declined. One row
 * per educator and year; recording again replaces it.
 */
export const educatorCommitments = sqliteTable(
  "educator_commitments",
  {
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    schoolYear: text("school_year").notNull(),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    commitment: text("commitment", { enum: COMMITMENTS }).notNull(),
    recordedByEducatorId: text("recorded_by_educator_id").references(() => educators.id),
    recordedAt: timestamp("recorded_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.educatorId, t.schoolYear] }),
    check("educator_commitments_commitment", oneOf(t.commitment, COMMITMENTS)),
    index("educator_commitments_school").on(t.schoolId, t.schoolYear),
  ],
);

/** The school's site coordinators (HOME WORKS!: two per school, facilitating the program). */
export const siteCoordinators = sqliteTable(
  "site_coordinators",
  {
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    since: timestamp("since").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.educatorId] })],
);
