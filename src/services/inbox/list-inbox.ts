import { and, desc, eq, exists, inArray, isNull, max, or, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { educators, families, messages, messageTranslations } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { familyScope } from "../queries";
import { staffText, translationsOf } from "../translation";

/**
 * Threads in the actor's scope, the family's own latest words first: ordered by the family's
 * last message (a school-wide broadcast does not bury a reply), each line the family's latest
 * message in the staff language (its translation), or — where the family has not written — the
 * latest outbound one with who sent it.
 *
 * `unreadOnly`: only threads with a family message nobody has read. `q`: threads whose family
 * name, or any message in either direction (or its staff-language translation), contains the
 * words — case-insensitive for Latin letters (SQLite's LIKE).
 */
export type InboxFilter = { limit?: number; unreadOnly?: boolean; q?: string };

export async function listInbox(ctx: ServiceContext, filter: InboxFilter = {}) {
  const { db, clock } = ctx.deps;
  const limit = filter.limit ?? 100;
  const unreadSum = sql<number>`sum(case when ${messages.direction} = 'in' and ${messages.readAt} is null then 1 else 0 end)`;
  const q = filter.q?.trim().slice(0, 100) ?? "";
  // LIKE's own wildcards in what was typed are matched literally.
  const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const likes = (column: SQLWrapper) => sql`${column} like ${pattern} escape '\\'`;
  const searched = alias(messages, "searched");
  const matches = q
    ? or(
        likes(families.displayName),
        exists(
          db
            .select({ one: sql`1` })
            .from(searched)
            .leftJoin(messageTranslations, eq(messageTranslations.messageId, searched.id))
            .where(and(eq(searched.familyId, families.id), or(likes(searched.body), likes(messageTranslations.text)))),
        ),
      )
    : undefined;
  const lastFromFamily = max(sql`case when ${messages.direction} = 'in' then ${messages.occurredAt} end`);
  const threads = await db
    .select({
      familyId: families.id,
      displayName: families.displayName,
      language: families.language,
      lastAt: max(messages.occurredAt),
      lastFromFamilyAt: lastFromFamily,
      unread: unreadSum,
    })
    .from(messages)
    .innerJoin(families, eq(families.id, messages.familyId))
    .where(and(familyScope(ctx.actor, clock.now()), matches))
    .groupBy(families.id)
    .having(filter.unreadOnly ? sql`${unreadSum} > 0` : undefined)
    .orderBy(desc(sql`coalesce(${lastFromFamily}, ${max(messages.occurredAt)})`))
    .limit(limit);
  if (threads.length === 0) return [];
  const familyIds = threads.map((t) => t.familyId);
  // One latest message per family and direction, picked in SQL rather than reading every message.
  const latest = await db
    .select({
      id: messages.id,
      familyId: messages.familyId,
      body: messages.body,
      direction: messages.direction,
      kind: messages.kind,
      occurredAt: messages.occurredAt,
      sender: educators.name,
    })
    .from(messages)
    .leftJoin(educators, eq(educators.id, messages.educatorId))
    .where(
      inArray(
        messages.id,
        sql`(select id from (
          select ${messages.id} as id, row_number() over (
            partition by ${messages.familyId}, ${messages.direction}
            order by ${messages.occurredAt} desc, ${messages.id} desc) as n
          from ${messages} where ${inArray(messages.familyId, familyIds)}) where n = 1)`,
      ),
    );
  const translations = await translationsOf(
    db,
    latest.map((m) => m.id),
  );
  const me = ctx.actor.type === "educator" ? ctx.actor.name : null;
  return threads.map((t) => {
    const mine = latest.filter((m) => m.familyId === t.familyId);
    const line = mine.find((m) => m.direction === "in") ?? mine.find((m) => m.direction === "out");
    return {
      familyId: t.familyId,
      displayName: t.displayName,
      language: t.language,
      unread: Number(t.unread),
      lastAt: (line?.occurredAt ?? t.lastAt) as Date | null,
      lastBody: line ? staffText(line.body, translations.get(line.id)) : "",
      lastDirection: line?.direction ?? "out",
      /** Who wrote an outbound line: "You" only when it was the reader; the school for a system text. */
      lastSender: line?.direction === "out" ? (line.sender === me ? null : (line.sender ?? "school")) : null,
      lastKind: line?.kind ?? null,
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
