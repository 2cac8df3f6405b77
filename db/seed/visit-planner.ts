import { schoolYearOf } from "../../src/domain/school-year";
import type { visitEducators, visitSlots, visitStudents, visits } from "../schema";
import { addMs, DAY_MS, HOUR_MS, MINUTE_MS, type SeedContext } from "./context";
import type { DemoFamily } from "./households";
import { fillPhrase } from "./phrases";
import {
  CANCEL_REASONS,
  DECLINE_REASON,
  HOPES_AND_DREAMS,
  NEUTRAL_PLACES,
  NO_SHOW_REASON,
  RESOURCE_REQUESTS,
} from "./visit-notes";
import { VisitClock } from "./visit-times";

/** The messages that arranged one visit. */
export type SchedulingThread = {
  visitId: string;
  inviteAt: Date;
  reply: { kind: "accept" | "decline"; at: Date } | null;
  confirmAt: Date | null;
  reminderAt: Date | null;
};

export type VisitRows = {
  visits: (typeof visits.$inferInsert)[];
  visitEducators: (typeof visitEducators.$inferInsert)[];
  visitStudents: (typeof visitStudents.$inferInsert)[];
  visitSlots: (typeof visitSlots.$inferInsert)[];
};

export type Pair = { lead: string; partner: string };
type VisitFields = Omit<
  typeof visits.$inferInsert,
  "id" | "familyId" | "schoolId" | "schoolYear" | "createdByEducatorId"
>;

/** Writes one household's visits; every time is chosen on the school's local calendar. */
export class VisitPlanner {
  readonly pair: Pair;
  private readonly tz: string;
  private readonly clock: VisitClock;

  constructor(
    readonly ctx: SeedContext,
    private readonly rows: VisitRows,
    readonly family: DemoFamily,
  ) {
    this.tz = family.school.timezone;
    this.clock = new VisitClock(ctx, this.tz);
    this.pair = choosePair(ctx, family);
  }

  completed(daysAgo: number) {
    const { rng } = this.ctx;
    const school = this.family.school;
    const inviteOffset = -(daysAgo + rng.int(6, 10));
    const inviteAt = this.clock.sendTime(inviteOffset);
    const acceptAt = this.clock.replyAfter(inviteAt);
    const times = this.clock.proposeTimes(-daysAgo, inviteOffset + 3);
    const startsAt = times[0]!;
    const durationMinutes = rng.int(30, 45);
    const completedAt = addMs(startsAt, (durationMinutes + rng.int(10, 90)) * MINUTE_MS);
    const cadenceDays = school.programModel === "hvp" ? 42 : rng.pick([14, 30]);
    const child = rng.pick(this.family.children);
    const visitId = this.add(
      {
        round: 1,
        status: "completed",
        startsAt,
        durationMinutes,
        ...this.location(),
        interpreterLanguage: this.needsInterpreter() ? this.family.language : null,
        privateNotes: fillPhrase(rng.pick(HOPES_AND_DREAMS), child),
        planChannel: this.family.channel === "email" ? "email" : rng.chance(0.8) ? "sms" : "call",
        planCadenceDays: cadenceDays,
        resourceRequests: rng.chance(0.15) ? rng.pick(RESOURCE_REQUESTS) : null,
        completedAt,
        createdAt: inviteAt,
        updatedAt: completedAt,
      },
      { at: completedAt, minutes: durationMinutes + rng.int(20, 50) },
    );
    this.slots(visitId, inviteAt, times, acceptAt);
    const confirmAt = addMs(acceptAt, rng.int(5, 45) * MINUTE_MS);
    const thread: SchedulingThread = {
      visitId,
      inviteAt,
      reply: { kind: "accept", at: acceptAt },
      confirmAt,
      reminderAt: addMs(startsAt, -DAY_MS),
    };
    return { thread, completedAt, cadenceDays };
  }

  /** An invitation still waiting for an answer, or one answered with a time in the future. */
  open(round: 1 | 2, status: "invited" | "scheduled"): SchedulingThread {
    const { rng } = this.ctx;
    const inviteAt = this.clock.sendTime(-(status === "invited" ? rng.int(1, 6) : rng.int(3, 10)));
    const times = this.clock.proposeTimes(status === "invited" ? rng.int(3, 14) : rng.int(2, 16), 1);
    if (status === "invited") {
      const visitId = this.add({ round, status, createdAt: inviteAt, updatedAt: inviteAt, ...this.location() });
      this.slots(visitId, inviteAt, times, null);
      return { visitId, inviteAt, reply: null, confirmAt: null, reminderAt: null };
    }
    const acceptAt = this.clock.replyAfter(inviteAt);
    const visitId = this.add({
      round,
      status,
      startsAt: times[0]!,
      durationMinutes: rng.int(30, 45),
      ...this.location(),
      interpreterLanguage: this.needsInterpreter() ? this.family.language : null,
      createdAt: inviteAt,
      updatedAt: acceptAt,
    });
    this.slots(visitId, inviteAt, times, acceptAt);
    const confirmAt = addMs(acceptAt, rng.int(5, 45) * MINUTE_MS);
    return { visitId, inviteAt, reply: { kind: "accept", at: acceptAt }, confirmAt, reminderAt: null };
  }

