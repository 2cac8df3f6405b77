import { and, eq, isNull } from "drizzle-orm";
import { messages } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireFamilyInScope } from "../queries";

/** "I've read this": every unread message from the family is marked read now. */
export async function markThreadRead(ctx: ServiceContext, familyId: string): Promise<number> {
  await requireFamilyInScope(ctx, familyId);
  const now = ctx.deps.clock.now();
  const updated = await ctx.deps.db
    .update(messages)
    .set({ readAt: now, updatedAt: now })
    .where(and(eq(messages.familyId, familyId), eq(messages.direction, "in"), isNull(messages.readAt)))
    .returning({ id: messages.id });
  return updated.length;
}
