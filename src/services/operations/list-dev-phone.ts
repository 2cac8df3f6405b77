import { and, asc, eq, isNotNull, like, or } from "drizzle-orm";
import { families, messages } from "../../../db/schema";
import type { SystemContext } from "../../context";

/** Development only: every text the console provider "sent", grouped by phone number. */
export async function listDevPhone(ctx: SystemContext) {
  const rows = await ctx.deps.db
    .select({
      address: messages.address,
      familyName: families.displayName,
      body: messages.body,
      status: messages.status,
      direction: messages.direction,
      language: messages.language,
      occurredAt: messages.occurredAt,
    })
    .from(messages)
    .leftJoin(families, eq(families.id, messages.familyId))
    // What the console provider sent, and what families "texted back" from this page.
    .where(
      and(
        eq(messages.channel, "sms"),
        isNotNull(messages.address),
        or(eq(messages.provider, "console"), like(messages.providerMessageId, "SMdev%")),
      ),
    )
    .orderBy(asc(messages.address), asc(messages.occurredAt));
  const threads = new Map<string, { address: string; familyName: string | null; messages: typeof rows }>();
  for (const row of rows) {
    const thread = threads.get(row.address!) ?? { address: row.address!, familyName: row.familyName, messages: [] };
    thread.messages.push(row);
    threads.set(row.address!, thread);
  }
  return [...threads.values()].sort(
    (a, b) => (b.messages.at(-1)?.occurredAt.getTime() ?? 0) - (a.messages.at(-1)?.occurredAt.getTime() ?? 0),
  );
}
