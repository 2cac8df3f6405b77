import { and, asc, eq, gt, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  contacts,
  educators,
  families,
  messages,
  messageTranslations,
  schools,
  studentEducators,
  students,
} from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { schoolYearOf } from "../../domain/school-year";
import { NotFoundError, ValidationError } from "../../errors";
import { recordAudit } from "../audit";
import { requireRole } from "../auth";
import { familyScope, requireFamilyInScope, requireSchoolInScope } from "../queries";

/** What to export: one of family / class (an educator's) / school, or everything in scope; optionally a date range. */
export type RecordsFilter = {
  familyId?: string | undefined;
  educatorId?: string | undefined;
  schoolId?: string | undefined;
  /** Inclusive start and exclusive end instants. */
  from?: Date | undefined;
  to?: Date | undefined;
};

export type RecordRow = {
  messageId: string;
  familyId: string;
  family: string;
  school: string;
  timeZone: string;
  occurredAt: Date;
  direction: "in" | "out";
  channel: string;
  kind: string;
  /** Who wrote it: the educator for outbound, the guardian for inbound ('' when unknown). */
  sender: string;
  contact: string;
  language: string;
  body: string;
  /** `to_family`: what the teacher wrote before it was translated for the family. */
  original: string | null;
  /** `to_staff`: the family's text in the staff language. */
  translation: string | null;
  translationStatus: string | null;
  status: string;
  statusReason: string | null;
  errorCode: string | null;
};

export type RecordsExport = {
  /** Rows the export will have, counted before it starts (the page and the header show progress against it). */
  total: number;
  rows: AsyncIterable<RecordRow>;
};

/** Rows read per query: small enough that a 100,000-message district never sits in memory. */
export const RECORDS_PAGE_SIZE = 500;

/**
 * Every message of a family, a class, a school or a date range, in scope, with its translations,
 * delivery status and sender — for records requests. Rows come in pages by keyset on
 * (family_id, occurred_at, id), which the `messages_family_time` index serves, so the export
 * streams in constant memory and a page costs the same at row 9,500 as at row 0.
 * The export is audit-logged before the first row (with the filter and row count).
 */
export async function exportMessages(
  ctx: ServiceContext,
  filter: RecordsFilter,
  options: { pageSize?: number; audit?: string } = {},
): Promise<RecordsExport> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "export records");
  const where = await recordsWhere(ctx, filter);
  const { db } = ctx.deps;
  const [counted] = await db
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .innerJoin(families, eq(families.id, messages.familyId))
    .where(where);
  const total = Number(counted?.n ?? 0);
  await recordAudit(ctx, {
    action: options.audit ?? "export.records",
    ...(filter.familyId ? { subjectType: "family", subjectId: filter.familyId } : {}),
    ...(!filter.familyId && filter.schoolId ? { subjectType: "school", subjectId: filter.schoolId } : {}),
    detail: {
      rows: total,
      ...(filter.educatorId ? { educatorId: filter.educatorId } : {}),
      ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
      ...(filter.from ? { from: filter.from.toISOString() } : {}),
      ...(filter.to ? { to: filter.to.toISOString() } : {}),
    },
  });
  const pageSize = options.pageSize ?? RECORDS_PAGE_SIZE;
  return { total, rows: pages(ctx, where, pageSize) };
}

async function* pages(ctx: ServiceContext, where: SQL, pageSize: number): AsyncGenerator<RecordRow> {
  let after: { familyId: string; occurredAt: Date; id: string } | null = null;
  for (;;) {
    const keyset: SQL | undefined = after
      ? or(
          gt(messages.familyId, after.familyId),
          and(
            eq(messages.familyId, after.familyId),
            or(
              gt(messages.occurredAt, after.occurredAt),
              and(eq(messages.occurredAt, after.occurredAt), gt(messages.id, after.id)),
            ),
          ),
        )
      : undefined;
    const page = await readPage(ctx, keyset ? (and(where, keyset) as SQL) : where, pageSize);
    for (const r of page) {
      yield {
        messageId: r.messageId,
        familyId: r.familyId,
        family: r.family,
        school: r.school,
        timeZone: r.timeZone,
        occurredAt: r.occurredAt,
        direction: r.direction,
        channel: r.channel,
        kind: r.kind,
        sender: (r.direction === "out" ? r.educator : r.contact) ?? "",
        contact: r.contact ?? "",
        language: r.language,
        body: r.body,
        original: r.original,
        translation: r.staffText ?? r.translatedBody,
        translationStatus: r.staffStatus ?? r.familyStatus,
        status: r.status,
        statusReason: r.statusReason,
        errorCode: r.errorCode,
      };
    }
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { familyId: last.familyId, occurredAt: last.occurredAt, id: last.messageId };
  }
}

