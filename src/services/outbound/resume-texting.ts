import { and, eq, isNull } from "drizzle-orm";
import { senderPauses } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { recordAudit } from "../audit";
import { requireRole } from "../auth";

/** After fixing what Twilio flagged (registration, content), a district admin resumes texting. */
export async function resumeTexting(ctx: ServiceContext, pauseId: string): Promise<void> {
  requireRole(ctx.actor, ["district_admin"], "resume texting");
  const now = ctx.deps.clock.now();
  const resumed = await ctx.deps.db
    .update(senderPauses)
    .set({ resumedAt: now, resumedByEducatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null })
    .where(and(eq(senderPauses.id, pauseId), isNull(senderPauses.resumedAt)))
    .returning({ id: senderPauses.id });
  if (resumed.length === 0) throw new NotFoundError("No such paused sender");
  await recordAudit(ctx, { action: "sender.resume", subjectType: "sender_pause", subjectId: pauseId });
}
