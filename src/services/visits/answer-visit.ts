import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { educators, families, schools, visitEducators, visitSlots, visits } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { visitIcs } from "../../domain/ics";
import type { SlotReply } from "../../domain/slot-reply";
import { prepareOutbound } from "../../messaging/enqueue";
import { formatVisitTime } from "../../messaging/templates/format";

export type AnswerOutcome = "scheduled" | "none_work" | "declined" | "already_answered";
const DEFAULT_VISIT_MINUTES = 45;

/**
 * The family answered an invitation — by text, email reply or on /f/:token. Only an
 * `invited` visit can be answered, and the status change is conditional on that, so two
 * answers at once (a text and a tap) settle it once. A chosen time schedules the visit and
 * confirms it to the family (their language and channel; email carries an .ics) and to both
 * educators; "none work" asks the pair for new times; a decline closes the round with one
 * kind acknowledgement.
 */
export async function answerVisit(ctx: SystemContext, visitId: string, answer: SlotReply): Promise<AnswerOutcome> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [visit] = await db.select().from(visits).where(eq(visits.id, visitId));
  if (visit?.status !== "invited") return "already_answered";
  const [lead] = await db
    .select({ id: visitEducators.educatorId })
    .from(visitEducators)
    .where(and(eq(visitEducators.visitId, visitId), eq(visitEducators.role, "lead")));

  if (answer.kind === "none_work") {
    await db
      .update(visits)
      .set({ statusReason: "the family says none of the proposed times work", updatedAt: now })
      .where(eq(visits.id, visitId));
    await tellPair(ctx, visitId, "none of the proposed times work — please propose new ones", null);
    return "none_work";
  }

  const statements: BatchItem<"sqlite">[] = [];
  let outcome: AnswerOutcome;
  if (answer.kind === "slot") {
    const slots = await db
      .select()
      .from(visitSlots)
      .where(eq(visitSlots.visitId, visitId))
      .orderBy(asc(visitSlots.position));
    const slot = slots.find((s) => s.position === answer.position);
    if (!slot) return "already_answered";
    const changed = await db
      .update(visits)
      .set({
        status: "scheduled",
        startsAt: slot.startsAt,
        durationMinutes: DEFAULT_VISIT_MINUTES,
        statusReason: null,
        updatedAt: now,
      })
      .where(and(eq(visits.id, visitId), eq(visits.status, "invited")))
      .returning({ id: visits.id });
    if (changed.length === 0) return "already_answered";
    statements.push(db.update(visitSlots).set({ chosenAt: now, updatedAt: now }).where(eq(visitSlots.id, slot.id)));
    const confirmation = await prepareOutbound(ctx.deps, {
      familyId: visit.familyId,
      educatorId: lead?.id ?? null,
      templateKey: "visit_confirmation",
      params: { time: slot.startsAt.toISOString() },
      visitId,
      idempotencyKey: `visit:${visitId}:confirmation:${slot.id}`,
    });
    statements.push(...confirmation.statements);
    outcome = "scheduled";
  } else {
    const changed = await db
      .update(visits)
      .set({ status: "declined", statusReason: "the family declined", updatedAt: now })
      .where(and(eq(visits.id, visitId), eq(visits.status, "invited")))
      .returning({ id: visits.id });
    if (changed.length === 0) return "already_answered";
    const ack = await prepareOutbound(ctx.deps, {
      familyId: visit.familyId,
      educatorId: lead?.id ?? null,
      templateKey: "visit_decline_ack",
      params: {},
      visitId,
      idempotencyKey: `visit:${visitId}:declined`,
    });
    statements.push(...ack.statements);
    outcome = "declined";
  }
  if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  if (outcome === "scheduled")
    await tellPair(ctx, visitId, "the family chose a time: the visit is scheduled", "attach-ics");
  if (outcome === "declined") await tellPair(ctx, visitId, "the family declined the visit this round", null);
  return outcome;
}

/**
 * Emails both educators (best effort: they also see it in Doorstep). A scheduled visit comes
 * with an .ics in the school's time zone wording.
 */
async function tellPair(ctx: SystemContext, visitId: string, what: string, ics: "attach-ics" | null) {
  const { db, email, config, clock, log } = ctx.deps;
  const [row] = await db
    .select({ visit: visits, family: families, school: schools })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(eq(visits.id, visitId));
  if (!row) return;
  const pair = await db
    .select({ name: educators.name, email: educators.email })
    .from(visitEducators)
    .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
    .where(eq(visitEducators.visitId, visitId));
  const when = row.visit.startsAt ? formatVisitTime(row.visit.startsAt, "en", row.school.timezone) : "";
  const attachment =
    ics && row.visit.startsAt
      ? {
          filename: "home-visit.ics",
          type: "text/calendar",
          content: btoa(
            String.fromCharCode(
              ...new TextEncoder().encode(
                visitIcs({
                  uid: visitId,
                  start: row.visit.startsAt,
                  durationMinutes: row.visit.durationMinutes ?? DEFAULT_VISIT_MINUTES,
                  summary: `Home visit: ${row.family.displayName}`,
                  description: `${row.school.name} home visit with ${pair.map((p) => p.name).join(" & ")}. ${config.publicBaseUrl}/families/${row.family.id}`,
                  location:
                    row.visit.location === "home" ? "The family's home" : "A neutral place agreed with the family",
                  now: clock.now(),
                }),
              ),
            ),
          ),
        }
      : null;
  for (const educator of pair) {
    try {
      await email.send({
        to: educator.email,
        subject: `Doorstep: ${row.family.displayName} — ${what.split(":")[0]}`,
        text: `Hello ${educator.name},\n\n${row.family.displayName}: ${what}.${when ? `\nWhen: ${when}` : ""}\n\n${config.publicBaseUrl}/families/${row.family.id}`,
        customArgs: { visitId },
        categories: ["visit_update"],
        ...(attachment ? { attachments: [attachment] } : {}),
      });
    } catch (error) {
      log("warn", "could not email an educator about a visit", { visitId, error: (error as Error).message });
    }
  }
}
