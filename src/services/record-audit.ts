import { auditLog } from "../../db/schema";
import type { Actor, ServiceContext } from "../context";
import { newId } from "../domain/ids";

export type AuditEntry = {
  action: string;
  subjectType?: string;
  subjectId?: string;
  detail?: Record<string, unknown>;
};

/** Builds the audit row; callers add it to their own batch, or insert it alone. */
export function auditRow(actor: Actor, now: Date, entry: AuditEntry) {
  return {
    id: newId("aud", now.getTime()),
    actorType: actor.type,
    actorId: actor.type === "educator" ? actor.educatorId : null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    detail: entry.detail ?? null,
    createdAt: now,
  };
}

export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await ctx.deps.db.insert(auditLog).values(auditRow(ctx.actor, ctx.deps.clock.now(), entry));
}
