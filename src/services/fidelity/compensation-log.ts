import { and, asc, eq, gte, isNotNull, lt } from "drizzle-orm";
import { educators, visitEducators, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { DAY_MS, startOfLocalDay } from "../../domain/local-days";
import { instantToWallTime } from "../../domain/local-time";
import { ValidationError } from "../../errors";
import { queueAccessAudit } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

export type CompensationRow = {
  educatorId: string;
  educator: string;
  visitId: string;
  role: string;
  visitedAtLocal: string;
  arrangingMinutes: number | null;
  conductingMinutes: number | null;
  debriefingMinutes: number | null;
  totalMinutes: number | null;
  attested: boolean;
};
export type CompensationTotal = {
  educatorId: string;
  educator: string;
  visits: number;
  totalMinutes: number;
  unlogged: number;
};

/**
 * The stipend sheet for one pay period (local days `from`–`to`, inclusive, in the school's
 * calendar): every completed visit's educators with the minutes each spent arranging,
 * conducting and debriefing (PTHV, HVP: educators are compensated for that time), and each
 * educator's totals. A seat with no time logged is listed (totals count it as `unlogged`),
 * never silently left out of the sheet.
 */
export async function compensationLog(ctx: ServiceContext, input: { schoolId: string; from: string; to: string }) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "export the compensation log");
  const school = await requireSchoolInScope(ctx, input.schoolId);
  const fromDay = Date.parse(`${input.from}T00:00:00Z`) / DAY_MS;
  const toDay = Date.parse(`${input.to}T00:00:00Z`) / DAY_MS;
  if (toDay < fromDay) throw new ValidationError({ to: "is before from" });
  if (toDay - fromDay > 366) throw new ValidationError({ to: "a pay period is at most a year" });
  const start = new Date(startOfLocalDay(fromDay, school.timezone));
  const end = new Date(startOfLocalDay(toDay + 1, school.timezone));
  const list = await ctx.deps.db
    .select({
      educatorId: visitEducators.educatorId,
      educator: educators.name,
      visitId: visits.id,
      role: visitEducators.role,
      startsAt: visits.startsAt,
      arrangingMinutes: visitEducators.arrangingMinutes,
      conductingMinutes: visitEducators.conductingMinutes,
      debriefingMinutes: visitEducators.debriefingMinutes,
      totalMinutes: visitEducators.minutesSpent,
      attestedAt: visitEducators.attestedAt,
    })
    .from(visitEducators)
    .innerJoin(visits, eq(visits.id, visitEducators.visitId))
    .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
    .where(
      and(
        eq(visits.schoolId, school.id),
        eq(visits.status, "completed"),
        isNotNull(visits.startsAt),
        gte(visits.startsAt, start),
        lt(visits.startsAt, end),
      ),
    )
    .orderBy(asc(educators.name), asc(visits.startsAt), asc(visits.id));
  const rows: CompensationRow[] = list.map((r) => ({
    educatorId: r.educatorId,
    educator: r.educator,
    visitId: r.visitId,
    role: r.role,
    visitedAtLocal: instantToWallTime(r.startsAt!, school.timezone).replace("T", " "),
    arrangingMinutes: r.arrangingMinutes,
    conductingMinutes: r.conductingMinutes,
    debriefingMinutes: r.debriefingMinutes,
    totalMinutes: r.totalMinutes,
    attested: r.attestedAt !== null || r.role === "lead",
  }));
  const totals: CompensationTotal[] = [...Map.groupBy(rows, (r) => r.educatorId).values()].map((mine) => ({
    educatorId: mine[0]!.educatorId,
    educator: mine[0]!.educator,
    visits: mine.length,
    totalMinutes: mine.reduce((sum, r) => sum + (r.totalMinutes ?? 0), 0),
    unlogged: mine.filter((r) => r.totalMinutes === null).length,
  }));
  // Pay data about named staff: every read (page, CSV, API) leaves an access-audit row.
  queueAccessAudit(ctx, {
    action: "export.compensation_log",
    subjectType: "school",
    subjectId: school.id,
    detail: { from: input.from, to: input.to, rows: rows.length },
  });
  return { schoolId: school.id, from: input.from, to: input.to, rows, totals };
}
