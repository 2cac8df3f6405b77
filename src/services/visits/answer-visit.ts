import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { visitEducators, visitSlots, visits } from "../../../db/schema";
import type { SystemContext } from "../../context";
import type { SlotReply } from "../../domain/slot-reply";
import { prepareOutbound } from "../../messaging/enqueue";
import { DEFAULT_VISIT_MINUTES, tellPair } from "./tell-pair";

/** Kept on the visit so the family page can ask the pair for new times. */
export const NONE_WORK_REASON = "the family says none of the proposed times work";

export type AnswerOutcome = "scheduled" | "none_work" | "declined" | "already_answered";

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
    await db.update(visits).set({ statusReason: NONE_WORK_REASON, updatedAt: now }).where(eq(visits.id, visitId));
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
      // The calendar link expires with the visit's code (services/calendar-file.ts).
      params: { time: slot.startsAt.toISOString(), link: `${ctx.deps.config.publicBaseUrl}/c/${visit.linkCode}` },
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
