import { and, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { educators, families, surveyRecipients, surveys, visits } from "../../../db/schema";
import type { Deps, SystemContext } from "../../context";
import { derivedId } from "../../domain/ids";
import { prepareOutbound } from "../../messaging/enqueue";
import { askQuestion, questionsOf } from "./ask-question";
import { surveyLinkCode, surveyLinkHash } from "./link-code";
import { otherQuestionPending } from "./other-question-pending";

/** A family that has not answered is reminded once, this long after the invitation. */
export const REMINDER_AFTER_MS = 7 * 86_400_000;

type Survey = typeof surveys.$inferSelect;
type Statement = BatchItem<"sqlite">;

/**
 * The surveys job: closes surveys past their window; for open ones inside it, invites the
 * audience (families with a completed visit this school year — one who completes a visit
 * later is invited on the next run — and the school's active educators), asks a text family
 * its first question once no visit or RSVP question is waiting, and reminds once. Every text
 * goes through the outbox (quiet hours apply); ids derive from the recipient, so a second run
 * writes nothing twice.
 */
export async function runSurveys(ctx: SystemContext, now: Date, only?: { surveyId: string }) {
  const { db } = ctx.deps;
  await db
    .update(surveys)
    .set({ status: "closed", updatedAt: now })
    .where(and(eq(surveys.status, "open"), lte(surveys.closesAt, now)));
  const open = await db
    .select()
    .from(surveys)
    .where(
      and(
        eq(surveys.status, "open"),
        lte(surveys.opensAt, now),
        gt(surveys.closesAt, now),
        only ? eq(surveys.id, only.surveyId) : undefined,
      ),
    );
  const counts = { invited: 0, asked: 0, reminded: 0 };
  for (const survey of open) {
    counts.invited += await invite(ctx.deps, survey, now);
    counts.asked += await askWaiting(ctx.deps, survey, now);
    counts.reminded += await remind(ctx.deps, survey, now);
  }
  return counts;
}

async function invite(deps: Deps, survey: Survey, now: Date): Promise<number> {
  const { db } = deps;
  if (survey.audience === "educators") {
    const staff = await db
      .select({ id: educators.id })
      .from(educators)
      .where(and(eq(educators.schoolId, survey.schoolId), eq(educators.active, true)));
    if (staff.length === 0) return 0;
    const rows = staff.map((e) => ({
      id: derivedId("srr", `${survey.id}:${e.id}`),
      surveyId: survey.id,
      educatorId: e.id,
      invitedAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    let added = 0;
    for (const part of chunks(rows, 10)) {
      const result = await db
        .insert(surveyRecipients)
        .values(part)
        .onConflictDoNothing()
        .returning({ id: surveyRecipients.id });
      added += result.length;
    }
    return added;
  }
  const audience = await db
    .selectDistinct({ id: families.id })
    .from(families)
    .innerJoin(visits, eq(visits.familyId, families.id))
    .where(
      and(
        eq(families.schoolId, survey.schoolId),
        eq(visits.schoolYear, survey.schoolYear),
        eq(visits.status, "completed"),
        eq(families.active, true),
        sql`not exists (select 1 from ${surveyRecipients} r where r.survey_id = ${survey.id} and r.family_id = ${families.id})`,
      ),
    );
  const questions = await questionsOf(deps, survey.id);
  for (const family of audience) {
    const recipientId = derivedId("srr", `${survey.id}:${family.id}`);
    const code = await surveyLinkCode(deps, recipientId);
    const { statements, summary } = await prepareOutbound(deps, {
      familyId: family.id,
      educatorId: null,
      templateKey: "survey_invitation",
      params: { count: questions.length, link: `${deps.config.publicBaseUrl}/s/${code}` },
      idempotencyKey: `survey:${recipientId}:invitation`,
    });
    const bySms = summary.status === "queued" && summary.channel === "sms";
    await db.batch([
      db
        .insert(surveyRecipients)
        .values({
          id: recipientId,
          surveyId: survey.id,
          familyId: family.id,
          linkHash: await surveyLinkHash(code),
          channel: summary.status === "queued" ? summary.channel : null,
          // 0: a text family whose first question is still to be asked (askWaiting, next): in
          // its own batch, so the invitation is the number's first text and carries the welcome.
          smsPosition: bySms ? 0 : null,
          invitedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing(),
      ...statements,
    ] as [Statement, ...Statement[]]);
  }
  return audience.length;
}

/** Text families not asked yet: just invited, or their first question waited for a visit or RSVP answer. */
async function askWaiting(deps: Deps, survey: Survey, now: Date): Promise<number> {
  const { db } = deps;
  const waiting = await db
    .select()
    .from(surveyRecipients)
    .where(
      and(
        eq(surveyRecipients.surveyId, survey.id),
        eq(surveyRecipients.smsPosition, 0),
        isNull(surveyRecipients.completedAt),
      ),
    );
  if (waiting.length === 0) return 0;
  const questions = await questionsOf(deps, survey.id);
  let asked = 0;
  for (const r of waiting) {
    if (!r.familyId || (await otherQuestionPending(db, r.familyId, now))) continue;
    const statements = await askQuestion(deps, {
      familyId: r.familyId,
      recipientId: r.id,
      question: questions[0]!,
      total: questions.length,
    });
    await db.batch([
      db
        .update(surveyRecipients)
        .set({ smsPosition: 1, updatedAt: now })
        .where(and(eq(surveyRecipients.id, r.id), eq(surveyRecipients.smsPosition, 0))),
      ...statements,
    ] as [Statement, ...Statement[]]);
    asked++;
  }
  return asked;
}

/**
 * One reminder to each family that has not finished, a week after the invitation: the link
 * again, and for a text family the question it is on (unless another question is waiting).
 */
async function remind(deps: Deps, survey: Survey, now: Date): Promise<number> {
  const { db } = deps;
  const due = await db
    .select()
    .from(surveyRecipients)
    .where(
      and(
        eq(surveyRecipients.surveyId, survey.id),
        isNotNull(surveyRecipients.familyId),
        isNull(surveyRecipients.completedAt),
        isNull(surveyRecipients.remindedAt),
        lte(surveyRecipients.invitedAt, new Date(now.getTime() - REMINDER_AFTER_MS)),
      ),
    );
  if (due.length === 0) return 0;
  const questions = await questionsOf(deps, survey.id);
  for (const r of due) {
    const familyId = r.familyId!;
    const code = await surveyLinkCode(deps, r.id);
    const { statements } = await prepareOutbound(deps, {
      familyId,
      educatorId: null,
      templateKey: "survey_reminder",
      params: { link: `${deps.config.publicBaseUrl}/s/${code}` },
      idempotencyKey: `survey:${r.id}:reminder`,
    });
    const current = questions.find((q) => q.position === r.smsPosition);
    const again =
      current && !(await otherQuestionPending(db, familyId, now))
        ? await askQuestion(deps, {
            familyId,
            recipientId: r.id,
            question: current,
            total: questions.length,
            purpose: "reminder",
          })
        : [];
    await db.batch([
      db.update(surveyRecipients).set({ remindedAt: now, updatedAt: now }).where(eq(surveyRecipients.id, r.id)),
      ...statements,
      ...again,
    ] as [Statement, ...Statement[]]);
  }
  return due.length;
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
