import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { contacts, visitSlots, visits } from "../../../db/schema";
import { hashLinkCode, randomCode } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import type { SlotReply } from "../../domain/slot-reply";
import { NONE_WORK_REASON } from "../../domain/slot-reply";
import { type OutboundRequest, prepareOutbound } from "../../messaging/enqueue";
import { visitPair } from "../queries";
import { DEFAULT_VISIT_MINUTES, tellPair } from "./tell-pair";

/** Kept on the visit so the family page can ask the pair for new times. */

export type AnswerOutcome = "scheduled" | "none_work" | "declined" | "already_answered";

/** Who answered, when known (a text or an email from one guardian's own address). */
export type Answerer = { contactId: string };

/**
 * The family answered an invitation — by text, email reply or on /f/:token. Only an
 * `invited` visit can be answered, and the status change is conditional on that, so two
 * answers at once (a text and a tap) settle it once. A chosen time schedules the visit and
 * confirms it to the family (their language and channel; email carries an .ics) and to both
 * educators; "none work" asks the pair for new times; a decline closes the round with one
 * kind acknowledgement.
 *
 * An answer settles the visit for the whole household, whichever guardian the invitation went
 * to. When we know who answered, the confirmation goes to them (their language and channel) and
 * every other guardian is told the same on their own channel, so a father who texted "2" to
 * his wife's invitation sees his answer was taken and the mother is not left wondering.
 */
export async function answerVisit(
  ctx: SystemContext,
  visitId: string,
  answer: SlotReply,
  answerer?: Answerer,
): Promise<AnswerOutcome> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [visit] = await db.select().from(visits).where(eq(visits.id, visitId));
  if (visit?.status !== "invited") return "already_answered";
  const lead = (await visitPair(db, visitId)).find((s) => s.role === "lead");

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
    // The confirmation's "add to calendar" link (/c/…) gets a code of its own: the family's /f/
    // code is stored only hashed, so it cannot be written into a text after the fact.
    const calendarCode = randomCode();
    const changed = await db
      .update(visits)
      .set({
        calendarCode: await hashLinkCode(calendarCode),
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
    statements.push(
      ...(await toHousehold(ctx, answerer, {
        familyId: visit.familyId,
        educatorId: lead?.educatorId ?? null,
        templateKey: "visit_confirmation",
        // The calendar link expires with the visit's link (services/calendar/calendar-file.ts).
        params: { time: slot.startsAt.toISOString(), link: `${ctx.deps.config.publicBaseUrl}/c/${calendarCode}` },
        visitId,
        idempotencyKey: `visit:${visitId}:confirmation:${slot.id}`,
      })),
    );
    outcome = "scheduled";
  } else {
    const changed = await db
      .update(visits)
      .set({ status: "declined", statusReason: "the family declined", updatedAt: now })
      .where(and(eq(visits.id, visitId), eq(visits.status, "invited")))
      .returning({ id: visits.id });
    if (changed.length === 0) return "already_answered";
    statements.push(
      ...(await toHousehold(ctx, answerer, {
        familyId: visit.familyId,
        educatorId: lead?.educatorId ?? null,
        templateKey: "visit_decline_ack",
        params: {},
        visitId,
        idempotencyKey: `visit:${visitId}:declined`,
      })),
    );
    outcome = "declined";
  }
  if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  if (outcome === "scheduled")
    await tellPair(ctx, visitId, "the family chose a time: the visit is scheduled", "attach-ics");
  if (outcome === "declined") await tellPair(ctx, visitId, "the family declined the visit this round", null);
  return outcome;
}

/**
 * The rows that tell the household: with no known answerer, the family's usual recipient (as
 * before); else the answerer first, then each other active guardian who can be reached — one
 * who cannot (opted out, no address) is skipped rather than given an undeliverable row, since
 * the answerer already has the message.
 */
async function toHousehold(
  ctx: SystemContext,
  answerer: Answerer | undefined,
  request: OutboundRequest & { idempotencyKey: string },
): Promise<BatchItem<"sqlite">[]> {
  if (!answerer) return (await prepareOutbound(ctx.deps, request)).statements;
  const own = await prepareOutbound(ctx.deps, { ...request, contactId: answerer.contactId });
  const statements = [...own.statements];
  const household = await ctx.deps.db
    .select({ id: contacts.id, phone: contacts.phone })
    .from(contacts)
    .where(and(eq(contacts.familyId, request.familyId), eq(contacts.active, true)))
    .orderBy(asc(contacts.id));
  const answererPhone = household.find((c) => c.id === answerer.contactId)?.phone ?? null;
  // Two guardians sharing the answerer's phone already have it on that phone.
  const others = household.filter((c) => c.id !== answerer.contactId && (!c.phone || c.phone !== answererPhone));
  for (const other of others) {
    const told = await prepareOutbound(ctx.deps, {
      ...request,
      contactId: other.id,
      idempotencyKey: `${request.idempotencyKey}:${other.id}`,
    });
    if (told.summary.status === "queued") statements.push(...told.statements);
  }
  return statements;
}
