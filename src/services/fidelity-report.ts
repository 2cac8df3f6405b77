import { and, count, eq } from "drizzle-orm";
import { events, visits } from "../../db/schema";
import type { ServiceContext } from "../context";
import { PROGRAM_MODELS, type ProgramModelKey } from "../domain/program-models";
import { schoolYearOf } from "../domain/school-year";
import { schoolDashboard } from "./dashboard";
import { requireSchoolInScope } from "./scope";

export type FidelityLine = { rule: string; target: string; actual: string | null; met: boolean | null };

/** Each of the school's program-model targets beside what actually happened this school year. */
export async function fidelityReport(ctx: ServiceContext, schoolId: string) {
  const school = await requireSchoolInScope(ctx, schoolId);
  const key = school.programModel as ProgramModelKey;
  const model = PROGRAM_MODELS[key];
  const data = await schoolDashboard(ctx, schoolId);
  const year = schoolYearOf(ctx.deps.clock.now(), school.timezone);
  const lines: FidelityLine[] = [];
  const pct = (v: number | null) => (v === null ? null : `${Math.round(v * 100)}%`);

  if (model.thresholds.studentsVisitedShare !== undefined) {
    const actual = data.kpis.studentsVisitedShare;
    lines.push({
      rule: "students visited",
      target: `≥ ${pct(model.thresholds.studentsVisitedShare)}`,
      actual: pct(actual),
      met: actual === null ? null : actual >= model.thresholds.studentsVisitedShare,
    });
  }
  if (model.thresholds.educatorsParticipatingShare !== undefined) {
    const actual = data.kpis.educatorsVisitedShare;
    lines.push({
      rule: "educators who visited",
      target: `≥ ${pct(model.thresholds.educatorsParticipatingShare)}`,
      actual: pct(actual),
      met: actual === null ? null : actual >= model.thresholds.educatorsParticipatingShare,
    });
  }
  for (const required of model.requiredEvents) {
    const [row] = await ctx.deps.db
      .select({ n: count() })
      .from(events)
      .where(and(eq(events.schoolId, schoolId), eq(events.schoolYear, year), eq(events.kind, required.kind)));
    const n = row?.n ?? 0;
    lines.push({
      rule: `${required.kind.replace("_", " ")}s this year`,
      target: `${required.perYear}`,
      actual: String(n),
      met: n >= required.perYear,
    });
  }
  if (model.cadenceDays) {
    lines.push({
      rule: `visited families contacted every ${model.cadenceDays} days`,
      target: "100%",
      actual: pct(data.kpis.onTrackShare),
      met: data.kpis.onTrackShare === null ? null : data.kpis.onTrackShare >= 1,
    });
  }
  if (model.evaluation?.required) {
    // HOME WORKS!: an evaluation form after each visit.
    const done = await ctx.deps.db
      .select({ n: count(), evaluated: count(visits.evaluation) })
      .from(visits)
      .where(and(eq(visits.schoolId, schoolId), eq(visits.schoolYear, year), eq(visits.status, "completed")));
    const { n, evaluated } = done[0] ?? { n: 0, evaluated: 0 };
    lines.push({
      rule: `${model.evaluation.name} after each visit`,
      target: "100%",
      actual: n === 0 ? null : `${evaluated} of ${n}`,
      met: n === 0 ? null : evaluated === n,
    });
  }
  if (model.requiredSurveys) {
    lines.push({ rule: "end-of-year surveys (families and educators)", target: "required", actual: null, met: null });
  }
  return { schoolId, programModel: key, schoolYear: year, lines };
}