function readPage(ctx: ServiceContext, where: SQL, pageSize: number) {
  const toStaff = alias(messageTranslations, "to_staff");
  const toFamily = alias(messageTranslations, "to_family");
  return ctx.deps.db
    .select({
      messageId: messages.id,
      familyId: families.id,
      family: families.displayName,
      school: schools.name,
      timeZone: schools.timezone,
      occurredAt: messages.occurredAt,
      direction: messages.direction,
      channel: messages.channel,
      kind: messages.kind,
      educator: educators.name,
      contact: contacts.name,
      language: messages.language,
      body: messages.body,
      translatedBody: messages.translatedBody,
      original: toFamily.original,
      staffText: toStaff.text,
      staffStatus: toStaff.status,
      familyStatus: toFamily.status,
      status: messages.status,
      statusReason: messages.statusReason,
      errorCode: messages.errorCode,
    })
    .from(messages)
    .innerJoin(families, eq(families.id, messages.familyId))
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .leftJoin(educators, eq(educators.id, messages.educatorId))
    .leftJoin(contacts, eq(contacts.id, messages.contactId))
    .leftJoin(toStaff, and(eq(toStaff.messageId, messages.id), eq(toStaff.direction, "to_staff")))
    .leftJoin(toFamily, and(eq(toFamily.messageId, messages.id), eq(toFamily.direction, "to_family")))
    .where(where)
    .orderBy(asc(messages.familyId), asc(messages.occurredAt), asc(messages.id))
    .limit(pageSize);
}

/** The WHERE for the filter, inside the actor's scope; an out-of-scope family, class or school is 404. */
async function recordsWhere(ctx: ServiceContext, filter: RecordsFilter): Promise<SQL> {
  const now = ctx.deps.clock.now();
  const parts: SQL[] = [familyScope(ctx.actor, now)];
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new ValidationError({ to: "The end of the range must be after its start" });
  }
  if (filter.familyId) {
    await requireFamilyInScope(ctx, filter.familyId);
    parts.push(eq(messages.familyId, filter.familyId));
  }
  if (filter.schoolId) {
    await requireSchoolInScope(ctx, filter.schoolId);
    parts.push(eq(families.schoolId, filter.schoolId));
  }
  if (filter.educatorId) {
    const [teacher] = await ctx.deps.db
      .select({ id: educators.id, timeZone: schools.timezone })
      .from(educators)
      .innerJoin(schools, eq(schools.id, educators.schoolId))
      .where(and(eq(educators.id, filter.educatorId), inArray(educators.schoolId, scopedSchoolIds(ctx))))
      .limit(1);
    if (!teacher) throw new NotFoundError("Educator not found");
    // The class is this school year's: the households of the students the educator teaches.
    const year = schoolYearOf(now, teacher.timeZone);
    parts.push(
      inArray(
        messages.familyId,
        ctx.deps.db
          .select({ id: students.familyId })
          .from(students)
          .innerJoin(studentEducators, eq(studentEducators.studentId, students.id))
          .where(and(eq(studentEducators.educatorId, teacher.id), eq(studentEducators.schoolYear, year))),
      ),
    );
  }
  if (filter.from) parts.push(gte(messages.occurredAt, filter.from));
  if (filter.to) parts.push(lt(messages.occurredAt, filter.to));
  return and(...parts) as SQL;
}

function scopedSchoolIds(ctx: ServiceContext) {
  const { actor } = ctx;
  if (actor.role === "district_admin") {
    return ctx.deps.db
      .select({ id: schools.id })
      .from(schools)
      .where(actor.districtId === null ? sql`0` : eq(schools.districtId, actor.districtId));
  }
  return actor.type === "educator"
    ? ctx.deps.db.select({ id: schools.id }).from(schools).where(eq(schools.id, actor.schoolId))
    : ctx.deps.db.select({ id: schools.id }).from(schools).where(sql`0`);
}
