import type { ServiceContext } from "../context";
import { familyInitiatedShare } from "../domain/cadence";
import { schoolDashboard } from "./dashboard";
import { listSchools } from "./list-schools";
import { requireRole } from "./require-role";

/**
 * The district admin's view: every school's program KPIs side by side, and district totals
 * recomputed from the schools' family rows (not averaged from their percentages, so a large
 * school weighs as much as its families). Built from the school dashboards; the rollups that
 * carry 100,000 families are still to come (issue 6).
 */
export async function districtDashboard(ctx: ServiceContext) {
  requireRole(ctx.actor, ["district_admin"], "see the district dashboard");
  const schools = await listSchools(ctx);
  const perSchool = [];
  // One school at a time: each dashboard already runs its queries in parallel, and a district
  // of dozens of schools should not open hundreds of concurrent reads on a single connection.
  for (const school of schools) perSchool.push(await schoolDashboard(ctx, school.id));

  const families = perSchool.flatMap((d) => d.families);
  const withPlan = families.filter((f) => f.status !== "no_plan");
  const onTrack = withPlan.filter((f) => f.status === "on_track" || f.status === "due_soon");
  const share = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    schools: perSchool.map((d) => ({ ...d.school, kpis: d.kpis, families: d.families.length })),
    totals: {
      schools: perSchool.length,
      families: families.length,
      householdsVisited: perSchool.reduce((n, d) => n + d.kpis.householdsVisited, 0),
      onTrackShare: share(onTrack.length, withPlan.length),
      overdue: families.filter((f) => f.status === "overdue").length,
      familyInitiatedShare: familyInitiatedShare(families),
      optedOutFamilies: perSchool.reduce((n, d) => n + d.kpis.optedOutFamilies, 0),
      unreachableFamilies: perSchool.reduce((n, d) => n + d.kpis.unreachableFamilies, 0),
    },
  };
}
