import { auditLog } from "../../../db/schema";
import type { Actor, ServiceContext } from "../../context";
import { newId } from "../../domain/ids";

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

/** For writes: the audit row is written now (better still, in the write's own batch: `auditRow`). */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await ctx.deps.db.insert(auditLog).values(auditRow(ctx.actor, ctx.deps.clock.now(), entry));
}

/**
 * For reads ("who looked at what"): the row is written after the response (src/audit-buffer.ts),
 * so a read never waits for — or fails on — the write lock. Throws DatabaseBusyError (503) only
 * when the backlog is full: a read is refused rather than served unaudited.
 */
export function queueAccessAudit(ctx: ServiceContext, entry: AuditEntry): void {
  ctx.deps.audits.add(auditRow(ctx.actor, ctx.deps.clock.now(), entry));
}
