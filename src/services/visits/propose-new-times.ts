import { eq } from "drizzle-orm";
import { auditLog, visitEducators, visitSlots, visits } from "../../../db/schema";
import { hashLinkCode, randomCode } from "../../auth/tokens";
import type { ServiceContext } from "../../context";
import { AppError, ConflictError } from "../../errors";
import { prepareOutbound } from "../../messaging/enqueue";
import type { Visit } from "../../schemas/visits";
import { auditRow } from "../audit";
import { requireVisitInScope, visitPair } from "../queries";
import { visitView } from "./load-visit";
import { linkExpiry, requireProposedTimes, slotRows } from "./proposed-times";

/**
 * The family said none of the times work ("0", or on the link page) — or the pair must move a
 * scheduled visit: the pair proposes 1–3 new ones. The visit stays `invited`; its slots are replaced (so "1" now means the first new
 * time — the family's latest message lists exactly these), the link is extended to the new
 * last time, and the invitation goes out again in the family's language and channel. One
 * batch: the family never sees times the database does not hold.
 */
export async function proposeNewTimes(ctx: ServiceContext, visitId: string, slots: string[]): Promise<Visit> {
  const { db, clock, config } = ctx.deps;
  const now = clock.now();
  const { visit, school } = await requireVisitInScope(ctx, visitId);
  if (visit.status !== "invited" && visit.status !== "scheduled") {
    throw new ConflictError(`This visit is ${visit.status}; new times can be proposed only before it happens`, {
      visit: `is ${visit.status}`,
    });
  }
  // Rescheduling a set visit: the family is told the time changes (visit_reschedule, with the
  // link that lists the new times), the visit waits for their pick again, and an HVP partner
  // confirms the new time afresh.
  const rescheduling = visit.status === "scheduled";
  const pair = await visitPair(db, visitId);
  const { actor } = ctx;
  if (actor.type === "educator" && actor.role === "educator" && !pair.some((p) => p.educatorId === actor.educatorId)) {
    throw new AppError("forbidden", "Only the visiting pair proposes times");
  }
  // New times stay in the visit's own school year (its round is counted there).
  const times = requireProposedTimes(slots, now, { schoolYear: visit.schoolYear, timeZone: school.timezone });
  const lead = pair.find((p) => p.role === "lead") ?? pair[0]!;
  // A fresh code: only its hash is stored, so the old one cannot be put in a new text. The
  // family's older link stops working with the times it offered.
  const linkCode = randomCode();
  const { statements } = await prepareOutbound(ctx.deps, {
    familyId: visit.familyId,
    educatorId: lead.educatorId,
    ...(rescheduling
      ? { templateKey: "visit_reschedule" as const, params: { link: `${config.publicBaseUrl}/f/${linkCode}` } }
      : {
          templateKey: "visit_invitation" as const,
          params: { times: slots, link: `${config.publicBaseUrl}/f/${linkCode}` },
        }),
    visitId,
  });
  await db.batch([
    db.delete(visitSlots).where(eq(visitSlots.visitId, visitId)),
    db.insert(visitSlots).values(slotRows(visitId, times, now)),
    db
      .update(visits)
      .set({
        status: "invited",
        startsAt: null,
        durationMinutes: null,
        statusReason: rescheduling ? "rescheduled by the educators" : null,
        linkCode: await hashLinkCode(linkCode),
        linkExpiresAt: linkExpiry(times),
        updatedAt: now,
      })
      .where(eq(visits.id, visitId)),
    db.update(visitEducators).set({ confirmedAt: null }).where(eq(visitEducators.visitId, visitId)),
    ...statements,
    db.insert(auditLog).values(
      auditRow(actor, now, {
        action: rescheduling ? "visit.reschedule" : "visit.new_times",
        subjectType: "visit",
        subjectId: visitId,
        detail: { slots: slots.length },
      }),
    ),
  ]);
  return visitView(db, visitId, actor);
}
