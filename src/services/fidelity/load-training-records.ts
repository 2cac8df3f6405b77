import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { educators, trainingAttendance, trainings } from "../../../db/schema";
import { PROGRAM_MODELS, type ProgramModelKey, type TrainingRecord } from "../../domain/program-models";

/**
 * Each educator's count of the model's training kinds, ever and in `schoolYear` — what
 * `checkPairTraining` needs. Educators with no training come back with zeros.
 */
export async function loadTrainingRecords(
  db: Db,
  model: ProgramModelKey,
  educatorIds: readonly string[],
  schoolYear: string,
): Promise<TrainingRecord[]> {
  const rule = PROGRAM_MODELS[model].training;
  if (educatorIds.length === 0) return [];
  const [people, attended] = await Promise.all([
    db
      .select({ id: educators.id, name: educators.name })
      .from(educators)
      .where(inArray(educators.id, [...educatorIds])),
    rule
      ? db
          .select({
            educatorId: trainingAttendance.educatorId,
            schoolYear: trainings.schoolYear,
            beforeDoorstep: trainings.beforeDoorstep,
          })
          .from(trainingAttendance)
          .innerJoin(trainings, eq(trainings.id, trainingAttendance.trainingId))
          .where(
            and(inArray(trainingAttendance.educatorId, [...educatorIds]), inArray(trainings.kind, [...rule.kinds])),
          )
      : Promise.resolve([]),
  ]);
  return educatorIds.map((id) => {
    const mine = attended.filter((a) => a.educatorId === id);
    return {
      educatorId: id,
      name: people.find((p) => p.id === id)?.name ?? id,
      ever: mine.length,
      thisYear: mine.filter((a) => a.schoolYear === schoolYear).length,
      beforeDoorstepThisYear: mine.some((a) => a.beforeDoorstep && a.schoolYear === schoolYear),
    };
  });
}
