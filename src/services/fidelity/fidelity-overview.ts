import { and, desc, eq, ne } from "drizzle-orm";
import { educatorCommitments, educators, siteCoordinators, trainingAttendance, trainings } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { schoolYearOf } from "../../domain/school-year";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";
import { fidelityReport } from "./fidelity-report";

/**
 * What the coordinators' fidelity page shows: the report, the school's trainings with who
 * attended, and each educator's commitment, trainings this year and site-coordinator seat.
 */
export async function fidelityOverview(ctx: ServiceContext, schoolId: string) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see the fidelity page");
  const school = await requireSchoolInScope(ctx, schoolId);
  const { db } = ctx.deps;
  const year = schoolYearOf(ctx.deps.clock.now(), school.timezone);
  const [report, staff, held, attended, coordinators] = await Promise.all([
    fidelityReport(ctx, schoolId),
    db
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
      .where(and(eq(educators.schoolId, schoolId), eq(educators.active, true), ne(educators.role, "district_admin")))
      .orderBy(educators.name),
    db.select().from(trainings).where(eq(trainings.schoolId, schoolId)).orderBy(desc(trainings.heldOn)),
    db
      .select({ trainingId: trainingAttendance.trainingId, educatorId: trainingAttendance.educatorId })
      .from(trainingAttendance)
      .innerJoin(trainings, eq(trainings.id, trainingAttendance.trainingId))
      .where(eq(trainings.schoolId, schoolId)),
    db.select().from(siteCoordinators).where(eq(siteCoordinators.schoolId, schoolId)),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return {
    school,
    report,
    trainings: held.map((tr) => ({
      ...tr,
      attendees: attended.filter((a) => a.trainingId === tr.id).map((a) => names.get(a.educatorId) ?? a.educatorId),
    })),
    staff: staff.map((s) => ({
      ...s,
      trainingsThisYear: attended.filter(
        (a) => a.educatorId === s.id && held.find((h) => h.id === a.trainingId)?.schoolYear === year,
      ).length,
      trainingsEver: attended.filter((a) => a.educatorId === s.id).length,
      siteCoordinator: coordinators.some((c) => c.educatorId === s.id),
    })),
  };
}
