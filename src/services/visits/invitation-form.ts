import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { educators, schools, visitEducators, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ROUND_HOLDING_VISIT_STATUSES } from "../../domain/enums";
import { instantToWallTime } from "../../domain/local-time";
import { checkPairTraining, PROGRAM_MODELS } from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import { getFamily } from "../families";
import { loadTrainingRecords } from "../fidelity";

/** What the invitation form offers: partners from the school, the model's rounds and places. */
export async function invitationFormOptions(ctx: ServiceContext, familyId: string) {
  const family = await getFamily(ctx, familyId);
  const { db, clock } = ctx.deps;
  const [school] = await db.select().from(schools).where(eq(schools.id, family.schoolId));
  const model = PROGRAM_MODELS[school!.programModel];
  const self = ctx.actor.type === "educator" ? ctx.actor.educatorId : "";
  const people = await db
    .select({ id: educators.id, name: educators.name, languages: educators.languages })
    .from(educators)
    .where(and(eq(educators.schoolId, school!.id), eq(educators.active, true), ne(educators.id, self)))
    .orderBy(asc(educators.name));
  const schoolYear = schoolYearOf(clock.now(), school!.timezone);
  // The model's training rule, this school year: the form marks who cannot partner yet.
  const key = school!.programModel;
  const records = await loadTrainingRecords(
    db,
    key,
    people.map((p) => p.id),
    schoolYear,
  );
  const partners = people.map((p, i) => ({ ...p, trained: checkPairTraining(key, [records[i]!]).length === 0 }));
  const thisYear = await db
    .select({ id: visits.id, round: visits.round, status: visits.status, startsAt: visits.startsAt })
    .from(visits)
    .where(and(eq(visits.familyId, family.id), eq(visits.schoolYear, schoolYear)));
  const mine = thisYear.length
    ? await db
        .select({ visitId: visitEducators.visitId })
        .from(visitEducators)
        .where(
          and(
            inArray(
              visitEducators.visitId,
              thisYear.map((v) => v.id),
            ),
            eq(visitEducators.educatorId, self),
          ),
        )
    : [];
  // Each round this year, open or not — what Send would refuse is refused before any typing:
  // a round held by a visit still ahead can be joined (by someone not already on it); a done
  // or declined one is only named.
  const rounds = model.rounds.map((r) => {
    const held = thisYear.find(
      (v) => v.round === r.round && (ROUND_HOLDING_VISIT_STATUSES as readonly string[]).includes(v.status),
    );
    const declined = thisYear.find((v) => v.round === r.round && v.status === "declined");
    const taken = held ?? declined;
    return {
      ...r,
      open: !taken,
      takenBy: taken
        ? {
            visitId: taken.id,
            status: taken.status,
            joinable: held !== undefined && held.status !== "completed" && !mine.some((m) => m.visitId === held.id),
          }
        : null,
    };
  });
  const startYear = Number(schoolYear.slice(0, 4));
  return {
    family,
    school: school!,
    model,
    partners,
    thisYear,
    rounds,
    nextOpenRound: rounds.find((r) => r.open)?.round ?? null,
    schoolYear,
    // The time inputs' bounds, on the family's clock: from now to the end of the school year.
    earliest: instantToWallTime(clock.now(), family.timezone),
    latest: `${startYear + 1}-06-30T23:59`,
  };
}
