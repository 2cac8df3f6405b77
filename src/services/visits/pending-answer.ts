import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { visitSlots, visits } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { parseSlotReply } from "../../domain/slot-reply";
import { interpretAsRsvp } from "../events";
import { type Answerer, type AnswerOutcome, answerVisit } from "./answer-visit";

/**
 * "1", "2", "0" or "no thanks" mean something only while the family has an open question —
 * a visit invitation waiting for an answer (it comes first), else an event invitation waiting
 * for its RSVP. Otherwise the text is an ordinary message.
 *
 * `answerer`: the guardian who wrote, when known — they get the confirmation (the rest of the
 * household is told too); with `replyKey` (a text's provider id) an RSVP is acknowledged to
 * them by text.
 */
export async function interpretAsVisitAnswer(
  ctx: SystemContext,
  familyId: string,
  body: string,
  answerer?: Answerer & { replyKey?: string },
): Promise<AnswerOutcome | "rsvp" | null> {
  const pending = await pendingInvitation(ctx.deps.db, familyId);
  // No visit question open: an event invitation may be waiting for its RSVP.
  if (!pending) {
    const ack = answerer?.replyKey ? { contactId: answerer.contactId, replyKey: answerer.replyKey } : undefined;
    return (await interpretAsRsvp(ctx, familyId, body, ack)) ? "rsvp" : null;
  }
  const reply = parseSlotReply(body, pending.slotCount);
  if (!reply) return null;
  return answerVisit(ctx, pending.visitId, reply, answerer ? { contactId: answerer.contactId } : undefined);
}

async function pendingInvitation(db: Db, familyId: string) {
  const [visit] = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.familyId, familyId), eq(visits.status, "invited")))
    .orderBy(desc(visits.createdAt))
    .limit(1);
  if (!visit) return null;
  const [slots] = await db.select({ n: count() }).from(visitSlots).where(eq(visitSlots.visitId, visit.id));
  return { visitId: visit.id, slotCount: slots?.n ?? 0 };
}
