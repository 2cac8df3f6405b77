import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CHANNELS, GRADES } from "../../src/domain/enums";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { educators, schools } from "./organizations";

/** A household: one family, however many children and guardians it has. */
export const families = sqliteTable(
  "families",
  {
    id: idColumn(),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    displayName: text("display_name").notNull(),
    /** Folded for search (src/domain/search-text.ts); written by triggers, never by code. */
    searchName: text("search_name"),
    /** BCP-47 tag of the household's preferred language. */
    language: text("language").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    /** IANA zone; quiet hours and proposed times are shown in it. */
    timezone: text("timezone").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Household key from a roster import (its guardians' ids), so a re-import updates in place. */
    externalId: text("external_id"),
    ...timestamps(),
  },
  (t) => [
    check("families_channel", oneOf(t.channel, CHANNELS)),
    uniqueIndex("families_external").on(t.schoolId, t.externalId).where(sql`${t.externalId} is not null`),
    index("families_school_name").on(t.schoolId, t.displayName, t.id),
  ],
);

/**
 * Accented letter → plain letter, for search (src/domain/search-text.ts FOLDS; the migration
 * that adds it fills it). The search_name triggers look each character up here, because
 * SQLite on D1 and Turso cannot register a folding function.
 */
export const searchFolds = sqliteTable("search_folds", {
  ch: text("ch").primaryKey(),
  plain: text("plain").notNull(),
});

/** A guardian (or other adult) the school may contact on the family's behalf. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: idColumn(),
    familyId: text("family_id")
      .notNull()
      .references(() => families.id),
    name: text("name").notNull(),
    /** Folded for search (src/domain/search-text.ts); written by triggers, never by code. */
    searchName: text("search_name"),
    relationship: text("relationship"),
    /** E.164, normalized on the way in. A number may be shared by several contacts. */
    phone: text("phone"),
    email: text("email"),
    /** Own preferences; null means "as the family". */
    language: text("language"),
    channel: text("channel", { enum: CHANNELS }),
    smsOptedOutAt: timestamp("sms_opted_out_at"),
    emailOptedOutAt: timestamp("email_opted_out_at"),
    /** Set when a provider says the address cannot be reached (e.g. landline, bounce). */
    smsUnreachableAt: timestamp("sms_unreachable_at"),
    emailUnreachableAt: timestamp("email_unreachable_at"),
    unreachableReason: text("unreachable_reason"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    externalId: text("external_id"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("contacts_external").on(t.familyId, t.externalId).where(sql`${t.externalId} is not null`),
    check("contacts_channel", oneOf(t.channel, CHANNELS)),
    index("contacts_family").on(t.familyId),
    index("contacts_phone").on(t.phone),
    index("contacts_email").on(t.email),
  ],
);

export type StudentProgramFlags = {
  belowGradeLevel?: boolean;
  attendanceConcern?: boolean;
  englishLearner?: boolean;
  noPreK?: boolean;
};

export const students = sqliteTable(
  "students",
  {
    id: idColumn(),
    familyId: text("family_id")
      .notNull()
      .references(() => families.id),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    firstName: text("first_name").notNull(),
    /** Folded for search (src/domain/search-text.ts); written by triggers, never by code. */
    searchName: text("search_name"),
    /** Only an initial is kept: messages and pages never need a child's full surname. */
    lastInitial: text("last_initial"),
    grade: text("grade", { enum: GRADES }).notNull(),
    programFlags: text("program_flags", { mode: "json" }).$type<StudentProgramFlags>().notNull().default({}),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    externalId: text("external_id"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("students_external").on(t.schoolId, t.externalId).where(sql`${t.externalId} is not null`),
    check("students_grade", oneOf(t.grade, GRADES)),
    index("students_family").on(t.familyId),
    index("students_school").on(t.schoolId, t.active),
  ],
);

/** Who teaches whom, per school year ("2026-27"). Drives an educator's roster and scope. */
export const studentEducators = sqliteTable(
  "student_educators",
  {
    studentId: text("student_id")
      .notNull()
      .references(() => students.id),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    schoolYear: text("school_year").notNull(),
    createdAt: timestamp("created_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    primaryKey({ columns: [t.studentId, t.educatorId, t.schoolYear] }),
    index("student_educators_educator").on(t.educatorId, t.schoolYear),
  ],
);
