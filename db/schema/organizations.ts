import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CHANNELS, EDUCATOR_ROLES, NOTIFY_MODES, PROGRAM_MODEL_KEYS } from "../../src/domain/enums";
import type { OfficeHours } from "../../src/domain/office-hours";
import type { RetentionSettings } from "../../src/domain/retention";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";

export const districts = sqliteTable("districts", {
  id: idColumn(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  /** The retention schedule the `retention` job applies to the district's schools. */
  retention: text("retention", { mode: "json" }).$type<RetentionSettings>().notNull().default({}),
  /**
   * The message cutoff the retention job last applied in full: the next run reads only messages
   * from here to its own cutoff, not every erased message again. Null (new or changed schedule):
   * the next run reads all of them once.
   */
  retentionAppliedThrough: timestamp("retention_applied_through"),
  ...timestamps(),
});

export const schools = sqliteTable(
  "schools",
  {
    id: idColumn(),
    districtId: text("district_id")
      .notNull()
      .references(() => districts.id),
    name: text("name").notNull(),
    /** IANA zone; the school's calendar (school year, cadence days) is counted in it. */
    timezone: text("timezone").notNull(),
    programModel: text("program_model", { enum: PROGRAM_MODEL_KEYS }).notNull(),
    /** The school's id in the student information system (OneRoster sourcedId), for re-imports. */
    externalId: text("external_id"),
    /** Language used when neither contact nor family has one (BCP-47). */
    defaultLanguage: text("default_language").notNull().default("en"),
    defaultChannel: text("default_channel", { enum: CHANNELS }).notNull().default("sms"),
    /** Model overrides a school agreed on (e.g. a cadence other than the model's default). */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    check("schools_program_model", oneOf(t.programModel, PROGRAM_MODEL_KEYS)),
    check("schools_default_channel", oneOf(t.defaultChannel, CHANNELS)),
    index("schools_district").on(t.districtId),
    uniqueIndex("schools_external").on(t.externalId).where(sql`${t.externalId} is not null`),
  ],
);

export const educators = sqliteTable(
  "educators",
  {
    id: idColumn(),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    name: text("name").notNull(),
    /** Stored lower-cased: it is the sign-in identity. */
    email: text("email").notNull(),
    phone: text("phone"),
    role: text("role", { enum: EDUCATOR_ROLES }).notNull(),
    externalId: text("external_id"),
    /** BCP-47 tags of the languages this educator speaks. */
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default([]),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /**
     * How this educator hears that a family wrote: an email at once, or one daily digest.
     * (No CHECK: adding one to an existing SQLite table means rebuilding it; zod guards it.)
     */
    notifyMode: text("notify_mode", { enum: NOTIFY_MODES }).notNull().default("immediate"),
    /** Office hours (src/domain/office-hours.ts); null: none set. JSON: one column, no join on hot paths. */
    officeHours: text("office_hours", { mode: "json" }).$type<OfficeHours>(),
    ...timestamps(),
  },
  (t) => [
    check("educators_role", oneOf(t.role, EDUCATOR_ROLES)),
    check("educators_email_lower", sql`${t.email} = lower(${t.email})`),
    uniqueIndex("educators_email").on(t.email),
    index("educators_school").on(t.schoolId),
    uniqueIndex("educators_external").on(t.externalId).where(sql`${t.externalId} is not null`),
  ],
);

export type { OfficeHours, RetentionSettings };