  /** A "no" is recorded and respected: no slot is chosen and nobody asks again. */
  declined(): SchedulingThread {
    const { rng } = this.ctx;
    const inviteOffset = -rng.int(8, 50);
    const inviteAt = this.clock.sendTime(inviteOffset);
    const declineAt = this.clock.replyAfter(inviteAt);
    const times = this.clock.proposeTimes(inviteOffset + rng.int(4, 10), inviteOffset + 3);
    const visitId = this.add({
      round: 1,
      status: "declined",
      statusReason: DECLINE_REASON,
      createdAt: inviteAt,
      updatedAt: declineAt,
    });
    this.slots(visitId, inviteAt, times, null);
    return { visitId, inviteAt, reply: { kind: "decline", at: declineAt }, confirmAt: null, reminderAt: null };
  }

  /** A visit that was arranged for `startsDaysAgo` and then cancelled or missed. */
  failed(status: "cancelled" | "no_show", startsDaysAgo: number): void {
    const { rng } = this.ctx;
    const inviteOffset = -(startsDaysAgo + rng.int(6, 10));
    const inviteAt = this.clock.sendTime(inviteOffset);
    const acceptAt = this.clock.replyAfter(inviteAt);
    const times = this.clock.proposeTimes(-startsDaysAgo, inviteOffset + 3);
    const startsAt = times[0]!;
    const endedAt =
      status === "no_show"
        ? addMs(startsAt, rng.int(20, 60) * MINUTE_MS)
        : new Date(Math.max(acceptAt.getTime() + 2 * HOUR_MS, startsAt.getTime() - rng.int(18, 30) * HOUR_MS));
    const visitId = this.add({
      round: 1,
      status,
      startsAt,
      durationMinutes: rng.int(30, 45),
      ...this.location(),
      statusReason: status === "no_show" ? NO_SHOW_REASON : rng.pick(CANCEL_REASONS),
      createdAt: inviteAt,
      updatedAt: endedAt,
    });
    this.slots(visitId, inviteAt, times, acceptAt);
  }

  private add(fields: VisitFields, attested?: { at: Date; minutes: number }): string {
    const { family, pair } = this;
    const id = this.ctx.id("vis", fields.createdAt!);
    // The school year is the one the visit happens in (or, before a time is set, was arranged in).
    const schoolYear = schoolYearOf(fields.startsAt ?? fields.createdAt!, this.tz);
    this.rows.visits.push({
      id,
      familyId: family.id,
      schoolId: family.school.id,
      schoolYear,
      createdByEducatorId: pair.lead,
      ...fields,
    });
    for (const [educatorId, role] of [
      [pair.lead, "lead"],
      [pair.partner, "partner"],
    ] as const) {
      this.rows.visitEducators.push({
        visitId: id,
        educatorId,
        role,
        attestedAt: attested?.at ?? null,
        minutesSpent: attested?.minutes ?? null,
      });
    }
    // One combined visit covers every child in the household.
    for (const child of family.children) this.rows.visitStudents.push({ visitId: id, studentId: child.id });
    return id;
  }

  /** Slots are numbered in time order; when one was chosen it is `times[0]`. */
  private slots(visitId: string, proposedAt: Date, times: Date[], chosenAt: Date | null) {
    const chosen = times[0]!.getTime();
    const ordered = [...times].sort((a, b) => a.getTime() - b.getTime());
    ordered.forEach((startsAt, i) => {
      const picked = chosenAt !== null && startsAt.getTime() === chosen;
      this.rows.visitSlots.push({
        id: this.ctx.id("slt", proposedAt),
        visitId,
        position: i + 1,
        startsAt,
        chosenAt: picked ? chosenAt : null,
        createdAt: proposedAt,
        updatedAt: picked ? chosenAt : proposedAt,
      });
    });
  }

  /** HVP visits must be in the home; PTHV families may prefer a neutral place. */
  private location() {
    const { rng } = this.ctx;
    if (this.family.school.programModel === "hvp" || !rng.chance(0.2)) return { location: "home" as const };
    return { location: "neutral" as const, locationNote: rng.pick(NEUTRAL_PLACES) };
  }

  /** Never the student: an adult interpreter comes when neither educator speaks the language. */
  private needsInterpreter(): boolean {
    const speakers = this.family.school.teachers.filter((t) => t.id === this.pair.lead || t.id === this.pair.partner);
    return this.family.language !== "en" && !speakers.some((t) => t.languages.includes(this.family.language));
  }
}

/**
 * Visits go in pairs. The lead is the eldest child's teacher; the partner is a sibling's
 * teacher when there is one (one combined visit, coordinated across teachers), else a
 * colleague who speaks the family's language, else any colleague.
 */
function choosePair(ctx: SeedContext, family: DemoFamily): Pair {
  const lead = family.children[0]!.teacherId;
  const siblingTeacher = family.children.find((c) => c.teacherId !== lead)?.teacherId;
  if (siblingTeacher) return { lead, partner: siblingTeacher };
  const others = family.school.teachers.filter((t) => t.id !== lead);
  const speakers = others.filter((t) => t.languages.includes(family.language) && family.language !== "en");
  return { lead, partner: ctx.rng.pick(speakers.length > 0 ? speakers : others).id };
}
