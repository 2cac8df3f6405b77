import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, ne, or, type SQL } from "drizzle-orm";
import { boundParameterLimit } from "../../../db/client";
import {
  auditLog,
  districts,
  educatorNotifications,
  families,
  messageEvents,
  messages,
  messageTranslations,
  outbox,
  schools,
  translationCache,
  visitEducators,
  visits,
} from "../../../db/schema";
import type { SystemContext } from "../../context";
import { daysBefore, retentionSchedule, yearsBefore } from "../../domain/retention";
import { schoolYearOf } from "../../domain/school-year";

export type RetentionResult = {
  messagesErased: number;
  hopesAndDreamsErased: number;
  translationCacheDeleted: number;
  auditDeleted: number;
};

/**
 * Messages erased per batch: each batch is one short write, so the web server never waits long;
 * and the ids are bound parameters, of which D1 allows 100 per statement.
 */
const MESSAGE_BATCH = 500;

/**
 * The `retention` job's part for each district's schedule (domain/retention.ts):
 * - messages older than `messageYears`: body, address, translations and provider payloads
 *   erased in place (the row stays, so the dashboards' rollups and counts do not move — the
 *   same choice as services/deletion/delete-family.ts);
 * - hopes-and-dreams notes of visits in a school year that has ended (in the school's zone);
 * - translation-cache entries unused for `translationCacheDays`, and audit entries older than
 *   `auditYears`: these tables are the deployment's, not a district's, so the deployment's
 *   first district's schedule applies (a deployment serves one district — services/schools/district.ts).
 * Texts from numbers that never matched a family follow that first district's schedule too.
 * Safe to run any number of times: erased rows no longer match. The job runs every few minutes,
 * so each run reads only the messages that crossed the cutoff since the last run
 * (`districts.retention_applied_through`), not every message already erased; a changed schedule
 * clears the mark and the next run reads them all once. (A message filed later with a date
 * before the mark — a logged call backdated years — waits for the next schedule change.)
 */
export async function applyRetention(ctx: SystemContext, now: Date): Promise<RetentionResult> {
  const { db } = ctx.deps;
  const result: RetentionResult = {
    messagesErased: 0,
    hopesAndDreamsErased: 0,
    translationCacheDeleted: 0,
    auditDeleted: 0,
  };
  const allDistricts = await db.select().from(districts).orderBy(asc(districts.createdAt), asc(districts.id));
  for (const [index, district] of allDistricts.entries()) {
    const schedule = retentionSchedule(district.retention);
    const districtSchools = await db
      .select({ id: schools.id, timezone: schools.timezone })
      .from(schools)
      .where(eq(schools.districtId, district.id));
    // Subqueries, not id lists: D1 binds at most 100 parameters per statement.
    const inDistrict = inArray(
      messages.familyId,
      db
        .select({ id: families.id })
        .from(families)
        .where(
          inArray(
            families.schoolId,
            db.select({ id: schools.id }).from(schools).where(eq(schools.districtId, district.id)),
          ),
        ),
    );
    const whose = index === 0 ? (or(inDistrict, isNull(messages.familyId)) as SQL) : inDistrict;
    const cutoff = yearsBefore(now, schedule.messageYears);
    const since = district.retentionAppliedThrough;
    result.messagesErased += await eraseOldMessages(
      ctx,
      since ? (and(whose, gte(messages.occurredAt, since)) as SQL) : whose,
      cutoff,
      now,
    );
    // Only after every batch succeeded: a run that stopped half-way is resumed from the old mark.
    await db.update(districts).set({ retentionAppliedThrough: cutoff }).where(eq(districts.id, district.id));

    if (schedule.hopesAndDreams === "end_of_school_year") {
      for (const school of districtSchools) {
        const erased = await db
          .update(visits)
          .set({ privateNotes: null, updatedAt: now })
          .where(
            and(
              eq(visits.schoolId, school.id),
              lt(visits.schoolYear, schoolYearOf(now, school.timezone)),
              isNotNull(visits.privateNotes),
            ),
          )
          .returning({ id: visits.id });
        result.hopesAndDreamsErased += erased.length;
        // The pair's own notes (visit_educators.notes) hold the same words: they go with them.
        await db
          .update(visitEducators)
          .set({ notes: null })
          .where(
            and(
              isNotNull(visitEducators.notes),
              inArray(
                visitEducators.visitId,
                db
                  .select({ id: visits.id })
                  .from(visits)
                  .where(
                    and(eq(visits.schoolId, school.id), lt(visits.schoolYear, schoolYearOf(now, school.timezone))),
                  ),
              ),
            ),
          );
      }
    }

    if (index === 0) {
      const [cache, audit] = await db.batch([
        db
          .delete(translationCache)
          .where(lt(translationCache.lastUsedAt, daysBefore(now, schedule.translationCacheDays)))
          .returning({ key: translationCache.key }),
        db
          .delete(auditLog)
          .where(lt(auditLog.createdAt, yearsBefore(now, schedule.auditYears)))
          .returning({ id: auditLog.id }),
      ]);
      result.translationCacheDeleted = cache.length;
      result.auditDeleted = audit.length;
    }
  }
  return result;
}

async function eraseOldMessages(ctx: SystemContext, whose: SQL, cutoff: Date, now: Date): Promise<number> {
  const { db } = ctx.deps;
  let erased = 0;
  for (;;) {
    const batch = await db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          whose,
          lt(messages.occurredAt, cutoff),
          or(
            ne(messages.body, ""),
            isNotNull(messages.address),
            isNotNull(messages.translatedBody),
            isNotNull(messages.templateParams),
          ),
        ),
      )
      .limit(Math.min(MESSAGE_BATCH, boundParameterLimit(db) - 10));
    if (batch.length === 0) return erased;
    const ids = batch.map((m) => m.id);
    await db.batch([
      db.delete(messageTranslations).where(inArray(messageTranslations.messageId, ids)),
      db.delete(educatorNotifications).where(inArray(educatorNotifications.messageId, ids)),
      db.update(messageEvents).set({ payload: {} }).where(inArray(messageEvents.messageId, ids)),
      db.update(outbox).set({ lastError: null }).where(inArray(outbox.messageId, ids)),
      db
        .update(messages)
        .set({
          body: "",
          translatedBody: null,
          address: null,
          templateParams: null,
          media: null,
          statusReason: null,
          updatedAt: now,
        })
        .where(inArray(messages.id, ids)),
    ]);
    erased += ids.length;
  }
}
