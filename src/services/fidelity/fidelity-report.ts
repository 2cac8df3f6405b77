import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import {
  educatorCommitments,
  educators,
  eventInvitations,
  events,
  siteCoordinators,
  trainingAttendance,
  trainings,
  visitEducators,
  visitStudents,
  visits,
} from "../../../db/schema";
import type { ServiceContext } from "../../context";
import {
  type Commitment,
  checkPairTraining,
  commitmentShare,
  PROGRAM_MODELS,
  type ProgramModelKey,
} from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import { schoolDashboard } from "../cadence";
import { requireSchoolInScope } from "../queries";
import { surveyResponseRates } from "../surveys";

export type FidelityLine = { rule: string; target: string; actual: string | null; met: boolean | null };
export type PairReflection = {
  educatorIds: [string, string];
  names: string;
  visits: number;
  reflected: number;
  rate: number | null;
};

/** Each of the school's program-model targets beside what actually happened this school year. */
export async function fidelityReport(ctx: ServiceContext, schoolId: string) {
  const school = await requireSchoolInScope(ctx, schoolId);
  const key = school.programModel;
  const model = PROGRAM_MODELS[key];
  const data = await schoolDashboard(ctx, schoolId);
  const { db } = ctx.deps;
  const year = schoolYearOf(ctx.deps.clock.now(), school.timezone);
  const lines: FidelityLine[] = [];
  const pct = (v: number | null) => (v === null ? null : `${Math.round(v * 100)}%`);
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

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

  const staff = await db
    .select({
      id: educators.id,
      name: educators.name,
      role: educators.role,
      commitment: educatorCommitments.commitment,
    })
    .from(educators)
    .leftJoin(
      educatorCommitments,
      and(eq(educatorCommitments.educatorId, educators.id), eq(educatorCommitments.schoolYear, year)),
    )
    .where(and(eq(educators.schoolId, schoolId), eq(educators.active, true), ne(educators.role, "district_admin")));

  if (model.commitment) {
    // PTHV: ≥ 50 % of staff support (agreed or supports); HOME WORKS!: ≥ 50 % of classroom teachers agree.
    const c = commitmentShare(
      key,
      staff.map((s) => ({ role: s.role, commitment: (s.commitment ?? null) as Commitment | null })),
    )!;
    lines.push({
      rule:
        model.commitment.of === "staff"
          ? "staff who support home visits (agreed or supports)"
          : "classroom teachers who agreed to take part",
      target: `≥ ${pct(model.commitment.share)}`,
      actual: c.share === null ? null : `${pct(c.share)} (${c.committed} of ${c.counted})`,
      met: c.share === null ? null : c.share >= model.commitment.share,
    });
  }

  if (model.training) {
    const records = await trainingCounts(
      ctx,
      key,
      schoolId,
      year,
      staff.map((s) => ({ id: s.id, name: s.name })),
    );
    const passing = records.filter((r) => checkPairTraining(key, [r]).length === 0);
    const trained = passing.length;
    // Said beside the share, so a coordinator sees how much of it is carried over, not recorded.
    const carried = passing.filter((r) => r.beforeDoorstep).length;
    const wanted =
      model.training.perYear !== undefined
        ? `${model.training.perYear} ${model.training.kinds.join("/")} trainings this year`
        : `a ${model.training.kinds.join(" or ")} training`;
    lines.push({
      rule: `educators trained (${wanted})`,
      target: "100%",
      actual:
        staff.length === 0
          ? null
          : `${pct(share(trained, staff.length))} (${trained} of ${staff.length}${carried > 0 ? `; ${carried} trained before Doorstep` : ""})`,
      met: staff.length === 0 ? null : trained === staff.length,
    });
  }

  if (model.siteCoordinators !== null) {
    const [row] = await db.select({ n: count() }).from(siteCoordinators).where(eq(siteCoordinators.schoolId, schoolId));
    const n = row?.n ?? 0;
    lines.push({
      rule: "site coordinators",
      target: String(model.siteCoordinators),
      actual: String(n),
      met: n >= model.siteCoordinators,
    });
  }

  if (model.rounds.some((r) => r.round === 2 && !r.optional)) {
    // HOME WORKS! 2+2: two visits per student — of the students visited in round 1, how many in round 2 too.
    const visitedIn = async (round: number) =>
      db
        .selectDistinct({ studentId: visitStudents.studentId })
        .from(visitStudents)
        .innerJoin(visits, eq(visits.id, visitStudents.visitId))
        .where(
          and(
            eq(visits.schoolId, schoolId),
            eq(visits.schoolYear, year),
            eq(visits.status, "completed"),
            eq(visits.round, round),
          ),
        );
    const [first, second] = await Promise.all([visitedIn(1), visitedIn(2)]);
    const firstIds = new Set(first.map((r) => r.studentId));
    const both = second.filter((r) => firstIds.has(r.studentId)).length;
    lines.push({
      rule: "students visited twice (round 2 of those visited in round 1)",
      target: "100%",
      actual: firstIds.size === 0 ? null : `${pct(both / firstIds.size)} (${both} of ${firstIds.size})`,
      met: firstIds.size === 0 ? null : both === firstIds.size,
    });
  }

  for (const required of model.requiredEvents) {
    const [row] = await db
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
    if (required.kind === "team_meeting" || required.kind === "conference") {
      // PTLT: each *family* attends 3 team meetings and 1 conference — counted per family from
      // the attendance checklist, over the families invited to any event of that kind.
      const perFamily = await db
        .select({
          familyId: eventInvitations.familyId,
          // A conference counts when the checklist says so or the family's booked slot was attended.
          attended: sql<number>`sum(${eventInvitations.attended} = 1 or exists (select 1 from conference_slots cs where cs.event_id = ${events.id} and cs.family_id = ${eventInvitations.familyId} and cs.attended = 1))`,
        })
        .from(eventInvitations)
        .innerJoin(events, eq(events.id, eventInvitations.eventId))
        .where(and(eq(events.schoolId, schoolId), eq(events.schoolYear, year), eq(events.kind, required.kind)))
        .groupBy(eventInvitations.familyId);
      const reached = perFamily.filter((f) => Number(f.attended ?? 0) >= required.perYear).length;
      lines.push({
        rule: `families who attended ${required.perYear} ${required.kind.replace("_", " ")}${required.perYear === 1 ? "" : "s"}`,
        target: "100%",
        actual:
          perFamily.length === 0 ? null : `${pct(reached / perFamily.length)} (${reached} of ${perFamily.length})`,
        met: perFamily.length === 0 ? null : reached === perFamily.length,
      });
    }
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
    const done = await db
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

  const pairs = await pairReflections(ctx, schoolId, year);
  if (model.pairReflection) {
    // PTHV: "educators go in pairs and reflect" — a visit counts when both of the pair reflected.
    const visitsN = pairs.reduce((s, p) => s + p.visits, 0);
    const reflected = pairs.reduce((s, p) => s + p.reflected, 0);
    lines.push({
      rule: "visits where both educators reflected",
      target: "100%",
      actual: visitsN === 0 ? null : `${pct(reflected / visitsN)} (${reflected} of ${visitsN})`,
      met: visitsN === 0 ? null : reflected === visitsN,
    });
  }
  // The school is in scope (requireSchoolInScope above); the rates are counts only.
  const surveys = await surveyResponseRates(ctx, { schoolId, schoolYear: year });
  if (model.requiredSurveys) {
    // HVP: the end-of-year family and educator surveys are a required component; each is met
    // once it has been sent and answered (the response rate is the measure, not a target).
    for (const audience of ["families", "educators"] as const) {
      const sent = surveys.filter((s) => s.audience === audience && s.recipients > 0);
      const asked = sent.reduce((n, s) => n + s.recipients, 0);
      const answered = sent.reduce((n, s) => n + s.responded, 0);
      lines.push({
        rule: `end-of-year ${audience === "families" ? "family" : "educator"} survey`,
        target: "required",
        actual: asked > 0 ? `${answered} of ${asked} responded (${Math.round((answered / asked) * 100)} %)` : null,
        met: asked > 0 ? answered > 0 : false,
      });
    }
  }
  return { schoolId, programModel: key, schoolYear: year, lines, pairs, surveys };
}

async function trainingCounts(
  ctx: ServiceContext,
  model: ProgramModelKey,
  schoolId: string,
  year: string,
  staff: { id: string; name: string }[],
) {
  const rule = PROGRAM_MODELS[model].training;
  if (!rule || staff.length === 0) return [];
  const attended = await ctx.deps.db
    .select({
      educatorId: trainingAttendance.educatorId,
      schoolYear: trainings.schoolYear,
      beforeDoorstep: trainings.beforeDoorstep,
    })
    .from(trainingAttendance)
    .innerJoin(trainings, eq(trainings.id, trainingAttendance.trainingId))
    .where(and(eq(trainings.schoolId, schoolId), inArray(trainings.kind, [...rule.kinds])));
  return staff.map((s) => {
    const mine = attended.filter((a) => a.educatorId === s.id);
    return {
      educatorId: s.id,
      name: s.name,
      ever: mine.length,
      thisYear: mine.filter((a) => a.schoolYear === year).length,
      beforeDoorstepThisYear: mine.some((a) => a.beforeDoorstep && a.schoolYear === year),
      beforeDoorstep: mine.some((a) => a.beforeDoorstep),
    };
  });
}

/** Completed visits this year per pair (lead + partner) and how many both of them reflected on. */
async function pairReflections(ctx: ServiceContext, schoolId: string, year: string): Promise<PairReflection[]> {
  const seats = await ctx.deps.db
    .select({
      visitId: visitEducators.visitId,
      educatorId: visitEducators.educatorId,
      name: educators.name,
      role: visitEducators.role,
      reflectedAt: visitEducators.reflectedAt,
    })
    .from(visitEducators)
    .innerJoin(visits, eq(visits.id, visitEducators.visitId))
    .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
    .where(and(eq(visits.schoolId, schoolId), eq(visits.schoolYear, year), eq(visits.status, "completed")));
  const byPair = new Map<string, PairReflection>();
  for (const seatsOfVisit of Map.groupBy(seats, (s) => s.visitId).values()) {
    const lead = seatsOfVisit.find((s) => s.role === "lead");
    const partner = seatsOfVisit.find((s) => s.role === "partner");
    if (!lead || !partner) continue;
    const ids = [lead.educatorId, partner.educatorId].sort() as [string, string];
    const key = ids.join(" ");
    const pair = byPair.get(key) ?? {
      educatorIds: ids,
      names: [lead.name, partner.name].sort().join(" & "),
      visits: 0,
      reflected: 0,
      rate: null,
    };
    pair.visits += 1;
    if (lead.reflectedAt && partner.reflectedAt) pair.reflected += 1;
    pair.rate = pair.reflected / pair.visits;
    byPair.set(key, pair);
  }
  return [...byPair.values()].sort((a, b) => a.names.localeCompare(b.names));
}
