import { and, asc, eq, ne } from "drizzle-orm";
import { educators, schools, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { checkPairTraining, PROGRAM_MODELS, type ProgramModelKey } from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import { loadTrainingRecords } from "../fidelity/load-training-records";
import { getFamily } from "../get-family";

/** What the invitation form offers: partners from the school, the model's rounds and places. */
export async function invitationFormOptions(ctx: ServiceContext, familyId: string) {
  const family = await getFamily(ctx, familyId);
  const { db, clock } = ctx.deps;
  const [school] = await db.select().from(schools).where(eq(schools.id, family.schoolId));
  const model = PROGRAM_MODELS[school!.programModel as ProgramModelKey];
  const self = ctx.actor.type === "educator" ? ctx.actor.educatorId : "";
  const people = await db
    .select({ id: educators.id, name: educators.name, languages: educators.languages })
    .from(educators)
    .where(and(eq(educators.schoolId, school!.id), eq(educators.active, true), ne(educators.id, self)))
    .orderBy(asc(educators.name));
  // The model's training rule, this school year: the form marks who cannot partner yet.
  const key = school!.programModel as ProgramModelKey;
  const year = schoolYearOf(clock.now(), school!.timezone);
  const records = await loadTrainingRecords(
    db,
    key,
    people.map((p) => p.id),
    year,
  );
  const partners = people.map((p, i) => ({ ...p, trained: checkPairTraining(key, [records[i]!]).length === 0 }));
  const thisYear = await db
    .select({ id: visits.id, round: visits.round, status: visits.status, startsAt: visits.startsAt })
    .from(visits)
    .where(and(eq(visits.familyId, family.id), eq(visits.schoolYear, schoolYearOf(clock.now(), school!.timezone))));
  return { family, school: school!, model, partners, thisYear };
}
