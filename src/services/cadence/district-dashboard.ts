import type { ServiceContext } from "../../context";
import { DAY_MS, startOfLocalDay } from "../../domain/local-days";
import { PROGRAM_MODELS } from "../../domain/program-models";
import { requireRole } from "../auth";
import { readAll, readTogether } from "../queries";
import { listSchools } from "../schools";
import { cadenceBasis } from "./cadence-sql";
import { combineSummaries, type SchoolCadence, summarizeCadence, withTouchGaps } from "./cadence-summary";
import { emptyProgram, type ProgramKpis, programKpis, schoolKpis } from "./program-kpis";
import { type RangeTouches, touchesInRanges } from "./rollup-counts";

/** Weeks in the district's trend chart (as on a school's dashboard). */
const TREND_WEEKS = 12;

/**
 * The district admin's view: every school's program KPIs side by side, and district totals
 * recomputed from the schools' counts (not averaged from their percentages, so a large school
 * weighs as much as its families; the median from the merged gap histograms). The same
 * statements as one school's dashboard, once per time zone for all its schools at once, and
 * all zones in the same two batches; each school's touches per week (the trend) in the second.
 */
export async function districtDashboard(ctx: ServiceContext) {
  requireRole(ctx.actor, ["district_admin"], "see the district dashboard");
  const schools = await listSchools(ctx);
  const now = ctx.deps.clock.now();
  const zones = [...new Set(schools.map((s) => s.timezone))];
  const scopes = zones.map((timeZone) => ({ timeZone, now }));
  // Two batches for the whole district (read-together.ts): each zone's clock and counters,
  // then each zone's summaries and program KPIs.
  const bases = await readTogether(ctx.deps.db, scopes.map(cadenceBasis));
  // Each school's touches per local week (the trend chart) ride in the same batch: from the
  // day counters (touch_days), one or two statements a school, as on a school's dashboard.
  const weekStarts = new Map<string, number>();
  const zoneParts = await readTogether(
    ctx.deps.db,
    scopes.map((scope, z) => {
      const firstDay = bases[z]!.clock.today - TREND_WEEKS * 7 + 1;
      weekStarts.set(scope.timeZone, firstDay);
      const bounds = Array.from({ length: TREND_WEEKS + 1 }, (_, i) =>
        startOfLocalDay(firstDay + i * 7, scope.timeZone),
      );
      const inZone = schools.filter((s) => s.timezone === scope.timeZone);
      return readAll(
        [
          summarizeCadence(scope, bases[z]!),
          programKpis(scope, bases[z]!.counters),
          readAll(
            inZone.map((school) => touchesInRanges({ ...scope, schoolId: school.id }, bounds)),
            (perSchool) => new Map(inZone.map((school, i) => [school.id, perSchool[i]!])),
          ),
        ],
        (all) => all,
      );
    }),
  );
  const summaries = new Map<string, SchoolCadence>();
  const programs = new Map<string, ProgramKpis>();
  const touches = new Map<string, RangeTouches[]>();
  for (const [z, [zoneSummaries, zonePrograms, zoneTouches]] of zoneParts.entries()) {
    for (const [id, s] of await withTouchGaps(ctx.deps.db, scopes[z]!, zoneSummaries)) summaries.set(id, s);
    for (const [id, p] of zonePrograms) programs.set(id, p);
    for (const [id, w] of zoneTouches) touches.set(id, w);
  }

  const perSchool = schools.map((school) => {
    const summary = summaries.get(school.id) ?? combineSummaries([]);
    const program = programs.get(school.id) ?? emptyProgram();
    const model = PROGRAM_MODELS[school.programModel];
    return {
      id: school.id,
      name: school.name,
      model: model.name,
      timezone: school.timezone,
      families: summary.families,
      /** Touches per week (oldest first) and the share families sent; null share: no touches. */
      trend: (touches.get(school.id) ?? []).map((w, i) => ({
        weekStart: new Date((weekStarts.get(school.timezone)! + i * 7) * DAY_MS).toISOString().slice(0, 10),
        touches: w.touches,
        familyShare: w.touches ? w.family / w.touches : null,
      })),
      summary,
      program,
      kpis: schoolKpis(summary, program, model),
    };
  });
  const all = combineSummaries(perSchool.map((s) => s.summary));
  const sum = (pick: (s: (typeof perSchool)[number]) => number) => perSchool.reduce((n, s) => n + pick(s), 0);
  const withPlan = all.families - all.noPlan;
  return {
    schools: perSchool.map(({ summary: _s, program: _p, ...school }) => school),
    totals: {
      schools: perSchool.length,
      families: all.families,
      householdsVisited: sum((s) => s.program.householdsVisited),
      onTrackShare: withPlan === 0 ? null : (all.onTrack + all.dueSoon) / withPlan,
      overdue: all.overdue,
      familyInitiatedShare: all.familyInitiatedShare,
      medianDaysBetweenTouches: all.medianDaysBetweenTouches,
      optedOutFamilies: sum((s) => s.program.optedOut),
      unreachableFamilies: sum((s) => s.program.unreachable),
    },
  };
}
