import { and, eq, inArray, sql } from "drizzle-orm";
import { auditLog, messages, outbox } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import { auditRow } from "../audit";
import { requireFamilyInScope } from "../queries";

/** What a cancelled message's status says (messages.status_reason; the status is undeliverable). */
export const CANCELLED_REASON = "cancelled before it was sent";

/**
 * A teacher (or their coordinator) cancels a scheduled message before it goes. The message is
 * settled as undeliverable with a reason saying so and its outbox row is done, so the dispatcher
 * never claims it. (A first text's welcome went when it was written: prepareOutbound sends it now.)
 * Only a row still pending can be cancelled: one the dispatcher has claimed is on its way, and
 * the answer is a conflict, never a half-cancelled message. Message and outbox change in one batch.
 */
export async function cancelScheduledMessage(ctx: ServiceContext, input: { messageId: string }) {
  const { db, clock } = ctx.deps;
  const [row] = await db
    .select({ message: messages, outbox })
    .from(messages)
    .innerJoin(outbox, eq(outbox.messageId, messages.id))
    .where(and(eq(messages.id, input.messageId), eq(messages.direction, "out")))
    .limit(1);
  if (!row?.message.familyId) throw new NotFoundError("Message not found");
  await requireFamilyInScope(ctx, row.message.familyId);
  if (
    ctx.actor.type === "educator" &&
    ctx.actor.role === "educator" &&
    row.message.educatorId !== ctx.actor.educatorId
  ) {
    throw new NotFoundError("Message not found");
  }
  const now = clock.now();
  const ids = [row.message.id];
  // Each statement re-checks the row is still pending: the dispatcher may claim it meanwhile.
  const [updated] = await db.batch([
    db
      .update(messages)
      .set({ status: "undeliverable", statusReason: CANCELLED_REASON, updatedAt: now })
      .where(
        and(
          inArray(messages.id, ids),
          eq(messages.status, "queued"),
          sql`exists (select 1 from outbox where outbox.message_id = ${messages.id} and outbox.state = 'pending')`,
        ),
      )
      .returning({ id: messages.id }),
    db
      .update(outbox)
      .set({ state: "done", lastError: CANCELLED_REASON, updatedAt: now })
      .where(
        and(
          inArray(outbox.messageId, ids),
          eq(outbox.state, "pending"),
          sql`exists (select 1 from messages where messages.id = ${outbox.messageId} and messages.status_reason = ${CANCELLED_REASON})`,
        ),
      ),
  ]);
  if (!updated.some((u) => u.id === row.message.id)) {
    throw new ConflictError("This message is already on its way or was cancelled", {
      messageId: "can no longer be cancelled",
    });
  }
  await db.insert(auditLog).values(
    auditRow(ctx.actor, now, {
      action: "message.cancel",
      subjectType: "family",
      subjectId: row.message.familyId,
      detail: { messageId: row.message.id },
    }),
  );
  return { cancelled: 1 };
}
