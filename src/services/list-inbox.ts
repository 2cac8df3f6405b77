import { and, desc, eq, inArray, isNull, max, sql } from "drizzle-orm";
import { families, messages } from "../../db/schema";
import type { ServiceContext } from "../context";
import { familyScope } from "./scope";

/** Threads in the actor's scope, most recent first, with unread counts and the last words. */
export async function listInbox(ctx: ServiceContext, limit = 100) {
  const { db, clock } = ctx.deps;
  const threads = await db
    .select({
      familyId: families.id,
      displayName: families.displayName,
      language: families.language,
      lastAt: max(messages.occurredAt),
      unread: sql<number>`sum(case when ${messages.direction} = 'in' and ${messages.readAt} is null then 1 else 0 end)`,
    })
    .from(messages)
    .innerJoin(families, eq(families.id, messages.familyId))
    .where(familyScope(ctx.actor, clock.now()))
    .groupBy(families.id)
    .orderBy(desc(max(messages.occurredAt)))
    .limit(limit);
  if (threads.length === 0) return [];
  const last = await db
    .select({
      familyId: messages.familyId,
      body: messages.body,
      direction: messages.direction,
      occurredAt: messages.occurredAt,
    })
    .from(messages)
    .where(
      inArray(
        messages.familyId,
        threads.map((t) => t.familyId),
      ),
    )
    .orderBy(desc(messages.occurredAt), desc(messages.id));
  return threads.map((t) => {
    const latest = last.find((m) => m.familyId === t.familyId);
    return {
      ...t,
      unread: Number(t.unread),
      lastAt: t.lastAt as Date | null,
      lastBody: latest?.body ?? "",
      lastDirection: latest?.direction ?? "out",
    };
  });
}

/** Inbound messages of a thread not read yet (for the header badge). */
export async function unreadCount(ctx: ServiceContext): Promise<number> {
  const [row] = await ctx.deps.db
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .innerJoin(families, eq(families.id, messages.familyId))
    .where(and(familyScope(ctx.actor, ctx.deps.clock.now()), eq(messages.direction, "in"), isNull(messages.readAt)));
  return Number(row?.n ?? 0);
}
