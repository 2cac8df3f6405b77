/**
 * The demo district, "Cedar Valley Unified": two schools on different program models, ten
 * staff, ~60 multilingual households, a school year's visits in every status and ~90 days of
 * two-way messages. Written for demos and local development on an empty database.
 *
 * Deterministic: one seeded PRNG drives every choice and id and every time is derived from
 * `now`, so the same `now` yields the same rows. Phone numbers are all in the NANP range
 * reserved for fiction (555-0100…0199), so no real family can ever be texted from it.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { chunk } from "../raw-batch";
import {
  contacts,
  districts,
  educatorCommitments,
  educators,
  eventInvitations,
  events,
  families,
  messages,
  messageTranslations,
  schools,
  studentEducators,
  students,
  surveyAnswers,
  surveyQuestions,
  surveyRecipients,
  surveys,
  trainingAttendance,
  trainings,
  visitEducators,
  visitSlots,
  visitStudents,
  visits,
} from "../schema";
import { createContext } from "./context";
import { buildFidelity } from "./fidelity";
import { homeWorksSchool } from "./home-works";
import { buildHouseholds } from "./households";
import { buildMessages } from "./messages";
import { addPtltSchool } from "./ptlt";
import { buildStaff } from "./staff";
import { buildSurveys } from "./surveys";
import { buildVisits } from "./visits";

export type SeedSummary = {
  districts: number;
  schools: number;
  educators: number;
  families: number;
  contacts: number;
  students: number;
  visits: number;
  messages: number;
};

/** Rows per INSERT: keeps every statement well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 200;

export async function seedDemoDistrict(db: Db, now: Date): Promise<SeedSummary> {
  // The builders share one PRNG, so they must run in this order.
  const ctx = createContext(now);
  const staff = buildStaff(ctx);
  const households = buildHouseholds(ctx, staff.schools);
  const planned = buildVisits(ctx, households.families);
  const messageRows = goQuiet(buildMessages(ctx, planned.timelines), planned.rows.visits, now);
  const translationRows = demoTranslations(messageRows);
  // Last: it draws ids after everything else, so the rest of the district stays as it was.
  const fidelity = buildFidelity(ctx, staff.rows, planned.rows.visits, planned.rows.visitEducators);
  // After the fidelity records: it draws from the same PRNG, so nothing before it changes.
  const surveyRows = buildSurveys(
    ctx,
    staff.schools,
    households.families,
    planned.rows.visits,
    staff.rows.educators.filter((e) => e.schoolId).map((e) => ({ id: e.id, schoolId: e.schoolId! })),
  );

  // HOME WORKS! 2+2 (its own PRNG: nothing above changes).
  const homeWorks = homeWorksSchool(db, now, staff.rows.districts[0]!.id);

  // Parents before children; one batch, so the district appears whole or not at all.
  const statements: BatchItem<"sqlite">[] = [
    ...inserts(db, districts, staff.rows.districts),
    ...inserts(db, schools, staff.rows.schools),
    ...inserts(db, educators, staff.rows.educators),
    ...inserts(db, families, households.rows.families),
    ...inserts(db, contacts, households.rows.contacts),
    ...inserts(db, students, households.rows.students),
    ...inserts(db, studentEducators, households.rows.studentEducators),
    ...inserts(db, visits, planned.rows.visits),
    ...inserts(db, visitEducators, planned.rows.visitEducators),
    ...inserts(db, visitStudents, planned.rows.visitStudents),
    ...inserts(db, visitSlots, planned.rows.visitSlots),
    ...inserts(db, messages, messageRows),
    ...inserts(db, messageTranslations, translationRows),
    ...inserts(db, trainings, fidelity.trainings),
    ...inserts(db, trainingAttendance, fidelity.trainingAttendance),
    ...inserts(db, educatorCommitments, fidelity.educatorCommitments),
    ...inserts(db, events, fidelity.events),
    ...inserts(db, eventInvitations, fidelity.eventInvitations),
    ...inserts(db, surveys, surveyRows.surveys),
    ...inserts(db, surveyQuestions, surveyRows.surveyQuestions),
    ...inserts(db, surveyRecipients, surveyRows.surveyRecipients),
    ...inserts(db, surveyAnswers, surveyRows.surveyAnswers),
    ...homeWorks.statements,
  ];
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

  return addPtltSchool(db, now, staff.rows.districts[0]!.id, {
    districts: staff.rows.districts.length,
    schools: staff.rows.schools.length + homeWorks.counts.schools,
    educators: staff.rows.educators.length + homeWorks.counts.educators,
    families: households.rows.families.length + homeWorks.counts.families,
    contacts: households.rows.contacts.length + homeWorks.counts.contacts,
    students: households.rows.students.length + homeWorks.counts.students,
    visits: planned.rows.visits.length + homeWorks.counts.visits,
    messages: messageRows.length,
  });
}

function inserts<T extends SQLiteTable>(db: Db, table: T, rows: T["$inferInsert"][]): BatchItem<"sqlite">[] {
  return chunk(rows, ROWS_PER_INSERT).map((part) => db.insert(table).values(part));
}

const QUIET_DAYS = 45;

/**
 * Real programs have families nobody has reached in a while — the dashboard's overdue list is
 * what coordinators act on. Every other family visited more than 45 days ago goes quiet: its
 * messages of the last 45 days are left out (deterministically), so it shows as overdue.
 */
function goQuiet<M extends { familyId?: string | null; occurredAt: Date }>(
  messageRows: M[],
  visitRows: { familyId: string; status: string; completedAt?: Date | null }[],
  now: Date,
): M[] {
  const cutoff = now.getTime() - QUIET_DAYS * 86_400_000;
  const quiet = new Set(
    visitRows
      .filter((v) => v.status === "completed" && v.completedAt && v.completedAt.getTime() < cutoff)
      .map((v) => v.familyId)
      .sort()
      .filter((_, i) => i % 2 === 0),
  );
  return messageRows.filter((m) => !(m.familyId && quiet.has(m.familyId) && m.occurredAt.getTime() > cutoff));
}

/**
 * The demo's English lines go through the same table and display as live translations, from
 * the demo translation memory (the phrase banks): nothing on screen is written another way.
 */
function demoTranslations(rows: (typeof messages.$inferInsert)[]): (typeof messageTranslations.$inferInsert)[] {
  const translations: (typeof messageTranslations.$inferInsert)[] = [];
  for (const row of rows) {
    const english = row.translatedBody;
    row.translatedBody = null;
    if (!english || row.language === "en") continue;
    const toStaff = row.direction === "in";
    translations.push({
      id: `trn_${row.id.slice(4)}`,
      messageId: row.id,
      direction: toStaff ? "to_staff" : "to_family",
      sourceLanguage: toStaff ? row.language : "en",
      targetLanguage: toStaff ? "en" : row.language,
      original: toStaff ? null : english,
      text: toStaff ? english : row.body,
      engine: "memory",
      model: "demo phrases",
      status: "done",
      createdAt: row.occurredAt,
      updatedAt: row.occurredAt,
    });
  }
  return translations;
}
