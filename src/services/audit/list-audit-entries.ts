import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { auditLog, educators, families, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ValidationError } from "../../errors";
import { requireRole } from "../auth";

export type AuditFilter = {
  actorId?: string | undefined;
  familyId?: string | undefined;
  /** An exact action (`family.delete`) or a family of them (`export.` matches every export). */
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

export type AuditEntryView = {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The family's name when the subject is a family ("Deleted family" after a deletion). */
  subjectName: string | null;
  detail: Record<string, unknown> | null;
};

export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit reader: who viewed, exported or changed what, newest first, for district admins.
 * Pages by keyset on (created_at, id) — `?after=` is the last row's cursor — so page 40 costs
 * what page 1 does. The district sees rows by its own staff and rows about its families and
 * schools (the admin token and jobs act on those too).
 */
export async function listAuditEntries(
  ctx: ServiceContext,
  filter: AuditFilter,
  page: { after?: string | undefined; limit?: number } = {},
): Promise<{ entries: AuditEntryView[]; next: string | null }> {
  requireRole(ctx.actor, ["district_admin"], "read the audit log");
  const limit = page.limit ?? AUDIT_PAGE_SIZE;
  const where = [auditWhere(ctx, filter)];
  if (page.after) where.push(afterCursor(page.after));
  const rows = await ctx.deps.db
    .select({
      id: auditLog.id,
      at: auditLog.createdAt,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      actorName: educators.name,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      subjectName: families.displayName,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(educators, eq(educators.id, auditLog.actorId))
    .leftJoin(families, and(eq(auditLog.subjectType, "family"), eq(families.id, auditLog.subjectId)))
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, next: rows.length > limit && last ? `${last.at.getTime()}.${last.id}` : null };
}

/** Every matching entry, page by page (the CSV): constant memory however long the log. */
export async function* allAuditEntries(ctx: ServiceContext, filter: AuditFilter): AsyncGenerator<AuditEntryView> {
  let after: string | undefined;
  for (;;) {
    const { entries, next } = await listAuditEntries(ctx, filter, { after, limit: 500 });
    yield* entries;
    if (!next) return;
    after = next;
  }
}

function afterCursor(cursor: string): SQL {
  const m = /^(\d+)\.(aud_[0-9A-Za-z]+)$/.exec(cursor);
  if (!m) throw new ValidationError({ after: "Not a cursor from this page" });
  const at = new Date(Number(m[1]));
  return or(lt(auditLog.createdAt, at), and(eq(auditLog.createdAt, at), lt(auditLog.id, m[2]!))) as SQL;
}

function auditWhere(ctx: ServiceContext, filter: AuditFilter): SQL {
  const { actor } = ctx;
  const districtId = actor.districtId;
  const districtSchools = ctx.deps.db
    .select({ id: schools.id })
    .from(schools)
    .where(districtId === null ? sql`0` : eq(schools.districtId, districtId));
  const parts: SQL[] = [
    or(
      inArray(
        auditLog.actorId,
        ctx.deps.db.select({ id: educators.id }).from(educators).where(inArray(educators.schoolId, districtSchools)),
      ),
      and(
        eq(auditLog.subjectType, "family"),
        inArray(
          auditLog.subjectId,
          ctx.deps.db.select({ id: families.id }).from(families).where(inArray(families.schoolId, districtSchools)),
        ),
      ),
      and(eq(auditLog.subjectType, "school"), inArray(auditLog.subjectId, districtSchools)),
    ) as SQL,
  ];
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new ValidationError({ to: "The end of the range must be after its start" });
  }
  if (filter.actorId) parts.push(eq(auditLog.actorId, filter.actorId));
  if (filter.familyId)
    parts.push(and(eq(auditLog.subjectType, "family"), eq(auditLog.subjectId, filter.familyId)) as SQL);
  if (filter.action) {
    parts.push(
      filter.action.endsWith(".")
        ? sql`substr(${auditLog.action}, 1, ${filter.action.length}) = ${filter.action}`
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.from) parts.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) parts.push(lt(auditLog.createdAt, filter.to));
  return and(...parts) as SQL;
}
