import { and, eq } from "drizzle-orm";
import { studentEducators, students, visitEducators, visitStudents } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { AppError, ConflictError } from "../../errors";
import { requireVisitInScope } from "../queries";
import { tellPair } from "./tell-pair";

/**
 * "Join that visit": one household, one visit per round — so when a sibling's teacher tries
 * to invite a family that already has a visit, they join it instead, as another partner. They
 * attest their own participation afterwards and count among the educators who visited; their
 * students in the household are on the visit; the pair is told by email (with the calendar
 * file when the time is set, so the newcomer gets it too). Only a visit still ahead can be
 * joined: adding someone to a visit that already happened would rewrite the record.
 */
export async function joinVisit(ctx: ServiceContext, visitId: string): Promise<{ familyId: string; joined: boolean }> {
  const { actor } = ctx;
  if (actor.type !== "educator") throw new AppError("forbidden", "Only an educator who teaches a child can join");
  const { visit } = await requireVisitInScope(ctx, visitId);
  if (visit.status !== "invited" && visit.status !== "scheduled") {
    throw new ConflictError(`This visit is ${visit.status}; only an upcoming visit can be joined`, {
      visit: `is ${visit.status}`,
    });
  }
  const { db } = ctx.deps;
  const mine = await db
    .selectDistinct({ id: students.id, firstName: students.firstName })
    .from(students)
    .innerJoin(studentEducators, eq(studentEducators.studentId, students.id))
    .where(
      and(
        eq(students.familyId, visit.familyId),
        eq(students.active, true),
        eq(studentEducators.educatorId, actor.educatorId),
        eq(studentEducators.schoolYear, visit.schoolYear),
      ),
    );
  if (mine.length === 0) {
    throw new AppError("forbidden", "You do not teach a child in this household this school year");
  }
  const added = await db
    .insert(visitEducators)
    .values({ visitId, educatorId: actor.educatorId, role: "partner" })
    .onConflictDoNothing()
    .returning({ educatorId: visitEducators.educatorId });
  await db
    .insert(visitStudents)
    .values(mine.map((s) => ({ visitId, studentId: s.id })))
    .onConflictDoNothing();
  // Already on the visit (joined before, or one of the pair): nothing to tell anyone.
  if (added.length === 0) return { familyId: visit.familyId, joined: false };
  const names = mine.map((s) => s.firstName).join(" and ");
  await tellPair(
    ctx,
    visitId,
    `${actor.name} (${names}'s teacher) joins this visit`,
    visit.status === "scheduled" ? "attach-ics" : null,
  );
  return { familyId: visit.familyId, joined: true };
}
