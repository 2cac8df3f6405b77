import { and, asc, eq, gt, sql } from "drizzle-orm";
import { educators, families, messages, outbox } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { familyScope } from "../queries";

export type ScheduledMessage = {
  id: string;
  familyId: string;
  familyName: string;
  educatorId: string | null;
  educatorName: string | null;
  channel: string;
  language: string;
  body: string;
  /** When it goes (a text due in quiet hours: when they end). */
  sendsAt: Date;
};

/**
 * Messages a teacher scheduled that have not gone yet, soonest first: for one family (the
 * family page) or for every family the actor sees (the coordinator's dashboard). A scheduled
 * message is the one whose outbox row joins the queue later than the message was written
 * (prepareOutbound sets outbox.created_at to the chosen time); it is waiting while the row is
 * pending and the message still queued.
 */
export async function listScheduledMessages(
  ctx: ServiceContext,
  input: { familyId?: string; limit?: number } = {},
): Promise<ScheduledMessage[]> {
  const { db, clock } = ctx.deps;
  const rows = await db
    .select({
      id: messages.id,
      familyId: families.id,
      familyName: families.displayName,
      educatorId: messages.educatorId,
      educatorName: educators.name,
      channel: messages.channel,
      language: messages.language,
      body: messages.body,
      sendsAt: outbox.nextAttemptAt,
    })
    .from(outbox)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .innerJoin(families, eq(families.id, messages.familyId))
    .leftJoin(educators, eq(educators.id, messages.educatorId))
    .where(
      and(
        eq(outbox.state, "pending"),
        eq(messages.status, "queued"),
        gt(outbox.createdAt, messages.createdAt),
        sql`${messages.templateKey} is not 'welcome'`,
        input.familyId ? eq(families.id, input.familyId) : undefined,
        familyScope(ctx.actor, clock.now()),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(input.limit ?? 100);
  return rows;
}
